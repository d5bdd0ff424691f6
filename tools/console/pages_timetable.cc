#include <httplib.h>

#include <charconv>
#include <filesystem>

#include "config/yaml/timetable_edit.h"
#include "tools/console/html.h"
#include "tools/console/timetable_forms.h"
#include "tools/console/timetable_handlers.h"

namespace schoolgate::tools::console::handlers {

namespace {

std::string base_name(const std::string& path) { return std::filesystem::path{path}.filename().string(); }

std::string where_html(const TimetableFile& file, bool editable) {
    if (file.inline_timetable) {
        return "<div class=\"card\"><p><strong>Read only here.</strong> The timetable is written inside the policy (" +
               esc(base_name(file.policy)) + "), which the console does not rewrite. To edit it here, the network manager "
               "moves it to its own file: cut the <code>timetable:</code> section into a new file beside the policy (for "
               "example school-timetable.yaml, starting <code>timetable:</code>), write <code>timetable: school-timetable.yaml</code> in the "
               "policy in its place, and run <code>schoolgate check</code> on the policy (docs/console.md).</p></div>";
    }
    if (file.file.empty()) return "";
    return "<p class=\"muted\">From " + esc(base_name(file.file)) +
           (editable ? ". Every change is checked with the whole policy, as <code>schoolgate check</code> does, before it is "
                       "written, and recorded on the audit page."
                     : ". Your role reads the timetable; the e-safety officer and the headteacher change it.") +
           "</p>";
}

std::string notice_of(const std::string& done) {
    if (done == "saved") return "Saved: the timetable file is changed and the gateway picks it up with its next reload.";
    if (done == "removed") return "Removed.";
    if (done == "imported") return "Imported: the term dates are in the timetable file.";
    return "";
}

void show_timetable(httplib::Response& response, const Caller& caller, const TimetableFile& file,
                    const Submitted* submitted, const std::vector<std::string>& errors, const std::string& notice, int status) {
    const bool editable = may_edit_timetable(caller) && !file.file.empty();
    std::string body = notice.empty() ? "" : "<p class=\"ok\" role=\"status\">" + esc(notice) + "</p>";
    for (const auto& e : errors) body += "<p class=\"error\" role=\"alert\">" + esc(e) + "</p>";
    for (const auto& e : file.errors) body += "<p class=\"error\" role=\"alert\">" + esc(e.to_string()) + "</p>";
    body += where_html(file, editable) + "<p><a href=\"/timetable/week\">Week preview</a>";
    if (editable) body += " | <a href=\"/timetable/import\">Import term dates from the local authority's .ics file</a>";
    body += "</p>" + TimetableRender{caller, file, submitted, editable}.sections();
    send_html(response, page(&caller, "Timetable", body), status);
}

std::optional<std::size_t> index_param(const std::string& text, bool& bad) {
    if (text.empty()) return std::nullopt;
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    bad = bad || ec != std::errc{} || end != text.data() + text.size();
    return value;
}

// How many items the edited list has now: the index an added item gets, for placing its errors.
std::size_t count_of(const TimetableFile& file, const ItemRef& item) {
    if (!file.model) return 0;
    const auto& m = *file.model;
    if (item.section == "terms") return m.terms.size();
    if (item.section == "half_terms") return item.term < m.terms.size() ? m.terms[item.term].half_terms.size() : 0;
    if (item.section == "closures") return m.closures.size();
    if (item.section == "special_days") return m.special_days.size();
    for (const auto& d : m.days) {
        if (d.name.text == item.day) return d.periods.size();
    }
    return 0;
}

nlohmann::json written_items(const TimetableFile& file) {
    const auto& m = *file.model;
    nlohmann::json terms = nlohmann::json::array();
    for (const auto& t : m.terms) {
        nlohmann::json halves = nlohmann::json::array();
        for (const auto& h : t.half_terms) halves.push_back({{"start", h.start.text}, {"end", h.end.text}});
        terms.push_back({{"name", t.name.text}, {"start", t.start.text}, {"end", t.end.text}, {"half_terms", halves}});
    }
    nlohmann::json closures = nlohmann::json::array();
    for (const auto& c : m.closures) {
        closures.push_back({{"date", c.date.text}, {"until", c.until ? c.until->text : ""}, {"name", c.name ? c.name->text : ""},
                            {"kind", c.kind.text}});
    }
    nlohmann::json specials = nlohmann::json::array();
    for (const auto& s : m.special_days) specials.push_back({{"date", s.date.text}, {"day", s.day.text}});
    nlohmann::json days = nlohmann::json::object();
    for (const auto& d : m.days) {
        nlohmann::json periods = nlohmann::json::array();
        for (const auto& p : d.periods) {
            periods.push_back({{"name", p.name.text}, {"start", p.start.text}, {"end", p.end.text}, {"kind", p.kind.text}});
        }
        days[d.name.text] = periods;
    }
    return {{"school_hours", {{"start", m.school_start.text}, {"end", m.school_end.text}}},
            {"terms", terms}, {"closures", closures}, {"special_days", specials}, {"days", days}};
}

}  // namespace

void timetable_page(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    // Only the console's own notices: a link cannot put words of its own on the page.
    show_timetable(response, caller, read_timetable_file(console), nullptr, {}, notice_of(request.get_param_value("done")), 200);
}

void timetable_edit_submit(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    bool bad = false;
    Submitted submitted;
    submitted.item = {request.get_param_value("section"), index_param(request.get_param_value("index"), bad),
                      index_param(request.get_param_value("term"), bad).value_or(0), request.get_param_value("day")};
    const auto& keys = config::yaml::timetable_item_keys(submitted.item.section);
    const bool remove = request.get_param_value("op") == "remove";
    const auto before = read_timetable_file(console);
    if (bad || keys.empty()) return show_timetable(response, caller, before, nullptr, {"That form was not one of this page's."}, "", 400);
    config::yaml::TimetableItemEdit edit{submitted.item.section, submitted.item.index, submitted.item.term, submitted.item.day, remove, {}};
    for (const auto& key : keys) {
        submitted.values[key] = request.get_param_value(key);
        edit.fields.emplace_back(key, submitted.values[key]);
    }
    const char* action = remove ? "removed" : submitted.item.index ? "changed" : "added";
    const auto outcome = change_timetable(timetable_context(console, caller, request.get_param_value("digest")), {edit}, action);
    if (outcome.ok()) {
        (void)console.audit(caller.account.name, std::string{"timetable_"} + action, outcome.done, outcome.before, outcome.after);
        return response.set_redirect(remove ? "/timetable?done=removed" : "/timetable?done=saved", 303);
    }
    // Refused: the page as the file is now, this form as it was typed, the compiler's words at its fields.
    const auto now = read_timetable_file(console);
    std::vector<std::string> top;
    if (outcome.errors.empty()) {
        top = outcome.messages;
    } else {
        top = place_errors(submitted, outcome.errors, count_of(before, submitted.item));
        if (top.empty()) top.emplace_back("Not saved: see the mistakes marked below. Nothing was changed.");
    }
    show_timetable(response, caller, now, &submitted, top, "", outcome.stale ? 409 : 422);
}

void api_timetable(Console& console, const httplib::Request&, httplib::Response& response, const Caller& caller) {
    const auto file = read_timetable_file(console);
    nlohmann::json out = {{"file", file.file},
                          {"inline", file.inline_timetable},
                          {"editable", may_edit_timetable(caller) && !file.file.empty()},
                          {"digest", file.digest}};
    if (file.model) out["timetable"] = written_items(file);
    for (const auto& e : file.errors) out["errors"].push_back(e.to_string());
    send_json(response, out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace schoolgate::tools::console::handlers
