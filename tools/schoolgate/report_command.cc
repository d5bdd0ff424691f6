#include "tools/schoolgate/report_command.h"

#include <CLI/CLI.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "tools/report/csv_renderer.h"
#include "tools/report/event_filter.h"
#include "tools/report/event_reader.h"
#include "tools/report/html_renderer.h"
#include "tools/report/limits.h"
#include "tools/report/report_bounds.h"
#include "tools/report/terminal_text.h"
#include "tools/report/text_renderer.h"
#include "tools/common/people.h"
#include "tools/common/policy_loading.h"
#include "tools/schoolgate/report_person.h"
#include "config/suggest.h"
#include "gateway/events/event_json.h"
#include "gateway/time/clock.h"

namespace schoolgate::tools {

namespace {

constexpr const char* kDescription =
    "Report on event files for the e-safety officer: the week in plain language (text), every event for a "
    "spreadsheet (csv) or one self-contained page with charts (html). With --user or --device: that one "
    "person's timeline, every event in order - this is how the school answers a UK GDPR subject access "
    "request (docs/data-protection.md).";

// Reports hold personal data: readable by the owner and the group (the e-safety team), nobody else.
// If the mode cannot be set, nothing is written: the umask might have left the file readable by anyone.
Result<void, std::string> write_output(const std::string& path, const std::string& text) {
    using Outcome = Result<void, std::string>;
    const Outcome cannot_write =
        Outcome::failure(path + ": cannot write the report (check the directory exists and is writable)");
    if (path == "-") {
        std::cout << text << std::flush;
        return std::cout ? Outcome::success() : cannot_write;
    }
    std::ofstream out{path, std::ios::binary | std::ios::trunc};
    if (!out) return cannot_write;
    std::error_code error;
    std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                           std::filesystem::perms::group_read, error);
    if (error) {
        const std::string why = error.message();
        out.close();
        std::filesystem::remove(path, error);  // the empty file; if that fails too, it holds nothing
        return Outcome::failure(path + ": cannot limit the report to its owner and group (" + why +
                                "); nothing written");
    }
    out << text;
    out.close();
    return out ? Outcome::success() : cannot_write;
}

void warn_skipped(const report::EventLog& log) {
    std::size_t shown = 0;
    for (const auto& s : log.skipped) {
        if (shown++ == report::limits::kMaxWarningsShown) {
            std::cerr << "warning: " << log.skipped.size() - report::limits::kMaxWarningsShown
                      << " more lines skipped (the report lists the first " << report::limits::kMaxWarningsShown << ")\n";
            break;
        }
        std::cerr << "warning: " << report::terminal_safe(s.file) << ":" << s.line << ": skipped: "
                  << report::terminal_safe(s.reason) << '\n';
    }
}

bool read_events(const std::vector<std::string>& paths, report::EventLog& log) {
    for (const auto& path : paths) {
        std::ifstream in{path, std::ios::binary};
        if (!in || std::filesystem::is_directory(path)) {
            std::cerr << path << ": cannot read events (check the file exists and is readable)\n";
            return false;
        }
        report::read_event_stream(in, path, log);
        if (in.bad()) {
            std::cerr << path << ": read error part way through the file\n";
            return false;
        }
    }
    return true;
}

// `--since today|this-week|last-week`: the window's first day, and its last as --until unless one was given.
// Dates are where the report is read: school-local with a policy, else UTC. False (said why) for another word.
bool resolve_named_window(const gateway::policy::PolicySnapshot* snapshot, std::string& since, std::string& until) {
    if (since.empty() || std::isdigit(static_cast<unsigned char>(since.front()))) return true;
    const auto now = gateway::time::SystemClock{}.wall_now();
    const auto today = (snapshot ? snapshot->policy->local_time_text(now) : gateway::events::format_utc(now)).substr(0, 10);
    const auto window = report::named_window(since, today);
    if (!window) {
        std::cerr << "--since: '" << since << "' is neither a time nor a window ("
                  << config::did_you_mean(since, {"today", "this-week", "last-week"})
                  << "name one of today, this-week or last-week, or give a date such as 2026-03-02)\n";
        return false;
    }
    since = window->first_day;
    if (until.empty()) until = window->last_day;
    return true;
}

// Events carry user ids; with --policy, the people who read the report see display names beside them
// (the directory's, else the policy's users:), looked up now, never stored in the log.
void name_people(const config::CompiledPolicy& policy, report::ReportModel& model, report::ReportHeading& heading) {
    for (auto* tally : {&model.monitored_by_user, &model.attempts_by_user}) {
        for (auto& [user, count] : *tally) user = user_with_name(policy, user);
    }
    if (heading.person.starts_with("user ")) heading.person = "user " + user_with_name(policy, heading.person.substr(5));
}

}  // namespace

