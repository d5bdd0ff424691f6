#include "tools/schoolgate/timetable_command.h"

#include <CLI/CLI.hpp>
#include <date/date.h>
#include <iostream>

#include "config/timetable/local_moment.h"
#include "tools/common/policy_loading.h"

namespace schoolgate::tools {

namespace {

std::string hhmm(std::chrono::minutes m) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(m.count() / 60), static_cast<int>(m.count() % 60));
    return text;
}

void print_day(std::ostream& out, const config::timetable::DayView& day) {
    out << date::format("%a %F", day.day) << "  " << config::timetable::CompiledTimetable::describe(day) << '\n';
    if (!day.schedule) return;
    for (const auto& period : day.schedule->periods) {
        out << "    " << hhmm(period.start) << "-" << hhmm(period.end) << "  " << period.name << " ("
            << config::timetable::period_kind_name(period.kind) << ")\n";
    }
}

}  // namespace

TimetableOptions& add_timetable_command(CLI::App& app) {
    static TimetableOptions options;
    auto* timetable = app.add_subcommand("timetable", "Print a week of the school's timetable");
    timetable->add_option("--policy", options.policy, "school policy (YAML)")->required();
    timetable->add_option("--catalogue", options.catalogue, "service catalogue (default: the shipped one)");
    timetable->add_option("--week", options.week, "any date in the week, e.g. 2026-03-02 (default: this week)");
    return options;
}

int run_timetable(const TimetableOptions& options) {
    const auto snapshot = load_policy_snapshot(options.policy, options.catalogue, 0);
    if (!snapshot) return kExitConfigError;
    const auto& policy = *snapshot->policy;
    const auto instant = school_instant(policy, options.week, "--week");
    if (!instant) return kExitConfigError;
    const auto local_day = date::floor<date::days>(policy.moment(*instant).day);
    const auto& timetable = policy.timetable();
    std::cout << policy.school_name() << ": school hours " << hhmm(timetable.school_start()) << "-"
              << hhmm(timetable.school_end()) << " (" << policy.time_zone_name() << ")\n";
    for (const auto& day : timetable.week_of(date::year_month_day{local_day})) print_day(std::cout, day);
    return kExitOk;
}

}  // namespace schoolgate::tools
