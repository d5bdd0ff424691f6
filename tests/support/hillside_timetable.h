#pragma once

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <date/date.h>

#include "config/timetable/compiled_timetable.h"
#include "config/yaml/timetable_reader.h"

/// The Hillside demo school's timetable, 2025-26 and 2026-27, as the `timetable:` section of a policy
/// file (top-level key, two-space indent), for tests that need a realistic school: append it to a
/// policy, or read it alone with config::yaml::read_timetable_text(). Line numbers in tests count from
/// the first line here ("timetable:").
///
/// Monday-Friday: registration 08:45-09:00, P1 09:00-10:00, P2 10:00-11:00, break 11:00-11:20,
/// P3 11:20-12:20, lunch 12:20-13:15, P4 13:15-14:15, P5 14:15-15:15; school hours 08:30-15:30.
/// Terms 2025-26: autumn 09-03..12-19 (half term 10-27..10-31), spring 01-05..04-02 (02-16..02-20),
/// summer 04-20..07-22 (05-25..05-29). Terms 2026-27: autumn 09-03..12-18 (10-26..10-30), spring
/// 01-05..03-26 (02-15..02-19), summer 04-12..07-21 (05-31..06-04). INSET day 2026-11-27. The last
/// day of the 2025-26 summer term, 2026-07-22, follows the early-finish schedule (home at 13:15).
namespace schoolgate::test {

inline constexpr const char* kHillsideTimetable = R"(timetable:
  school_hours: {start: "08:30", end: "15:30"}
  days:
    standard:
      - {name: Registration, start: "08:45", end: "09:00", kind: registration}
      - {name: P1, start: "09:00", end: "10:00", kind: lesson}
      - {name: P2, start: "10:00", end: "11:00", kind: lesson}
      - {name: Break, start: "11:00", end: "11:20", kind: break}
      - {name: P3, start: "11:20", end: "12:20", kind: lesson}
      - {name: Lunch, start: "12:20", end: "13:15", kind: lunch}
      - {name: P4, start: "13:15", end: "14:15", kind: lesson}
      - {name: P5, start: "14:15", end: "15:15", kind: lesson}
    early-finish:
      - {name: Registration, start: "08:45", end: "09:00", kind: registration}
      - {name: P1, start: "09:00", end: "10:00", kind: lesson}
      - {name: P2, start: "10:00", end: "11:00", kind: lesson}
      - {name: Break, start: "11:00", end: "11:20", kind: break}
      - {name: P3, start: "11:20", end: "12:20", kind: lesson}
      - {name: Lunch, start: "12:20", end: "13:15", kind: lunch}
  week: {monday: standard, tuesday: standard, wednesday: standard, thursday: standard, friday: standard}
  terms:
    - {name: Autumn term, start: 2025-09-03, end: 2025-12-19, half_terms: [{start: 2025-10-27, end: 2025-10-31}]}
    - {name: Spring term, start: 2026-01-05, end: 2026-04-02, half_terms: [{start: 2026-02-16, end: 2026-02-20}]}
    - {name: Summer term, start: 2026-04-20, end: 2026-07-22, half_terms: [{start: 2026-05-25, end: 2026-05-29}]}
    - {name: Autumn term, start: 2026-09-03, end: 2026-12-18, half_terms: [{start: 2026-10-26, end: 2026-10-30}]}
    - {name: Spring term, start: 2027-01-05, end: 2027-03-26, half_terms: [{start: 2027-02-15, end: 2027-02-19}]}
    - {name: Summer term, start: 2027-04-12, end: 2027-07-21, half_terms: [{start: 2027-05-31, end: 2027-06-04}]}
  closures:
    - {date: 2026-11-27, name: INSET day, kind: inset}
  special_days:
    - {date: 2026-07-22, day: early-finish}
)";

// Helpers for any timetable text: YAML in, compiled timetable or error messages out.

/// Every error from reading and then compiling `yaml` (read errors stop before compiling, as in the
/// policy loader), each as "t.yaml:LINE:COL: path: message"; empty when the timetable is valid.
inline std::vector<std::string> timetable_errors(const std::string& yaml) {
    std::vector<std::string> messages;
    auto read = config::yaml::read_timetable_text(yaml, "t.yaml");
    if (!read.ok()) {
        for (const auto& e : read.error()) messages.push_back(e.to_string());
        return messages;
    }
    auto compiled = config::timetable::compile_timetable(read.value());
    if (!compiled.ok()) {
        for (const auto& e : compiled.error()) messages.push_back(e.to_string());
    }
    return messages;
}

/// The compiled timetable; throws (failing the test with the first message) when `yaml` has mistakes.
inline config::timetable::CompiledTimetable compile_timetable_text(const std::string& yaml) {
    auto read = config::yaml::read_timetable_text(yaml, "t.yaml");
    if (!read.ok()) throw std::runtime_error(read.error().front().to_string());
    auto compiled = config::timetable::compile_timetable(read.value());
    if (!compiled.ok()) throw std::runtime_error(compiled.error().front().to_string());
    return std::move(compiled).value();
}

/// "2026-03-02 09:59:59" as local civil time (no zone involved).
inline date::local_seconds local_at(const std::string& text) {
    date::local_seconds local;
    std::istringstream in{text};
    in >> date::parse("%F %T", local);
    if (in.fail()) throw std::runtime_error("bad test time " + text);
    return local;
}

inline date::local_days local_day(const std::string& text) {
    return std::chrono::floor<date::days>(local_at(text + " 00:00:00"));
}

}  // namespace schoolgate::test
