#include "config/yaml/timetable_edit.h"

#include <algorithm>
#include <string_view>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace schoolgate::config::yaml {

namespace {

using Edited = Result<TimetableEdited, std::string>;

// The comment lines (and blank lines) before the first line of YAML: the file's header, kept.
std::string header_of(const std::string& text) {
    std::istringstream in{text};
    std::string header;
    std::string line;
    while (std::getline(in, line)) {
        const auto first = line.find_first_not_of(" \t");
        if (first != std::string::npos && line[first] != '#') break;
        header += line + "\n";
    }
    return header;
}

TimetableItem item_of(const YAML::Node& node, const std::string& section) {
    TimetableItem item;
    if (!node.IsMap()) return item;
    for (const auto& key : timetable_item_keys(section)) {
        if (node[key].IsDefined() && node[key].IsScalar()) item[key] = node[key].Scalar();
    }
    return item;
}

// The list the edit is about, and the key path the compiler names its items by.
Result<std::pair<YAML::Node, std::string>, std::string> list_of(YAML::Node timetable, const TimetableItemEdit& edit) {
    using Found = Result<std::pair<YAML::Node, std::string>, std::string>;
    const std::string& s = edit.section;
    if (s == "terms" || s == "closures" || s == "special_days") {
        if (!timetable[s].IsDefined() || timetable[s].IsNull()) timetable[s] = YAML::Node{YAML::NodeType::Sequence};
        return Found::success({timetable[s], "timetable." + s});
    }
    if (s == "half_terms") {
        YAML::Node terms = timetable["terms"];
        if (!terms.IsSequence() || edit.term >= terms.size()) return Found::failure("there is no term " + std::to_string(edit.term + 1));
        YAML::Node term = terms[edit.term];
        if (!term["half_terms"].IsDefined()) term["half_terms"] = YAML::Node{YAML::NodeType::Sequence};
        return Found::success({term["half_terms"], "timetable.terms[" + std::to_string(edit.term) + "].half_terms"});
    }
    if (s == "periods") {
        YAML::Node days = timetable["days"];
        if (!days.IsMap() || !days[edit.day].IsSequence()) return Found::failure("there is no day schedule '" + edit.day + "'");
        return Found::success({days[edit.day], "timetable.days." + edit.day});
    }
    return Found::failure("there is no timetable section '" + s + "'");
}

Result<YAML::Node, std::string> item_node(const TimetableItemEdit& edit, const std::vector<std::string>& keys) {
    using Made = Result<YAML::Node, std::string>;
    YAML::Node item{YAML::NodeType::Map};
    item.SetStyle(YAML::EmitterStyle::Flow);
    for (const auto& [key, value] : edit.fields) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) return Made::failure("'" + key + "' is not a key of " + edit.section);
    }
    for (const auto& key : keys) {  // the form's order, so the file reads as it was written
        for (const auto& [field, value] : edit.fields) {
            if (field == key && !value.empty()) item[key] = value;
        }
    }
    return Made::success(item);
}

// A time of day as the timetable writes it: "9:00", "12:30" (the whole scalar, never part of a name).
bool time_of_day(const std::string& text) {
    const auto colon = text.find(':');
    const auto digits = [](std::string_view s) { return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }); };
    return (colon == 1 || colon == 2) && text.size() == colon + 3 && digits(std::string_view{text}.substr(0, colon)) &&
           digits(std::string_view{text}.substr(colon + 1));
}

// yaml-cpp writes a time of day plain (start: 09:00), which YAML 1.1 readers (PyYAML) take for a number
// in base 60: each scalar that is a time is emitted double-quoted, as people write them in the policy;
// every other scalar (a name such as "Lunch: 12:30 break" included) as yaml-cpp would.
void emit_node(YAML::Emitter& out, const YAML::Node& node) {
    const bool flow = node.Style() == YAML::EmitterStyle::Flow;
    switch (node.Type()) {
        case YAML::NodeType::Map:
            out << (flow ? YAML::Flow : YAML::Block) << YAML::BeginMap;
            for (const auto& entry : node) {
                out << YAML::Key;
                emit_node(out, entry.first);
                out << YAML::Value;
                emit_node(out, entry.second);
            }
            out << YAML::EndMap;
            break;
        case YAML::NodeType::Sequence:
            out << (flow ? YAML::Flow : YAML::Block) << YAML::BeginSeq;
            for (const auto& item : node) emit_node(out, item);
            out << YAML::EndSeq;
            break;
        case YAML::NodeType::Scalar:
            if (time_of_day(node.Scalar())) out << YAML::DoubleQuoted;
            out << node.Scalar();
            break;
        default: out << YAML::Null;
    }
}

std::string emitted(const std::string& header, const YAML::Node& root) {
    YAML::Emitter out;
    emit_node(out, root);
    return header + std::string{out.c_str()} + "\n";
}

Edited apply(YAML::Node root, const std::string& header, const TimetableItemEdit& edit) {
    YAML::Node timetable = root["timetable"];
    if (!timetable.IsMap()) return Edited::failure("this is not a timetable file (it has no timetable: mapping)");
    auto found = list_of(timetable, edit);
    if (!found.ok()) return Edited::failure(found.error());
    auto [list, path] = found.value();
    if (!list.IsSequence()) return Edited::failure(path + " is not a list");
    const auto& keys = timetable_item_keys(edit.section);
    if (edit.index && *edit.index >= list.size()) return Edited::failure("there is no item " + std::to_string(*edit.index + 1) + " in " + path);
    TimetableEdited result;
    const std::size_t index = edit.index.value_or(list.size());
    result.path = path + "[" + std::to_string(index) + "]";
    if (edit.index) result.before = item_of(list[index], edit.section);
    if (edit.remove) {
        if (!edit.index) return Edited::failure("say which item to remove");
        list.remove(index);
    } else {
        auto made = item_node(edit, keys);
        if (!made.ok()) return Edited::failure(made.error());
        YAML::Node item = made.value();
        // A term keeps its half terms when its dates or name change.
        if (edit.index && edit.section == "terms" && list[index]["half_terms"].IsDefined()) {
            item["half_terms"] = list[index]["half_terms"];
        }
        if (edit.index) {
            list[index] = item;
        } else {
            list.push_back(item);
        }
        result.after = item_of(item, edit.section);
    }
    result.text = emitted(header, root);
    return Edited::success(std::move(result));
}

}  // namespace

const std::vector<std::string>& timetable_item_keys(const std::string& section) {
    static const std::map<std::string, std::vector<std::string>> keys{
        {"terms", {"name", "start", "end"}},
        {"half_terms", {"start", "end"}},
        {"closures", {"date", "until", "name", "kind"}},
        {"special_days", {"date", "day"}},
        {"periods", {"name", "start", "end", "kind"}},
    };
    static const std::vector<std::string> none;
    const auto found = keys.find(section);
    return found == keys.end() ? none : found->second;
}

Edited edit_timetable_text(const std::string& text, const TimetableItemEdit& edit) {
    try {
        return apply(YAML::Load(text), header_of(text), edit);
    } catch (const YAML::Exception& e) {
        return Edited::failure("the timetable file is not valid YAML (line " + std::to_string(e.mark.line + 1) + "): " + e.msg);
    }
}

}  // namespace schoolgate::config::yaml
