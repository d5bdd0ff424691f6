#include "tools/console/timetable_forms.h"

#include "config/timetable/timetable_types.h"
#include "config/yaml/timetable_edit.h"
#include "tools/console/html.h"

namespace schoolgate::tools::console {

namespace {

using config::timetable::Written;
using Values = std::vector<std::pair<std::string, std::string>>;

const char* label_of(const std::string& key) {
    static const std::map<std::string, const char*> labels{
        {"name", "Name"}, {"start", "Start"}, {"end", "End"},   {"date", "Date"},
        {"until", "Until (last day, optional)"}, {"kind", "Kind"}, {"day", "Day schedule"}};
    const auto found = labels.find(key);
    return found == labels.end() ? "Value" : found->second;
}

std::string hint_of(const std::string& section, const std::string& key) {
    if (key == "date" || key == "until" || ((key == "start" || key == "end") && section != "periods")) return "YYYY-MM-DD";
    if (key == "start" || key == "end") return "HH:MM, 24-hour";
    return "";
}

std::string dom_id(const ItemRef& item, const std::string& key) {
    std::string id = "tt-" + item.section + "-" + (item.section == "periods" ? item.day : std::to_string(item.term)) + "-" +
                     (item.index ? std::to_string(*item.index) : std::string{"new"}) + "-" + key;
    for (auto& c : id) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') c = '_';
    }
    return id;
}

std::vector<std::string> choices_of(const std::string& section, const std::string& key, const TimetableFile& file) {
    std::vector<std::string> out;
    if (section == "closures" && key == "kind") return {"inset", "closure"};
    if (section == "periods" && key == "kind") {
        for (const auto name : config::timetable::period_kind_names()) out.emplace_back(name);
    }
    if (section == "special_days" && key == "day" && file.model) {
        for (const auto& d : file.model->days) out.push_back(d.name.text);
    }
    return out;
}

std::string control(const std::string& id, const std::string& key, const std::string& value, const std::vector<std::string>& choices,
                    bool invalid) {
    const std::string aria = invalid ? " aria-invalid=\"true\" aria-describedby=\"" + id + "-error\"" : "";
    if (choices.empty()) {
        return "<input type=\"text\" id=\"" + id + "\" name=\"" + key + "\" value=\"" + esc(value) + "\"" + aria + ">";
    }
    std::string html = "<select id=\"" + id + "\" name=\"" + key + "\"" + aria + ">";
    bool found = false;
    for (const auto& c : choices) {
        found = found || c == value;
        html += "<option value=\"" + esc(c) + "\"" + (c == value ? " selected" : "") + ">" + esc(c) + "</option>";
    }
    // A value the choices do not hold (a mistake in the file) stays visible, for the compiler to name.
    if (!found && !value.empty()) html += "<option value=\"" + esc(value) + "\" selected>" + esc(value) + "</option>";
    return html + "</select>";
}

struct FormInput {
    ItemRef item;
    Values values;
    std::string title;  ///< for screen readers and the buttons: "term 2", "new closure"
};

std::string item_form(const TimetableRender& r, FormInput in) {
    const bool mine = r.submitted && r.submitted->item == in.item;
    std::string html = "<form method=\"post\" action=\"/timetable/edit\" class=\"item\" aria-label=\"" + esc(in.title) + "\">" +
                       csrf_field(r.caller) + "<input type=\"hidden\" name=\"digest\" value=\"" + esc(r.file.digest) + "\">" +
                       "<input type=\"hidden\" name=\"section\" value=\"" + esc(in.item.section) + "\">" +
                       "<input type=\"hidden\" name=\"index\" value=\"" + (in.item.index ? std::to_string(*in.item.index) : "") + "\">" +
                       "<input type=\"hidden\" name=\"term\" value=\"" + std::to_string(in.item.term) + "\">" +
                       "<input type=\"hidden\" name=\"day\" value=\"" + esc(in.item.day) + "\">";
    if (mine) {
        for (const auto& e : r.submitted->form_errors) html += "<p class=\"error field-error\" role=\"alert\">" + esc(e) + "</p>";
    }
    for (auto& [key, value] : in.values) {
        if (mine && r.submitted->values.count(key)) value = r.submitted->values.at(key);
        const auto id = dom_id(in.item, key);
        const auto* errors = mine && r.submitted->field_errors.count(key) ? &r.submitted->field_errors.at(key) : nullptr;
        html += "<div class=\"field\"><label for=\"" + id + "\">" + label_of(key) + "</label>" +
                control(id, key, value, choices_of(in.item.section, key, r.file), errors != nullptr);
        if (const auto hint = hint_of(in.item.section, key); !hint.empty()) html += "<span class=\"muted hint\">" + hint + "</span>";
        if (errors) {
            html += "<span class=\"error field-error\" id=\"" + id + "-error\" role=\"alert\">";
            for (const auto& e : *errors) html += esc(e) + " ";
            html += "</span>";
        }
        html += "</div>";
    }
    html += "<div class=\"field buttons\"><button type=\"submit\" name=\"op\" value=\"save\">" +
            std::string{in.item.index ? "Save " : "Add "} + esc(in.title) + "</button>";
    if (in.item.index) {
        html += " <button type=\"submit\" class=\"secondary\" name=\"op\" value=\"remove\">Remove " + esc(in.title) + "</button>";
    }
    return html + "</div></form>";
}

std::string read_row(const Values& values) {
    std::string html = "<tr>";
    for (const auto& [key, value] : values) html += "<td>" + esc(value.empty() ? "-" : value) + "</td>";
    return html + "</tr>";
}

std::string read_head(const Values& values) {
    std::string html = "<tr>";
    for (const auto& [key, value] : values) html += std::string{"<th scope=\"col\">"} + label_of(key) + "</th>";
    return html + "</tr>";
}

// A list of items: forms (one per item, then one to add) for an editor, a table for a reader.
std::string item_list(const TimetableRender& r, const ItemRef& base, const std::vector<Values>& rows, const std::string& noun,
                      const std::string& of = "") {
    if (!r.editable) {
        if (rows.empty()) return "<p class=\"muted\">None.</p>";
        std::string html = "<div class=\"scroll\"><table>" + read_head(rows.front());
        for (const auto& row : rows) html += read_row(row);
        return html + "</table></div>";
    }
    std::string html;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        ItemRef item = base;
        item.index = i;
        html += item_form(r, {item, rows[i], noun + " " + std::to_string(i + 1) + of});
    }
    Values empty;
    for (const auto& key : config::yaml::timetable_item_keys(base.section)) empty.emplace_back(key, "");
    return html + item_form(r, {base, empty, "new " + noun + of});
}

