#include "tools/report/html_renderer.h"

#include <cstdint>

#include "tools/report/display.h"
#include "tools/report/html_escape.h"
#include "tools/report/limits.h"
#include "tools/report/svg_chart.h"
#include "tools/report/technique_names.h"

namespace schoolgate::tools::report {

namespace {

using S = std::string;

constexpr const char* kStyle = R"(
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px; color: #222; max-width: 1200px; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ccc; }
.meta { color: #555; margin: 2px 0; }
.totals { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.total { border: 1px solid #ccc; border-radius: 6px; padding: 10px 16px; min-width: 120px; }
.total b { display: block; font-size: 26px; }
.lost { background: #fdecea; border: 3px solid #c0392b; padding: 12px 16px; font-weight: bold; color: #7b1a12; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
td.t { white-space: nowrap; }
svg.chart { font-size: 12px; } svg.chart .chart-title { font-weight: bold; font-size: 14px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.n { text-align: right; }
tr.block td.v { color: #c0392b; font-weight: bold; } tr.alert td.v { color: #d68910; font-weight: bold; }
tr.gap td { background: #fdecea; }
)";

S e(std::string_view text) { return html_escape(text); }

S tally_table(const char* first_column, const Tally& tally, bool techniques = false, std::size_t limit = SIZE_MAX) {
    S html = "<table><tr><th>" + e(first_column) + "</th><th>count</th></tr>";
    if (tally.empty()) return html + "<tr><td colspan=\"2\">none</td></tr></table>";
    std::size_t shown = 0;
    for (const auto& [name, count] : tally) {
        if (shown++ == limit) break;
        const S label = techniques ? technique_title(name) + " (" + name + ")" : name;
        html += "<tr><td>" + e(label) + "</td><td class=\"n\">" + std::to_string(count) + "</td></tr>";
    }
    if (tally.size() > limit) html += "<tr><td colspan=\"2\">… and " + std::to_string(tally.size() - limit) + " more</td></tr>";
    return html + "</table>";
}

Tally titled(const Tally& techniques) {
    Tally out;
    for (const auto& [name, count] : techniques) out.emplace_back(technique_title(name), count);
    return out;
}

S total_box(std::string_view label, std::size_t value) {
    return "<div class=\"total\"><b>" + std::to_string(value) + "</b>" + e(label) + "</div>";
}

S row_class(const ReportEvent& event) {
    if (event.kind == EventKind::Gap) return "gap";
    if (event.kind == EventKind::Alert) return "alert";
    return event.verdict == "block" || event.kind == EventKind::Circumvention ? "block" : "other";
}

S event_table(const ReportModel& model, std::size_t limit, bool alerts_only = false) {
    S html = "<table><tr><th>time (school)</th><th>period</th><th>verdict</th><th>who</th><th>destination</th>"
             "<th>service</th><th>rule</th><th>techniques</th><th>reason</th></tr>";
    std::size_t shown = 0;
    for (const auto& ev : model.events) {
        if (alerts_only && ev.kind != EventKind::Alert) continue;
        if (shown++ == limit) break;
        S reason = ev.reason;
        if (ev.kind == EventKind::Gap) {
            reason = plural(static_cast<std::size_t>(ev.lost), "event from everyone was", "events from everyone were") +
                     " lost since " + ev.gap_since + " (" + ev.cause +
                     "): the record may be incomplete here";
        }
        html += "<tr class=\"" + row_class(ev) + "\"><td class=\"t\">" + e(display_time(ev)) + "</td><td>" + e(ev.period) +
                "</td><td class=\"v\">" + e(display_verdict(ev)) + "</td><td>" +
                (ev.kind == EventKind::Gap ? S{} : e(display_who(ev))) + "</td><td>" + e(display_destination(ev)) +
                "</td><td>" + e(ev.service) + "</td><td>" + e(ev.kind == EventKind::Alert ? ev.alert : ev.rule) +
                "</td><td>" + e(display_techniques(ev)) + "</td><td>" + e(reason) + "</td></tr>";
    }
    html += "</table>";
    if (!alerts_only && model.events.size() > limit) {
        html += "<p>Showing the first " + std::to_string(limit) + " of " + std::to_string(model.events.size()) +
                " events; the CSV report (--format csv) has every one.</p>";
    }
    return html;
}

S gaps_section(const ReportModel& model) {
    if (model.gaps == 0) return "<p>No evidence was lost: there are no gaps in the event log for this window.</p>";
    S html = "<div class=\"lost\">EVIDENCE LOST: " + e(plural(static_cast<std::size_t>(model.events_lost), "event", "events")) + " could not be written, in " +
             e(plural(model.gaps, "gap", "gaps")) + ". Every count on this page may be too low for those times.<ul>";
    for (const auto& ev : model.events) {
        if (ev.kind != EventKind::Gap) continue;
        html += "<li>" + e(ev.gap_since) + " to " + e(ev.ts_text) + ": " + std::to_string(ev.lost) + " lost (" + e(ev.cause) +
                ")</li>";
    }
    return html + "</ul></div>";
}

S read_section(const ReportModel& model) {
    S html = "<p>" + e(plural(model.files.size(), "file", "files")) + ", " + e(plural(model.lines, "line", "lines")) +
             " read; " + e(plural(model.skipped.size(), "line", "lines")) + " skipped as unreadable; " +
             e(plural(model.unknown_kind_lines, "event", "events")) + " of unknown kinds ignored.</p>";
    if (model.skipped.empty()) return html;
    html += "<table><tr><th>file</th><th>line</th><th>why it was skipped</th></tr>";
    std::size_t shown = 0;
    for (const auto& s : model.skipped) {
        if (shown++ == limits::kMaxWarningsShown) break;
        html += "<tr><td>" + e(s.file) + "</td><td class=\"n\">" + std::to_string(s.line) + "</td><td>" + e(s.reason) +
                "</td></tr>";
    }
    return html + "</table>";
}

}  // namespace

void render_html(const ReportModel& model, const ReportHeading& heading, std::ostream& out) {
    const S title = (heading.school.empty() ? S{} : heading.school + ": ") + "schoolgate report, " +
                    (heading.person.empty() ? S{"whole school"} : heading.person);
    out << "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\n"
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"" << kHtmlContentSecurityPolicy << "\">\n"
        << "<meta name=\"referrer\" content=\"no-referrer\">\n"
        << "<title>" << e(title) << "</title>\n<style>" << kStyle << "</style></head>\n<body>\n";
    out << "<h1>" << e(title) << "</h1>\n";
    out << "<p class=\"meta\">Asked for: " << e(display_window(heading)) << "</p>\n";
    out << "<p class=\"meta\">Covered: " << e(display_covered(model.events)) << "</p>\n";
    if (!heading.person.empty()) {
        out << "<p class=\"meta\">Every event the gateway recorded about this person in the window. This page can "
               "answer a UK GDPR subject access request: check it names nobody else before it is sent.</p>\n";
    }
    out << gaps_section(model) << '\n';
    out << "<div class=\"totals\">" << total_box("blocked", model.blocked) << total_box("monitored", model.monitored)
        << total_box("circumvention attempts", model.circumvention) << total_box("alerts", model.alerts)
        << total_box("devices with attempts", model.attempts_by_device.size()) << "</div>\n";

    out << "<h2>Charts</h2>\n<div class=\"charts\">\n";
    out << svg_bar_chart("Blocked, by service", model.blocks_by_service, "#c0392b") << '\n';
    out << svg_bar_chart("Blocked, by timetable period", model.blocks_by_period, "#8e44ad") << '\n';
    out << svg_bar_chart("Circumvention, by technique", titled(model.circumvention_by_technique), "#d68910") << '\n';
    if (!model.by_hour.empty()) out << svg_timeline("By hour (school time, one day)", model.by_hour) << '\n';
    out << svg_timeline("By day (school time)", model.by_day) << "\n</div>\n";

    out << "<h2>Blocked</h2>\n<div class=\"charts\">" << tally_table("service", model.blocks_by_service)
        << tally_table("role", model.blocks_by_role) << tally_table("timetable period", model.blocks_by_period) << "</div>\n";
    out << "<h2>Monitored use (allowed and logged)</h2>\n<div class=\"charts\">"
        << tally_table("service", model.monitored_by_service)
        << tally_table("person or device", model.monitored_by_user, false, limits::kTopEntries) << "</div>\n";
    out << "<h2>Getting round the filter</h2>\n" << tally_table("technique", model.circumvention_by_technique, true) << '\n';
    if (heading.person.empty()) {
        out << "<h2>Most attempts (blocked + circumvention)</h2>\n<div class=\"charts\">"
            << tally_table("user", model.attempts_by_user, false, limits::kTopEntries)
            << tally_table("device", model.attempts_by_device, false, limits::kTopEntries) << "</div>\n";
    }
    out << "<h2>Alerts</h2>\n" << (model.alerts == 0 ? S{"<p>none</p>"} : event_table(model, SIZE_MAX, true)) << '\n';
    out << "<h2>" << (heading.person.empty() ? "Events" : "Timeline") << "</h2>\n"
        << event_table(model, heading.person.empty() ? limits::kMaxHtmlEventRows : SIZE_MAX) << '\n';
    out << "<h2>What was read</h2>\n" << read_section(model) << '\n';
    out << "</body></html>\n";
}

}  // namespace schoolgate::tools::report
