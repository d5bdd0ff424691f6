// The annual review pack (DfE filtering and monitoring standards: "review at least once every academic
// year ... record results and actions"): one printable page, and the same sections as CSV.
#include <httplib.h>

#include <array>
#include <cstdlib>
#include <initializer_list>
#include <map>

#include "tools/console/annual_review.h"
#include "tools/console/handlers_review.h"
#include "tools/console/html.h"
#include "tools/console/policy_words.h"
#include "tools/report/csv_field.h"

namespace schoolgate::tools::console::handlers {

namespace {

constexpr const char* kMonths[] = {"Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug"};

// "2025-10" -> 1 (Sep = 0 ... Aug = 11) in the year starting `first`; -1 outside it.
int month_column(const std::string& month, int first) {
    if (month.size() != 7) return -1;
    const int year = std::atoi(month.substr(0, 4).c_str());
    const int m = std::atoi(month.substr(5, 2).c_str());
    const int column = (year - first) * 12 + m - 9;
    return column >= 0 && column < 12 ? column : -1;
}

std::string cell(const std::string& text) { return "<td>" + esc(text) + "</td>"; }

std::string heading_row(std::initializer_list<const char*> names) {
    std::string html = "<tr>";
    for (const char* name : names) html += std::string{"<th scope=\"col\">"} + name + "</th>";
    return html + "</tr>";
}

std::string year_form(const std::string& value) {
    return "<form method=\"get\" action=\"/reports/annual\" class=\"no-print\"><label for=\"year\">Academic year</label>"
           "<input type=\"text\" id=\"year\" name=\"year\" value=\"" + esc(value) + "\" placeholder=\"2025-26\"> "
           "<button type=\"submit\">Show</button></form>";
}

std::string responsible_html(const ReviewPack& pack) {
    std::string html = "<h2>1. Who is responsible</h2><p>The console's accounts, by role:</p><table>" +
                       heading_row({"role", "name"});
    for (const auto& [role, name] : pack.responsible) html += "<tr>" + cell(role) + cell(name) + "</tr>";
    if (pack.responsible.empty()) html += "<tr><td colspan=\"2\">No console accounts.</td></tr>";
    return html + "</table>";
}

std::string exemptions_html(const ReviewPack& pack) {
    std::string html = "<h3>Exemptions granted in the year</h3>";
    if (pack.exemptions.empty()) html += "<p>None granted through schoolgate in the year.</p>";
    if (!pack.exemptions.empty()) {
        html += "<table>" + heading_row({"granted", "id", "who", "services", "from - until", "reason", "requested by", "approved by"});
        for (const auto& e : pack.exemptions) {
            html += "<tr>" + cell(e.granted_on) + cell(e.id + (e.revoked_on.empty() ? "" : " (revoked " + e.revoked_on + ")")) + cell(e.who) +
                    cell(e.services) + cell((e.from.empty() ? "-" : e.from) + " - " + e.until) + cell(e.reason) + cell(e.requested_by) +
                    cell(e.approved_by) + "</tr>";
        }
        html += "</table>";
    }
    if (!pack.in_force_unrecorded.empty()) {
        std::string ids;
        for (const auto& id : pack.in_force_unrecorded) ids += (ids.empty() ? "" : ", ") + id;
        html += "<p class=\"muted\">Also in force during the year, granted before it or written by hand (no record in the year's "
                "audit log): " + esc(ids) + ".</p>";
    }
    return html;
}

std::string checks_html(const ReviewPack& pack, const Caller& caller) {
    std::string html = "<h2 id=\"checks\">3. Checks run</h2>";
    if (pack.checks.empty()) html += "<p>No check recorded in the year.</p>";
    if (!pack.checks.empty()) {
        html += "<table>" + heading_row({"day", "what was checked", "result", "action", "recorded by"});
        for (const auto& c : pack.checks) {
            html += "<tr>" + cell(c.checked_on) + cell(c.what) + cell(c.result) + cell(c.action.empty() ? "-" : c.action) +
                    cell(c.recorded_by) + "</tr>";
        }
        html += "</table>";
    }
    html += "<p>Policy changes in the year: " + std::to_string(pack.policy_changes) + " exemption changes in the exemptions file's audit "
            "log. " + esc(pack.daemon) + "</p>";
    if (role_may(caller.account.role, Access::Request)) {
        html += "<p class=\"no-print\"><a href=\"/reports/annual/checks/new\">Record a check</a></p>";
    }
    return html;
}

std::string incidents_table(const ReviewPack& pack) {
    std::map<std::string, std::array<int, 14>> rows;  // technique -> 12 months, total, with an action
    std::map<std::string, int> by_role;
    for (const auto& i : pack.incidents) {
        auto& row = rows.try_emplace(i.technique).first->second;
        if (const int column = month_column(i.month, pack.year.first); column >= 0) ++row[static_cast<std::size_t>(column)];
        ++row[12];
        if (i.action_count > 0) ++row[13];
        ++by_role[i.role];
    }
    std::string html = "<table class=\"months\"><tr><th scope=\"col\">technique</th>";
    for (const char* m : kMonths) html += std::string{"<th scope=\"col\">"} + m + "</th>";
    html += "<th scope=\"col\">total</th><th scope=\"col\">action recorded</th></tr>";
    for (const auto& [technique, counts] : rows) {
        html += "<tr>" + cell(technique);
        for (std::size_t c = 0; c < 14; ++c) html += "<td>" + (counts[c] ? std::to_string(counts[c]) : std::string{c < 12 ? "" : "0"}) + "</td>";
        html += "</tr>";
    }
    html += "</table><p>By role: ";
    std::string roles;
    for (const auto& [role, count] : by_role) roles += (roles.empty() ? "" : ", ") + role + " " + std::to_string(count);
    return html + esc(roles) + ".</p>";
}

std::string actions_html(const ReviewPack& pack) {
    std::string html = "<table>" + heading_row({"when", "technique", "role", "what was done", "by"});
    std::size_t shown = 0;
    for (const auto& i : pack.incidents) {
        for (const auto& a : i.actions) {
            html += "<tr>" + cell(i.when.substr(0, 10)) + cell(i.technique) + cell(i.role) + cell(a.action) + cell(a.by) + "</tr>";
            ++shown;
        }
    }
    return shown ? html + "</table>" : "<p>No action recorded yet.</p>";
}

std::string incidents_html(const ReviewPack& pack, const Caller& caller) {
    std::string html = "<h2>4. Circumvention incidents and what was done</h2>";
    if (pack.incidents.empty()) return html + "<p>No circumvention or repeated-attempt alert in the year.</p>";
    html += "<p>" + std::to_string(pack.incidents.size()) + (pack.incidents_cut ? "+" : "") +
            (pack.incidents.size() == 1 ? " alert" : " alerts") + " (circumvention, repeated blocked attempts), by technique and month:</p>" +
            incidents_table(pack);
    if (pack.names_people) {
        html += actions_html(pack);
    } else {
        html += "<p class=\"muted\">This copy names no one: the actions recorded are counted above; the dsl keeps the notes.</p>";
    }
    if (role_may(caller.account.role, Access::People)) {
        html += "<p class=\"no-print\"><a href=\"/reports/annual/incidents?year=" + esc(pack.year.label) +
                "\">Each incident, by person, and record what was done</a></p>";
    }
    return html;
}

std::string pack_html(Console& console, const ReviewPack& pack, const Caller& caller) {
    std::string html = "<div class=\"pack\"><p><strong>" + esc(pack.policy.school.name) + "</strong>, academic year " + esc(pack.year.label) +
                       " (" + esc(pack.year.first_day) + " to 31 August " + std::to_string(pack.year.first + 1) + "). Prepared " +
                       esc(utc_text(console.now())) + " from the console's records for " + esc(display_name(console, caller.account.name)) +
                       ", " + std::string{role_name(caller.account.role)} + " account." +
                       (pack.names_people ? "" : " Governor's copy: no pupil or member of staff is named but the responsible accounts.") +
                       "</p>" + year_form(pack.year.label) + "<p class=\"no-print\"><a href=\"/reports/annual.csv?year=" +
                       esc(pack.year.label) + "\">The same as CSV</a></p>";
    for (const auto& problem : pack.problems) html += "<p class=\"error\">" + esc(problem) + "</p>";
    html += responsible_html(pack) + "<h2>2. What is blocked for whom, and why</h2><p>The first rule that matches decides; "
            "exemptions come before the rules.</p>" + policy_rules_html(pack.policy, pack.names_people) + exemptions_html(pack);
    return html + checks_html(pack, caller) + incidents_html(pack, caller) + "</div>";
}

void refuse_year(httplib::Response& response, const Caller& caller, const std::string& message, const std::string& asked) {
    send_html(response, page(&caller, "Annual review", "<p class=\"error\" role=\"alert\">" + esc(message) + "</p>" + year_form(asked)), 400);
}

}  // namespace

void annual_review_page(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto asked = request.get_param_value("year");
    auto inputs = review_inputs(console, asked);
    if (!inputs.ok()) return refuse_year(response, caller, inputs.error(), asked);
    const bool names = caller.account.role != Role::Governor;
    const auto pack = build_review_pack(console, inputs.value().year, inputs.value().policy, names);
    send_html(response, page(&caller, "Annual review of filtering and monitoring " + pack.year.label, pack_html(console, pack, caller)));
}

void annual_review_csv(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    auto inputs = review_inputs(console, request.get_param_value("year"));
    if (!inputs.ok()) return refuse_year(response, caller, inputs.error(), request.get_param_value("year"));
    const auto pack = build_review_pack(console, inputs.value().year, inputs.value().policy, caller.account.role != Role::Governor);
    using report::csv_row;
    std::string csv = csv_row({"section", "when", "item", "detail", "by"});
    for (const auto& [role, name] : pack.responsible) csv += csv_row({"responsible", "", role, name, ""});
    for (const auto& rule : pack.policy.rules) csv += csv_row({"rule", "", rule.name, rule_sentence(rule, pack.names_people), rule.reason});
    for (const auto& e : pack.exemptions) {
        csv += csv_row({"exemption", e.granted_on, e.id, e.who + ": " + e.services + " from " + e.from + " until " + e.until + ". " + e.reason +
                                                              (e.revoked_on.empty() ? "" : " (revoked " + e.revoked_on + ")"),
                        "requested by " + e.requested_by + "; approved by " + e.approved_by});
    }
    for (const auto& c : pack.checks) csv += csv_row({"check", c.checked_on, c.what, c.result + (c.action.empty() ? "" : ": " + c.action), c.recorded_by});
    for (const auto& i : pack.incidents) {
        // The role, never the person: the per-person detail is the incidents page's (headteacher, dsl).
        csv += csv_row({"incident", i.when, i.technique, i.role + ", " + std::to_string(i.action_count) + " actions recorded", ""});
        for (const auto& a : i.actions) csv += csv_row({"incident action", utc_text(a.at), i.technique, a.action, a.by});
    }
    response.set_header("Content-Disposition", "attachment; filename=\"annual-review-" + pack.year.label + ".csv\"");
    response.set_content(csv, "text/csv; charset=utf-8");
}

}  // namespace schoolgate::tools::console::handlers
