#include "config/yaml/exemptions_loader.h"

#include <filesystem>

#include "config/yaml/yaml_file.h"
#include "config/yaml/yaml_reader.h"

namespace schoolgate::config::yaml {

namespace {

using model::ExemptionSubjectKind;

constexpr std::pair<std::string_view, ExemptionSubjectKind> kSubjectKinds[] = {
    {"user", ExemptionSubjectKind::User},
    {"device", ExemptionSubjectKind::Device},
    {"role", ExemptionSubjectKind::Role},
    {"network", ExemptionSubjectKind::Network},
};

void read_subject(MapReader& reader, const YAML::Node& node, const std::string& path, const std::string& file,
                  model::ExemptionModel& exemption, ConfigErrors& errors) {
    const YAML::Node who = reader.get("who", true);
    if (!who.IsDefined()) return;
    MapReader subject{who, path + ".who", file, errors, {"user", "device", "role", "network"}};
    if (!subject.valid()) return;
    int named = 0;
    for (const auto& [key, kind] : kSubjectKinds) {
        if (auto value = subject.get_string(key)) {
            exemption.subject_kind = kind;
            exemption.subject = *value;
            ++named;
        }
    }
    if (named != 1) {
        errors.push_back(error_at(node["who"], file, path + ".who",
                                  "must name exactly one of user, device, role or network (e.g. who: {user: office})"));
    }
}

model::ExemptionModel read_exemption(const YAML::Node& node, const std::string& path, const std::string& file,
                                     ConfigErrors& errors) {
    MapReader reader{node, path, file, errors,
                     {"id", "who", "services", "from", "until", "periods", "reason", "approved_by", "created_by"}};
    model::ExemptionModel exemption;
    if (!reader.valid()) return exemption;
    const auto mark = reader.mark_of(node);
    exemption.file = file;
    exemption.line = mark.line;
    exemption.column = mark.column;
    exemption.id = reader.get_string("id", true).value_or("");
    read_subject(reader, node, path, file, exemption, errors);
    exemption.services = reader.get_string_list("services", true).value_or(std::vector<std::string>{});
    exemption.from_text = reader.get_string("from").value_or("");
    if (!node["until"].IsDefined()) {
        reader.error(node, path + ".until", "is missing: every exemption needs an end date (add until: 2027-07-31)");
    } else {
        exemption.until_text = reader.get_string("until").value_or("");
    }
    exemption.periods = reader.get_string_list("periods").value_or(std::vector<std::string>{});
    exemption.reason = reader.get_string("reason", true).value_or("");
    // A missing approver is reported when the policy is compiled, which knows this school's headteachers.
    exemption.approver_missing = !node["approved_by"].IsDefined();
    exemption.approved_by = reader.get_string("approved_by").value_or("");
    exemption.created_by = reader.get_string("created_by").value_or("");
    return exemption;
}

}  // namespace

void load_exemptions(const std::string& path, std::vector<model::ExemptionModel>& out, ConfigErrors& errors) {
    const auto loaded =
        load_yaml_file(path, "cannot read the exemptions file (check the path in the policy's 'exemptions:')", errors);
    if (!loaded) return;
    try {
        const YAML::Node& root = *loaded;
        if (root.IsNull()) return;  // an empty file: no exemptions
        MapReader top{root, "", path, errors, {"exemptions"}};
        if (!top.valid()) return;
        const YAML::Node list = top.get("exemptions");
        if (!list.IsDefined() || list.IsNull()) return;
        if (!list.IsSequence()) {
            errors.push_back(error_at(list, path, "exemptions", "must be a list, each item starting with '- id:'"));
            return;
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            out.push_back(read_exemption(list[i], "exemptions[" + std::to_string(i) + "]", path, errors));
        }
    } catch (const YAML::Exception& e) {
        errors.push_back({path, e.mark.line + 1, e.mark.column + 1, "", e.msg + " (fix the YAML syntax here)"});
    }
}

std::string exemptions_to_yaml(const std::vector<model::ExemptionModel>& exemptions) {
    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "exemptions" << YAML::Value << YAML::BeginSeq;
    for (const auto& e : exemptions) {
        out << YAML::BeginMap;
        out << YAML::Key << "id" << YAML::Value << e.id;
        out << YAML::Key << "who" << YAML::Value << YAML::Flow << YAML::BeginMap;
        for (const auto& [key, kind] : kSubjectKinds) {
            if (kind == e.subject_kind) out << YAML::Key << std::string{key} << YAML::Value << e.subject;
        }
        out << YAML::EndMap;
        out << YAML::Key << "services" << YAML::Value << YAML::Flow << e.services;
        if (!e.from_text.empty()) out << YAML::Key << "from" << YAML::Value << e.from_text;
        out << YAML::Key << "until" << YAML::Value << e.until_text;
        if (!e.periods.empty()) out << YAML::Key << "periods" << YAML::Value << YAML::Flow << e.periods;
        out << YAML::Key << "reason" << YAML::Value << e.reason;
        out << YAML::Key << "approved_by" << YAML::Value << e.approved_by;
        if (!e.created_by.empty()) out << YAML::Key << "created_by" << YAML::Value << e.created_by;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
    return std::string{out.c_str()} + "\n";
}

}  // namespace schoolgate::config::yaml
