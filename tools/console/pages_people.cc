#include <httplib.h>

#include <chrono>

#include "tools/console/handlers.h"
#include "tools/console/html.h"
#include "tools/report/csv_field.h"

namespace schoolgate::tools::console::handlers {

namespace {

constexpr std::int64_t kWeek = 7 * 86400;

// Monday 00:00 UTC of the week holding `t` (1970-01-01 was a Thursday).
std::int64_t week_start(std::int64_t t) { return t - ((t / 86400 + 3) % 7) * 86400 - t % 86400; }

std::int64_t chosen_week(Console& console, const httplib::Request& request) {
    const auto text = request.get_param_value("week");
    int y = 0, m = 0, d = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3) {
        using namespace std::chrono;
        const sys_days date{year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)}};
        return week_start(date.time_since_epoch().count() * 86400);
    }
    return week_start(console.now());
}

std::string tally_table(const std::vector<Tally>& rows, const char* heading, bool people_links, const Console& console) {
    std::string html = "<div class=\"scroll\"><table><caption>" + esc(heading) + "</caption><tr><th scope=\"col\">" +
                       esc(heading) + "</th><th scope=\"col\">count</th></tr>";
    for (const auto& row : rows) {
        const auto name = row.key.empty() ? std::string{"(none)"} : display_name(console, row.key);
        html += "<tr><td>" + (people_links && !row.key.empty()
                                  ? "<a href=\"/people/" + esc(url_encode(row.key)) + "/timeline\">" + esc(name) + "</a>"
                                  : esc(name)) +
                "</td><td>" + std::to_string(row.count) + "</td></tr>";
    }
    if (rows.empty()) html += "<tr><td colspan=\"2\" class=\"muted\">nothing</td></tr>";
    return html + "</table></div>";
}

std::int64_t total(const std::vector<Tally>& rows) {
    std::int64_t sum = 0;
    for (const auto& row : rows) sum += row.count;
    return sum;
}

std::string alerts_section(Console& console, const Caller& caller, std::int64_t from) {
    EventQuery query{from, from + kWeek, "", "", 200};
    const auto events = console.store->events(query);
    std::string html = "<h2>Alerts this week</h2>";
    std::size_t shown = 0;
    const bool names = role_may(caller.account.role, Access::People);
    for (const auto& e : events.ok() ? events.value() : std::vector<IndexedEvent>{}) {
        if (e.kind != "alert" && e.kind != "circumvention") continue;
        const auto who = !e.user.empty() ? e.user : !e.device.empty() ? e.device : e.src_ip;
        html += "<div class=\"alert\"><strong>" + (names ? esc(display_name(console, who)) : std::string{"someone"}) + "</strong>: " +
                esc(e.kind == "alert" ? e.alert : e.techniques) + (e.service.empty() ? "" : " (" + esc(e.service) + ")") +
                " at " + esc(e.ts_text) + " " + esc(e.reason) + "</div>";
        if (++shown == 20) break;
    }
    return shown == 0 ? html + "<p class=\"muted\">No alerts this week.</p>" : html;
}

}  // namespace