std::string text_of(const std::optional<Written>& w) { return w ? w->text : ""; }

std::string terms_section(const TimetableRender& r) {
    const auto& terms = r.file.model->terms;
    std::string html = "<section aria-labelledby=\"terms\"><h2 id=\"terms\">Terms and half terms</h2>";
    std::vector<Values> rows;
    for (const auto& t : terms) rows.push_back({{"name", t.name.text}, {"start", t.start.text}, {"end", t.end.text}});
    html += item_list(r, {"terms", std::nullopt, 0, ""}, rows, "term");
    for (std::size_t i = 0; i < terms.size(); ++i) {
        std::vector<Values> halves;
        for (const auto& h : terms[i].half_terms) halves.push_back({{"start", h.start.text}, {"end", h.end.text}});
        html += "<h3>Half terms of " + esc(terms[i].name.text) + " (" + esc(terms[i].start.text) + " to " + esc(terms[i].end.text) +
                ")</h3>" + item_list(r, {"half_terms", std::nullopt, i, ""}, halves, "half term", " of term " + std::to_string(i + 1));
    }
    return html + "</section>";
}

std::string days_off_section(const TimetableRender& r) {
    std::vector<Values> closures;
    for (const auto& c : r.file.model->closures) {
        closures.push_back({{"date", c.date.text}, {"until", text_of(c.until)}, {"name", text_of(c.name)}, {"kind", c.kind.text}});
    }
    std::vector<Values> specials;
    for (const auto& s : r.file.model->special_days) specials.push_back({{"date", s.date.text}, {"day", s.day.text}});
    return "<section aria-labelledby=\"closures\"><h2 id=\"closures\">INSET days and closures</h2><p class=\"muted\">Days in term "
           "without school: kind inset (an INSET day) or closure (a bank holiday in term, snow, a polling day).</p>" +
           item_list(r, {"closures", std::nullopt, 0, ""}, closures, "closure") +
           "</section><section aria-labelledby=\"special\"><h2 id=\"special\">Special days</h2><p class=\"muted\">A date that "
           "follows another day schedule (an early finish on the last day of term).</p>" +
           item_list(r, {"special_days", std::nullopt, 0, ""}, specials, "special day") + "</section>";
}

std::string bells_section(const TimetableRender& r) {
    std::string html = "<section aria-labelledby=\"bells\"><h2 id=\"bells\">Bell schedule</h2><p class=\"muted\">School hours " +
                       esc(r.file.model->school_start.text) + " to " + esc(r.file.model->school_end.text) +
                       ". Each day schedule's periods; which weekday follows which schedule is set in the file (week:).</p>";
    for (const auto& day : r.file.model->days) {
        std::vector<Values> rows;
        for (const auto& p : day.periods) {
            rows.push_back({{"name", p.name.text}, {"start", p.start.text}, {"end", p.end.text}, {"kind", p.kind.text}});
        }
        html += "<h3>" + esc(day.name.text) + "</h3>" +
                item_list(r, {"periods", std::nullopt, 0, day.name.text}, rows, "period", " of " + day.name.text);
    }
    return html + "</section>";
}

}  // namespace

std::string ItemRef::path(std::size_t count) const {
    const std::string at = "[" + std::to_string(index.value_or(count)) + "]";
    if (section == "half_terms") return "timetable.terms[" + std::to_string(term) + "].half_terms" + at;
    if (section == "periods") return "timetable.days." + day + at;
    return "timetable." + section + at;
}

std::vector<std::string> place_errors(Submitted& submitted, const config::ConfigErrors& errors, std::size_t count) {
    const std::string path = submitted.item.path(count);
    std::vector<std::string> rest;
    for (const auto& e : errors) {
        const bool field = e.path.size() > path.size() + 1 && e.path.compare(0, path.size() + 1, path + ".") == 0 &&
                           submitted.values.count(e.path.substr(path.size() + 1));
        if (field) {
            submitted.field_errors[e.path.substr(path.size() + 1)].push_back(e.message);
        } else if (e.path.compare(0, path.size(), path) == 0) {
            submitted.form_errors.push_back(e.message);
        } else {
            rest.push_back(e.to_string());
        }
    }
    return rest;
}

std::string TimetableRender::sections() const {
    if (!file.model) return "<p class=\"muted\">The policy has no timetable.</p>";
    return terms_section(*this) + days_off_section(*this) + bells_section(*this);
}

}  // namespace schoolgate::tools::console
