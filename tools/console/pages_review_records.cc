// What the annual review pack reports from the console's own records: the checks the dsl or head ran, and
// what was done about each incident. Every record is audited before it is stored (no record, no change).
#include <httplib.h>

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "tools/common/policy_loading.h"
#include "tools/console/annual_review.h"
#include "tools/console/handlers_review.h"
#include "tools/console/html.h"

namespace schoolgate::tools::console::handlers {

namespace {

constexpr std::size_t kMaxWhat = 500;
constexpr std::size_t kMaxAction = 1000;
constexpr const char* kResults[] = {"passed", "partly", "failed"};

struct CheckForm {
    ReviewCheck check;
    std::map<std::string, std::string> errors;  ///< field -> message
};

std::string field_error(const CheckForm& form, const std::string& field) {
    const auto found = form.errors.find(field);
    return found == form.errors.end() ? "" : "<p class=\"error\" id=\"" + field + "-error\">" + esc(found->second) + "</p>";
}

std::string check_form_html(const Caller& caller, const CheckForm& f) {
    const auto text = [&](const char* id, const char* label, const std::string& value, const char* hint) {
        return std::string{"<label for=\""} + id + "\">" + label + "</label>" + field_error(f, id) + "<input type=\"text\" id=\"" + id +
               "\" name=\"" + id + "\" value=\"" + esc(value) + "\" aria-describedby=\"" + id + "-hint\"><div id=\"" + id +
               "-hint\" class=\"muted\">" + hint + "</div>";
    };
    std::string select = "<label for=\"result\">Result</label>" + field_error(f, "result") + "<select id=\"result\" name=\"result\">";
    for (const char* r : kResults) {
        select += std::string{"<option value=\""} + r + "\"" + (f.check.result == r ? " selected" : "") + ">" + r + "</option>";
    }
    return "<p>A filtering or monitoring check for the annual review (DfE: record the results and the actions). It is kept in the "
           "console's records and the audit, and printed in the pack of its academic year.</p><form method=\"post\" "
           "action=\"/reports/annual/checks\">" + csrf_field(caller) +
           text("checked_on", "Day of the check", f.check.checked_on, "YYYY-MM-DD, e.g. 2026-03-04; not in the future") +
           text("what", "What was checked", f.check.what, "e.g. the SWGfL test site from a pupil laptop on the pupil Wi-Fi") +
           select + "</select>" +
           text("action", "Action taken", f.check.action, "what was done about it; required unless it passed") +
           "<p><button type=\"submit\">Record the check</button></p></form>";
}

CheckForm read_check(Console& console, const httplib::Request& request, const Caller& caller) {
    CheckForm f;
    f.check = {0, request.get_param_value("checked_on"), request.get_param_value("what"), request.get_param_value("result"),
               request.get_param_value("action"), caller.account.name, console.now()};
    const auto snapshot = load_policy_snapshot(console.config.policy_file, console.config.catalogue_file, 0);
    const auto day = snapshot && f.check.checked_on.size() == 10 ? snapshot->policy->parse_local_time(f.check.checked_on) : std::nullopt;
    if (!snapshot) {
        f.errors["checked_on"] = "the policy does not load (run schoolgate check), so the day cannot be placed";
    } else if (!day) {
        f.errors["checked_on"] = "'" + f.check.checked_on + "' is not a day: write it as YYYY-MM-DD, e.g. 2026-03-04";
    } else if (std::chrono::duration_cast<std::chrono::seconds>(day->time_since_epoch()).count() > console.now()) {
        f.errors["checked_on"] = "that day is in the future";
    }
    if (f.check.what.empty() || f.check.what.size() > kMaxWhat) f.errors["what"] = "say what was checked (at most 500 characters)";
    if (std::find(std::begin(kResults), std::end(kResults), f.check.result) == std::end(kResults)) f.errors["result"] = "passed, partly or failed";
    if (f.check.action.size() > kMaxAction) f.errors["action"] = "at most 1000 characters";
    if (f.check.result != "passed" && f.check.action.empty() && !f.errors.count("result")) f.errors["action"] = "say what was done: the check did not pass";
    return f;
}

std::string incident_rows(const std::vector<Incident>& incidents, const Caller& caller, const std::string& year) {
    std::string html;
    for (const auto& i : incidents) {
        std::string done;
        for (const auto& a : i.actions) done += "<p>" + esc(a.action) + " <span class=\"muted\">(" + esc(a.by) + ", " + esc(utc_text(a.at)) + ")</span></p>";
        html += "<tr id=\"incident-" + i.key + "\"><td>" + esc(i.when) + "</td><td>" + esc(i.person) + "</td><td>" + esc(i.role) + "</td><td>" +
                esc(i.technique) + "</td><td>" + esc(i.detail) + "</td><td>" + done + "<form method=\"post\" action=\"/reports/annual/incidents/" +
                i.key + "/action\">" + csrf_field(caller) + "<input type=\"hidden\" name=\"year\" value=\"" + esc(year) + "\"><label for=\"action-" +
                i.key + "\">What was done</label><input type=\"text\" id=\"action-" + i.key + "\" name=\"action\" required> <button "
                "type=\"submit\">Record</button></form></td></tr>";
    }
    return html;
}

}  // namespace

void check_form(Console& console, const httplib::Request&, httplib::Response& response, const Caller& caller) {
    CheckForm f;
    f.check.checked_on = utc_text(console.now()).substr(0, 10);
    f.check.result = "passed";
    send_html(response, page(&caller, "Record a check", check_form_html(caller, f)));
}

void check_submit(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto f = read_check(console, request, caller);
    if (!f.errors.empty()) return send_html(response, page(&caller, "Record a check", check_form_html(caller, f)), 400);
    const nlohmann::json after = {{"checked_on", f.check.checked_on}, {"what", f.check.what}, {"result", f.check.result}, {"action", f.check.action}};
    if (!console.audit(caller.account.name, "review_check_recorded", f.check.checked_on + ": " + f.check.what, "", after.dump())) {
        return send_html(response, page(&caller, "Record a check", "<p class=\"error\">The audit cannot be written, so nothing was recorded.</p>"), 500);
    }
    if (auto added = console.store->add_check(f.check); !added.ok()) {
        (void)console.audit(caller.account.name, "failed", "review_check_recorded: " + added.error());
        return send_html(response, page(&caller, "Record a check", "<p class=\"error\">The check could not be stored.</p>"), 500);
    }
    response.set_redirect("/reports/annual?year=" + academic_year_of_day(f.check.checked_on) + "#checks", 303);
}

void incidents_page(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    auto inputs = review_inputs(console, request.get_param_value("year"));
    if (!inputs.ok()) return send_html(response, page(&caller, "Incidents", "<p class=\"error\" role=\"alert\">" + esc(inputs.error()) + "</p>"), 400);
    const auto& year = inputs.value().year;
    bool cut = false;
    std::string error;
    const auto incidents = incidents_between(console, year.since, year.until, true, cut, error);
    if (!error.empty()) return send_html(response, page(&caller, "Incidents", "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>"), 500);
    std::string body = "<p>The circumvention and repeated-attempt alerts of " + esc(year.label) + ", by person (headteacher and dsl only; "
                       "the annual review pack counts them by technique, month and role). Record what was done about each: it is "
                       "audited and printed in the pack.</p>" + std::string{cut ? "<p class=\"error\">Only the first 5000 are shown.</p>" : ""} +
                       "<div class=\"scroll\"><table class=\"incidents\"><tr><th scope=\"col\">when</th><th scope=\"col\">who</th><th scope=\"col\">role</th>"
                       "<th scope=\"col\">technique</th><th scope=\"col\">why</th><th scope=\"col\">what was done</th></tr>" +
                       incident_rows(incidents, caller, year.label) + "</table></div>";
    if (incidents.empty()) body += "<p>No alert in the year.</p>";
    send_html(response, page(&caller, "Incidents " + year.label, body));
}

void incident_action_submit(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const std::string key = request.matches.size() > 1 ? request.matches[1].str() : "";
    const auto action = request.get_param_value("action");
    if (action.empty() || action.size() > kMaxAction) {
        return send_html(response, page(&caller, "Incidents", "<p class=\"error\" role=\"alert\">Say what was done (at most 1000 characters).</p>"), 400);
    }
    // Looked for in the year the form was for (the current one without it), as the incidents page listed it.
    auto inputs = review_inputs(console, request.get_param_value("year"));
    if (!inputs.ok()) return send_html(response, page(&caller, "Incidents", "<p class=\"error\" role=\"alert\">" + esc(inputs.error()) + "</p>"), 400);
    bool cut = false;
    std::string error;
    const auto all = incidents_between(console, inputs.value().year.since, inputs.value().year.until, false, cut, error);
    const auto found = std::find_if(all.begin(), all.end(), [&](const Incident& i) { return i.key == key; });
    if (found == all.end()) return send_html(response, page(&caller, "Incidents", "<p class=\"error\" role=\"alert\">No such incident.</p>"), 404);
    if (!console.audit(caller.account.name, "incident_action_recorded", "incident " + key + " (" + found->when + ", " + found->technique + ")", "", action)) {
        return send_html(response, page(&caller, "Incidents", "<p class=\"error\">The audit cannot be written, so nothing was recorded.</p>"), 500);
    }
    if (!console.store->add_incident_action({key, action, caller.account.name, console.now()}).ok()) {
        (void)console.audit(caller.account.name, "failed", "incident_action_recorded " + key);
        return send_html(response, page(&caller, "Incidents", "<p class=\"error\">The action could not be stored.</p>"), 500);
    }
    response.set_redirect("/reports/annual/incidents?year=" + url_encode(request.get_param_value("year")) + "#incident-" + key, 303);
}

}  // namespace schoolgate::tools::console::handlers