void dashboard(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto from = chosen_week(console, request);
    auto tally = [&](const char* column, std::int64_t start) {
        auto rows = console.store->tally(column, start, start + kWeek, true);
        return rows.ok() ? rows.value() : std::vector<Tally>{};
    };
    const auto this_week = total(tally("kind", from));
    const auto last_week = total(tally("kind", from - kWeek));
    std::string body = "<p>Week of " + esc(utc_text(from).substr(0, 10)) + " (weeks start on Monday). <a href=\"/?week=" +
                       esc(utc_text(from - kWeek).substr(0, 10)) + "\">Previous week</a></p>";
    body += alerts_section(console, caller, from);
    body += "<div class=\"card\"><p><strong>" + std::to_string(this_week) + "</strong> blocked or circumvention events this week, " +
            std::to_string(last_week) + " last week (" + (this_week >= last_week ? "+" : "") +
            std::to_string(this_week - last_week) + ").</p></div>";
    if (role_may(caller.account.role, Access::People)) body += tally_table(tally("user", from), "Attempts by person", true, console);
    body += tally_table(tally("service", from), "Blocks by service", false, console);
    body += tally_table(tally("period", from), "Blocks by period", false, console);
    body += tally_table(tally("role", from), "Blocks by role", false, console);
    auto latest = console.store->events({0, INT64_MAX, "", "", 1});
    if (this_week == 0 && latest.ok() && !latest.value().empty()) {
        const auto week = utc_text(week_start(latest.value().front().ts)).substr(0, 10);
        body += "<p>The latest events are in the <a href=\"/?week=" + esc(week) + "\">week of " + esc(week) + "</a>.</p>";
    }
    send_html(response, page(&caller, "Dashboard", body));
}

void people_page(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto q = request.get_param_value("q");
    std::string body = "<form method=\"get\" action=\"/people\"><label for=\"q\">Find by name, device or address</label>"
                       "<input type=\"text\" id=\"q\" name=\"q\" value=\"" + esc(q) + "\"> <button type=\"submit\">Find</button></form>";
    auto found = console.store->find_people(q);
    body += tally_table(found.ok() ? found.value() : std::vector<Tally>{}, "People with events", true, console);
    send_html(response, page(&caller, "People", body));
}

void timeline_page(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const std::string person = request.matches[1];
    auto events = console.store->events({0, INT64_MAX, person, request.get_param_value("verdict"), 1000});
    std::string body = "<p>Every event the gateway recorded for <strong>" + esc(display_name(console, person)) +
                       "</strong> (also the subject access request view). <a href=\"/people/" +
                       esc(url_encode(person)) + "/timeline.csv\">Download as CSV</a></p><div class=\"scroll\">"
                       "<table><tr><th scope=\"col\">time (UTC)</th><th scope=\"col\">period</th><th scope=\"col\">event</th>"
                       "<th scope=\"col\">service / host</th><th scope=\"col\">verdict</th><th scope=\"col\">rule and reason</th></tr>";
    for (const auto& e : events.ok() ? events.value() : std::vector<IndexedEvent>{}) {
        body += "<tr><td>" + esc(e.ts_text) + "</td><td>" + esc(e.period) + "</td><td>" + esc(e.kind) +
                (e.techniques.empty() ? "" : " " + esc(e.techniques)) + "</td><td>" + esc(e.service) +
                (e.host.empty() ? "" : " <span class=\"muted\">" + esc(e.host) + "</span>") + "</td><td class=\"verdict-" +
                esc(e.verdict) + "\">" + esc(e.verdict) + "</td><td>" + esc(e.rule) + " " + esc(e.reason) + "</td></tr>";
    }
    body += "</table></div>";
    (void)console.audit(caller.account.name, "timeline_viewed", person);
    send_html(response, page(&caller, "Timeline: " + display_name(console, person), body));
}

void timeline_csv(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const std::string person = request.matches[1];
    auto events = console.store->events({0, INT64_MAX, person, "", 100000});
    std::string csv = "ts,kind,user,device,src_ip,period,service,host,verdict,rule,reason,techniques\r\n";
    for (const auto& e : events.ok() ? events.value() : std::vector<IndexedEvent>{}) {
        for (const auto* field : {&e.ts_text, &e.kind, &e.user, &e.device, &e.src_ip, &e.period, &e.service, &e.host, &e.verdict,
                                  &e.rule, &e.reason}) {
            csv += report::csv_field(*field) + ",";
        }
        csv += report::csv_field(e.techniques) + "\r\n";
    }
    (void)console.audit(caller.account.name, "timeline_exported", person);
    response.set_header("Content-Disposition", "attachment; filename=\"timeline.csv\"");
    response.set_content(csv, "text/csv; charset=utf-8");
}

}  // namespace schoolgate::tools::console::handlers
