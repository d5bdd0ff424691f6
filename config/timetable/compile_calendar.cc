#include <algorithm>

#include "config/suggest.h"
#include "config/timetable/civil_text.h"
#include "config/timetable/compile_steps.h"

namespace schoolgate::config::timetable::detail {

namespace {

struct DateRange {
    date::local_days first;
    date::local_days last;
};

// The keys of a date range as written, and what it is ("a term"), for the fix in parentheses.
struct RangeKeys {
    const char* start;
    const char* end;
    const char* what;
};

std::optional<DateRange> range_at(const Written& start, const Written& end, const std::string& path, RangeKeys keys,
                                  ErrorSink& errors) {
    const std::string end_key = keys.end;
    const auto first = date_at(start, path + "." + keys.start, errors);
    const auto last = date_at(end, path + "." + end_key, errors);
    if (!first || !last) return std::nullopt;
    if (*last < *first) {
        errors.add(end, path + "." + end_key,
                   end_key + " " + end.text + " is before " + keys.start + " " + start.text + " (" + keys.what +
                       " ends on or after the day it starts)");
        return std::nullopt;
    }
    return DateRange{*first, *last};
}

std::optional<HalfTerm> compile_half_term(const HalfTermModel& model, const Term& term, const std::string& path,
                                          ErrorSink& errors) {
    const auto range = range_at(model.start, model.end, path, {"start", "end", "a half term"}, errors);
    if (!range) return std::nullopt;
    if (range->first < term.first || range->last > term.last) {
        errors.add(model.at, path,
                   "half term " + date_range(range->first, range->last) + " is not inside '" + term.name + "' " +
                       date_range(term.first, term.last) + " (move it inside the term, or fix the term's dates)");
        return std::nullopt;
    }
    return HalfTerm{range->first, range->last};
}

struct PlacedTerm {
    Term term;
    const TermModel* model;
    std::string path;
};

void check_term_overlaps(std::vector<PlacedTerm>& placed, ErrorSink& errors) {
    std::stable_sort(placed.begin(), placed.end(), [](const auto& a, const auto& b) { return a.term.first < b.term.first; });
    for (std::size_t i = 1; i < placed.size(); ++i) {
        const Term& earlier = placed[i - 1].term;
        const Term& later = placed[i].term;
        if (later.first > earlier.last) continue;
        errors.add(placed[i].model->at, placed[i].path,
                   "'" + later.name + "' " + date_range(later.first, later.last) + " overlaps '" + earlier.name + "' " +
                       date_range(earlier.first, earlier.last) + " (start '" + later.name + "' after " +
                       format_date(earlier.last) + ", or end '" + earlier.name + "' before " +
                       format_date(later.first) + ")");
    }
}

std::optional<ClosureKind> closure_kind_at(const Written& kind, const std::string& path, ErrorSink& errors) {
    if (kind.text == "inset") return ClosureKind::Inset;
    if (kind.text == "closure") return ClosureKind::Closure;
    errors.add(kind, path, "unknown closure kind '" + kind.text + "' (" + did_you_mean(kind.text, {"inset", "closure"}) +
                               "kinds are inset, closure)");
    return std::nullopt;
}

void check_in_term(const CompiledTerms& terms, date::local_days day, const Written& at, const std::string& path,
                   ErrorSink& errors) {
    if (in_some_term(terms, day)) return;
    errors.add(at, path,
               at.text + " is not in any term (a closure is a day off in term: check the date, or add its term "
                         "under timetable.terms)");
}

}  // namespace

bool in_some_term(const CompiledTerms& terms, date::local_days day) noexcept {
    if (!terms.complete) return true;
    return std::any_of(terms.terms.begin(), terms.terms.end(),
                       [day](const Term& term) { return term.first <= day && day <= term.last; });
}

CompiledTerms compile_terms(const std::vector<TermModel>& terms, ErrorSink& errors) {
    CompiledTerms compiled;
    std::vector<PlacedTerm> placed;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const auto& model = terms[i];
        const std::string path = "timetable.terms[" + std::to_string(i) + "]";
        const auto range = range_at(model.start, model.end, path, {"start", "end", "a term"}, errors);
        if (!range) {
            compiled.complete = false;
            continue;
        }
        Term term{model.name.text, range->first, range->last, {}};
        for (std::size_t h = 0; h < model.half_terms.size(); ++h) {
            const std::string half_path = path + ".half_terms[" + std::to_string(h) + "]";
            if (auto half = compile_half_term(model.half_terms[h], term, half_path, errors)) term.half_terms.push_back(*half);
        }
        placed.push_back({std::move(term), &model, path});
    }
    check_term_overlaps(placed, errors);
    for (auto& entry : placed) compiled.terms.push_back(std::move(entry.term));
    return compiled;
}

std::vector<Closure> compile_closures(const std::vector<ClosureModel>& closures, const CompiledTerms& terms,
                                      ErrorSink& errors) {
    std::vector<Closure> compiled;
    for (std::size_t i = 0; i < closures.size(); ++i) {
        const auto& model = closures[i];
        const std::string path = "timetable.closures[" + std::to_string(i) + "]";
        const auto kind = closure_kind_at(model.kind, path + ".kind", errors);
        const Written until = model.until.value_or(model.date);
        std::optional<DateRange> range;
        if (model.until) {
            range = range_at(model.date, until, path, {"date", "until", "a closure"}, errors);
        } else if (const auto day = date_at(model.date, path + ".date", errors)) {
            range = DateRange{*day, *day};
        }
        if (!range || !kind) continue;
        check_in_term(terms, range->first, model.date, path + ".date", errors);
        if (model.until) check_in_term(terms, range->last, until, path + ".until", errors);
        const std::string fallback = *kind == ClosureKind::Inset ? "INSET day" : "school closed";
        compiled.push_back({model.name ? model.name->text : fallback, *kind, range->first, range->last});
    }
    return compiled;
}

}  // namespace schoolgate::config::timetable::detail