ReportOptions& add_report_command(CLI::App& app) {
    static ReportOptions options;
    auto* report = app.add_subcommand("report", kDescription);
    report->add_option("events", options.events, "event files (JSON lines; rotated files too, in any order)")->required();
    report->add_option("--since", options.since,
                       "first instant, inclusive: school-local with --policy (2026-03-02 or 2026-03-02T08:30), "
                       "else UTC (2026-03-02T08:30Z); or a window by name: today, this-week or last-week (Monday "
                       "to Sunday; --until then defaults to its end)");
    report->add_option("--until", options.until, "end, exclusive; a bare date includes that whole day");
    report->add_option("--format", options.format, "text (default), csv or html");
    report->add_option("--user", options.user,
                       "only this user: their timeline (answers a UK GDPR subject access request)");
    report->add_option("--device", options.device,
                       "only this device: its label, or the address of a device with no label");
    report->add_option("--output", options.output, "where to write the report ('-' = stdout, the default)");
    report->add_option("--policy", options.policy, "school policy: --since/--until are then school-local times");
    report->add_option("--catalogue", options.catalogue, "service catalogue (default: the shipped one)");
    return options;
}

int run_report(const ReportOptions& options) {
    if (options.format != "text" && options.format != "csv" && options.format != "html") {
        std::cerr << "--format: '" << options.format << "' is not a report format (use text, csv or html)\n";
        return kExitUsage;
    }
    if (!options.user.empty() && !options.device.empty()) {
        std::cerr << "--user and --device: give one of them (a report is about one person or one device)\n";
        return kExitUsage;
    }
    report::ReportHeading heading;
    std::shared_ptr<const gateway::policy::PolicySnapshot> snapshot;
    if (!options.policy.empty()) {
        snapshot = load_policy_snapshot(options.policy, options.catalogue, 0);
        if (!snapshot) return kExitConfigError;
        heading.school = snapshot->policy->school_name();
    }
    report::LocalTimeParser local;
    if (snapshot) {
        local = [policy = snapshot->policy](const std::string& text) { return policy->parse_local_time(text); };
        // A time the clocks skip or repeat is refused with its two real choices, as check --at does.
        for (const auto& [option, text] : {std::pair{"--since", &options.since}, std::pair{"--until", &options.until}}) {
            if (text->empty()) continue;
            if (auto read = snapshot->policy->read_local_time(*text); !read.ok() && !read.error().malformed) {
                std::cerr << option << " " << *text << ": " << read.error().message << '\n';
                return kExitUsage;
            }
        }
    }
    std::string since = options.since;
    std::string until = options.until;
    if (!resolve_named_window(snapshot.get(), since, until)) return kExitUsage;
    const auto bounds = report::parse_report_bounds(since, until, local);
    if (!bounds.ok()) {
        std::cerr << bounds.error() << '\n';
        return kExitUsage;
    }
    heading.zone = snapshot ? snapshot->policy->time_zone_name() : "UTC";
    heading.since = since == options.since ? since : options.since + " (" + since + ")";
    heading.until = until;
    if (!options.user.empty()) heading.person = "user " + options.user;
    if (!options.device.empty()) heading.person = "device " + options.device;

    report::EventLog log;
    if (!read_events(options.events, log)) return kExitCaptureError;
    warn_skipped(log);
    report::sort_chronologically(log);
    report::EventFilter filter{bounds.value().since, bounds.value().until, options.user, options.device};
    if (const auto unknown = unknown_person(filter, log.events, snapshot ? snapshot->policy.get() : nullptr)) {
        std::cerr << *unknown << '\n';
        return kExitUsage;
    }
    auto model = report::build_report(report::apply_filter(std::move(log.events), filter), log);
    if (snapshot) name_people(*snapshot->policy, model, heading);

    std::ostringstream text;
    if (options.format == "csv") report::render_csv(model, text);
    else if (options.format == "html") report::render_html(model, heading, text);
    else report::render_text(model, heading, text);
    if (const auto written = write_output(options.output, text.str()); !written.ok()) {
        std::cerr << written.error() << '\n';
        return kExitCaptureError;
    }
    if (options.output != "-") std::cerr << "wrote " << options.output << " (" << model.events.size() << " events)\n";
    return kExitOk;
}

}  // namespace schoolgate::tools
