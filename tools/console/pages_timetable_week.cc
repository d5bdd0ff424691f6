#include <httplib.h>

#include "config/policy/compiled_policy.h"
#include "tools/common/policy_loading.h"
#include "tools/console/html.h"
#include "tools/console/timetable_handlers.h"
#include "tools/console/timetable_view.h"
#include "tools/console/week_preview.h"

namespace schoolgate::tools::console::handlers {

namespace {

std::string cell_html(const std::string& text) {
    const char* css = text.rfind("blocked", 0) == 0 ? "verdict-block" : text == "allowed" ? "verdict-allow" : "";
    return std::string{"<td class=\""} + css + "\">" + esc(text) + "</td>";
}

std::string day_html(const DayPreview& day, const WeekPreview& week) {
    std::string html = "<section class=\"day day-" + esc(day.kind == "term day" ? "term" : "off") + "\" aria-labelledby=\"d-" +
                       esc(day.date) + "\"><h2 id=\"d-" + esc(day.date) + "\">" + esc(day.weekday) + " " + esc(day.date) +
                       ": <span class=\"daykind\">" + esc(day.kind) + "</span></h2><p class=\"muted\">" + esc(day.detail) +
                       "</p><div class=\"scroll\"><table><tr><th scope=\"col\">Period</th>";
    for (const auto& role : week.roles) html += "<th scope=\"col\">" + esc(role) + "</th>";
    html += "</tr>";
    for (const auto& p : day.periods) {
        html += "<tr><th scope=\"row\">" + esc(p.name) + "<br><span class=\"muted\">" + esc(p.time) + "</span></th>";
        for (const auto& cell : p.per_role) html += cell_html(cell);
        html += "</tr>";
    }
    return html + "</table></div></section>";
}

std::optional<date::year_month_day> day_param(const std::string& text) {
    date::year_month_day day{};
    std::istringstream in{text};
    in >> date::parse("%F", day);
    if (in.fail() || !day.ok() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
    return day;
}

std::string week_form(const std::string& shown, date::local_days monday) {
    const auto link = [](date::local_days d, const char* label) {
        return "<a href=\"/timetable/week?date=" + date::format("%F", d) + "\">" + label + "</a>";
    };
    return "<form method=\"get\" action=\"/timetable/week\" class=\"item\"><div class=\"field\"><label for=\"date\">A day in the "
           "week</label><input type=\"date\" id=\"date\" name=\"date\" value=\"" + esc(shown) + "\"></div><div class=\"field "
           "buttons\"><button type=\"submit\">Show the week</button></div></form><p>" + link(monday - date::days{7}, "Previous week") +
           " | " + link(monday + date::days{7}, "Next week") + " | <a href=\"/timetable\">Timetable</a></p>";
}

}  // namespace

void timetable_week_page(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto snapshot = load_policy_snapshot(console.config.policy_file, console.config.catalogue_file, 0);
    if (!snapshot) {
        return send_html(response, page(&caller, "Week preview", "<p class=\"error\">The policy does not load: run schoolgate check.</p>"), 500);
    }
    const auto asked = request.get_param_value("date");
    auto day = day_param(asked);
    std::string body;
    if (!asked.empty() && !day) body += "<p class=\"error\" role=\"alert\">'" + esc(asked) + "' is not a date (YYYY-MM-DD): this week instead.</p>";
    if (!day) day = date::year_month_day{snapshot->policy->moment(console.clock->wall_now()).day};
    const auto file = read_timetable_file(console);
    std::vector<std::string> specials;
    if (file.model) {
        for (const auto& s : file.model->special_days) specials.push_back(s.date.text);
    }
    const auto week = week_preview(*snapshot, *day, specials);
    const auto local = date::local_days{*day};
    const auto monday = local - (date::weekday{local} - date::Monday);
    body += week_form(date::format("%F", local), monday);
    body += "<p class=\"muted\">For each period, what the policy does to the services its rules name (" +
            esc([&] { std::string s; for (const auto& n : week.services) s += (s.empty() ? "" : ", ") + n; return s; }()) +
            ") for each role, decided at the period's start by the gateway's own decision code (as <a href=\"/explain\">explain"
            "</a> does). Exemptions for one person or device are not shown.</p>";
    for (const auto& d : week.days) body += day_html(d, week);
    send_html(response, page(&caller, "Week of " + date::format("%F", monday), body));
}

}  // namespace schoolgate::tools::console::handlers
