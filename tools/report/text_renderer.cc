#include "tools/report/text_renderer.h"

#include <algorithm>
#include <cstdint>
#include <iomanip>

#include "tools/report/display.h"
#include "tools/report/limits.h"
#include "tools/report/technique_names.h"
#include "tools/report/terminal_text.h"

namespace schoolgate::tools::report {

namespace {

using S = std::string;

void print_tally(std::ostream& out, const char* title, const Tally& tally, std::size_t limit = SIZE_MAX,
                 bool techniques = false) {
    out << '\n' << title << '\n';
    if (tally.empty()) {
        out << "  none\n";
        return;
    }
    std::size_t width = 20;
    for (const auto& [name, count] : tally) {
        width = std::max(width, (techniques ? technique_title(name).size() + name.size() + 3 : name.size()));
    }
    width = std::min<std::size_t>(width, 72);
    std::size_t shown = 0;
    for (const auto& [name, count] : tally) {
        if (shown++ == limit) {
            out << "  ... and " << tally.size() - limit << " more\n";
            break;
        }
        const S label = techniques ? technique_title(name) + " (" + name + ")" : name;
        out << "  " << std::left << std::setw(static_cast<int>(width)) << terminal_safe(label) << ' ' << std::right << std::setw(6) << count
            << '\n';
    }
}

void print_heading(std::ostream& out, const ReportModel& model, const ReportHeading& heading) {
    out << (heading.school.empty() ? S{} : terminal_safe(heading.school) + ": ") << "schoolgate report, "
        << (heading.person.empty() ? S{"whole school"} : terminal_safe(heading.person)) << '\n';
    out << "Asked for: " << terminal_safe(display_window(heading)) << '\n';
    out << "Covered: " << terminal_safe(display_covered(model.events)) << '\n';
    out << "Read: " << plural(model.files.size(), "file", "files") << ", " << plural(model.lines, "line", "lines") << "; "
        << plural(model.skipped.size(), "line", "lines") << " skipped as unreadable";
    if (model.unknown_kind_lines > 0) {
        out << "; " << plural(model.unknown_kind_lines, "event", "events") << " of kinds this report does not know ignored (";
        bool first = true;
        for (const auto& [kind, count] : model.unknown_kinds) {
            out << (first ? "" : ", ") << terminal_safe(kind) << ": " << count;
            first = false;
        }
        out << ')';
    }
    out << '\n';
}

// Lost evidence comes before anything else: every number below it may be an undercount.
void print_gaps(std::ostream& out, const ReportModel& model) {
    if (model.gaps == 0) return;
    out << "\n!!! EVIDENCE LOST: " << plural(static_cast<std::size_t>(model.events_lost), "event", "events") << " could not be written, in "
        << plural(model.gaps, "gap", "gaps") << ". The counts below are incomplete for those times. !!!\n";
    for (const auto& e : model.events) {
        if (e.kind != EventKind::Gap) continue;
        out << "  " << terminal_safe(e.gap_since) << " to " << terminal_safe(e.ts_text) << ": " << e.lost << " lost ("
            << terminal_safe(e.cause == "queue_full" ? "the event queue was full" : e.cause == "write_failed" ? "writing failed (disk full or read-only?)" : e.cause)
            << ")\n";
    }
}

void print_summary_sentences(std::ostream& out, const ReportModel& model) {
    out << "\nIn plain words\n";
    out << "  " << plural(model.blocked, "connection was", "connections were") << " blocked and "
        << plural(model.monitored, "was", "were") << " monitored (allowed and logged)";
    if (model.allowed > 0) {
        // Allowed flows are logged only with circumvention on them, or by replay --all-flows.
        out << "; " << plural(model.allowed, "allowed connection was", "allowed connections were")
            << " logged too (circumvention seen, or replay --all-flows)";
    }
    out << ".\n";
    out << "  " << plural(model.circumvention, "attempt", "attempts") << " to get round the filter "
        << (model.circumvention == 1 ? "was" : "were") << " seen, using "
        << plural(model.circumvention_by_technique.size(), "technique", "techniques") << ".\n";
    out << "  " << plural(model.attempts_by_device.size(), "device", "devices") << " made blocked or circumvention attempts ("
        << plural(model.attempts_by_user.size(), "named user", "named users") << ").\n";
    out << "  " << plural(model.alerts, "alert was", "alerts were") << " raised. "
        << (model.gaps == 0 ? "No evidence was lost." : "Evidence WAS lost: see above.") << '\n';
}

void print_alerts(std::ostream& out, const ReportModel& model) {
    out << "\nAlerts\n";
    if (model.alerts == 0) {
        out << "  none\n";
        return;
    }
    for (const auto& e : model.events) {
        if (e.kind != EventKind::Alert) continue;
        out << "  " << display_time(e) << "  " << terminal_safe(e.period.empty() ? S{"-"} : e.period) << "  "
            << terminal_safe(display_who(e)) << ": " << terminal_safe(e.alert) << ", "
            << plural(static_cast<std::size_t>(e.attempts), "attempt", "attempts");
        if (!e.service.empty()) out << " (" << terminal_safe(e.service) << ")";
        if (const auto techniques = display_techniques(e); !techniques.empty()) out << " using " << terminal_safe(techniques);
        out << "\n    " << terminal_safe(e.reason) << '\n';
    }
}

void print_skipped(std::ostream& out, const ReportModel& model) {
    if (model.skipped.empty()) return;
    out << "\nLines skipped (not readable as events)\n";
    std::size_t shown = 0;
    for (const auto& s : model.skipped) {
        if (shown++ == limits::kMaxWarningsShown) {
            out << "  ... and " << model.skipped.size() - limits::kMaxWarningsShown << " more\n";
            break;
        }
        out << "  " << terminal_safe(s.file) << ":" << s.line << ": " << terminal_safe(s.reason) << '\n';
    }
}

void print_timeline(std::ostream& out, const ReportModel& model) {
    out << "\nTimeline (every event recorded in the window, oldest first; school time)\n";
    if (model.events.empty()) out << "  no events\n";
    for (const auto& e : model.events) {
        out << "  " << display_time(e) << "  " << std::left << std::setw(14) << terminal_safe(e.period.empty() ? S{"-"} : e.period)
            << ' ' << std::setw(8) << display_verdict(e) << std::right;
        if (e.kind == EventKind::Gap) {
            out << plural(static_cast<std::size_t>(e.lost), "event from everyone was", "events from everyone were")
                << " lost since " << terminal_safe(e.gap_since)
                << ": this timeline may be incomplete\n";
            continue;
        }
        if (e.kind == EventKind::Alert) {
            out << terminal_safe(e.alert) << ", " << plural(static_cast<std::size_t>(e.attempts), "attempt", "attempts");
            if (!e.service.empty()) out << " (" << terminal_safe(e.service) << ")";
            out << ": " << terminal_safe(e.reason) << '\n';
            continue;
        }
        out << terminal_safe(display_destination(e));
        if (!e.service.empty()) out << " (" << terminal_safe(e.service) << ")";
        out << "  rule " << terminal_safe(e.rule.empty() ? S{"-"} : e.rule);
        if (const auto techniques = display_techniques(e); !techniques.empty()) out << "  [" << terminal_safe(techniques) << "]";
        out << "  from " << terminal_safe(display_who(e)) << '\n';
    }
}

}  // namespace

void render_text(const ReportModel& model, const ReportHeading& heading, std::ostream& out) {
    print_heading(out, model, heading);
    print_gaps(out, model);
    print_summary_sentences(out, model);
    if (!heading.person.empty()) {
        print_tally(out, "Blocked, by service", model.blocks_by_service);
        print_tally(out, "Getting round the filter, by technique", model.circumvention_by_technique, SIZE_MAX, true);
        print_timeline(out, model);
        print_skipped(out, model);
        return;
    }
    print_tally(out, "Blocked, by service", model.blocks_by_service);
    print_tally(out, "Blocked, by role", model.blocks_by_role);
    print_tally(out, "Blocked, by timetable period", model.blocks_by_period);
    print_tally(out, "Monitored use (allowed and logged), by service", model.monitored_by_service);
    print_tally(out, "Monitored use, by person", model.monitored_by_user, limits::kTopEntries);
    print_tally(out, "Getting round the filter, by technique", model.circumvention_by_technique, SIZE_MAX, true);
    print_tally(out, "Most attempts (blocked + circumvention), users", model.attempts_by_user, limits::kTopEntries);
    print_tally(out, "Most attempts (blocked + circumvention), devices", model.attempts_by_device, limits::kTopEntries);
    print_alerts(out, model);
    print_skipped(out, model);
}

}  // namespace schoolgate::tools::report
