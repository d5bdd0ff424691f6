#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/config_error.h"
#include "config/timetable/timetable_model.h"
#include "config/timetable/timetable_types.h"

/// Internal to config/timetable/: the steps of compile_timetable(), split by what they check.
namespace schoolgate::config::timetable::detail {

/// Collects located errors for one policy file.
class ErrorSink {
public:
    ErrorSink(std::string file, ConfigErrors& errors) : file_(std::move(file)), errors_(errors) {}
    void add(const Written& at, std::string path, std::string message);
    std::size_t count() const noexcept { return errors_.size(); }

private:
    std::string file_;
    ConfigErrors& errors_;
};

/// The value as a time or date, or std::nullopt after reporting "'9:5' is not a time (write it as 09:05)".
std::optional<std::chrono::minutes> clock_at(const Written& value, const std::string& path, ErrorSink& errors);
std::optional<date::local_days> date_at(const Written& value, const std::string& path, ErrorSink& errors);

/// `[first, last]` as "2025-09-03..2025-12-19".
std::string date_range(date::local_days first, date::local_days last);

/// Every day schedule by name, in file order; a schedule with a bad period keeps its good ones so that
/// references to it still resolve (and do not report a second, misleading error).
std::vector<DaySchedule> compile_days(const std::vector<DayModel>& days, ErrorSink& errors);

/// The terms sorted by first day. `complete` is false when some term was left out for its errors, so
/// later "not in any term" checks would mislead.
struct CompiledTerms {
    std::vector<Term> terms;
    bool complete = true;
};
CompiledTerms compile_terms(const std::vector<TermModel>& terms, ErrorSink& errors);

std::vector<Closure> compile_closures(const std::vector<ClosureModel>& closures, const CompiledTerms& terms,
                                      ErrorSink& errors);

/// Whether `day` falls in some term; always true when the terms are incomplete (see CompiledTerms).
bool in_some_term(const CompiledTerms& terms, date::local_days day) noexcept;

}  // namespace schoolgate::config::timetable::detail
