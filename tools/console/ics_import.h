#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include "common/result.h"
#include "config/timetable/timetable_model.h"
#include "config/yaml/timetable_edit.h"

namespace schoolgate::tools::console {

/// The biggest term-dates file the console reads: a local authority's file for two years is a few KB.
inline constexpr std::size_t kMaxIcsBytes = 32 * 1024;

struct IcsHalfTerm {
    date::local_days first;
    date::local_days last;
};

struct IcsTerm {
    std::string name;  ///< "Autumn term"
    date::local_days first;
    date::local_days last;
    std::vector<IcsHalfTerm> half_terms;
};

struct IcsClosure {
    std::string name;  ///< the event's summary ("INSET day", "Early May bank holiday")
    std::string kind;  ///< "inset" or "closure" (a bank holiday in term)
    date::local_days first;
    date::local_days last;
};

/// An event the import leaves out, and why (shown to the officer as "not imported").
struct IcsSkipped {
    std::string summary;
    std::string dates;  ///< "2026-12-25" or "2026-12-21 to 2027-01-01", or "" when unknown
    std::string reason;
};

/// What a local authority's term-dates file says, mapped to the timetable's words (docs/console.md, "Term
/// dates from an ICS file", gives the rules): terms (from one event spanning the term, or a "... term
/// starts" and a "... term ends" event), half terms (inside a term), INSET days and bank holidays in term
/// (closures). Everything else is skipped with its reason.
struct IcsImport {
    std::vector<IcsTerm> terms;
    std::vector<IcsHalfTerm> half_terms_of_existing;  ///< half terms of terms the timetable has already
    std::vector<IcsClosure> closures;
    std::vector<IcsSkipped> skipped;
    std::size_t events = 0;  ///< VEVENTs read
};

/// Reads an iCalendar file (RFC 5545) with libical and maps its VEVENTs by SUMMARY. All-day events (DATE,
/// DTEND exclusive) and timed events (DATE-TIME: the dates as written) are read, spans of several days
/// included; a repeating term, half term, INSET day or bank holiday (RRULE less EXDATEs) on each of its dates
/// up to three years on; another repeating event once; a malformed one is skipped with the reason. Fails with one
/// sentence on a file over kMaxIcsBytes, one that is not iCalendar, or one without a VCALENDAR.
Result<IcsImport, std::string> read_term_dates_ics(std::string_view text, const std::vector<IcsTerm>& existing_terms = {});

/// One line of the import's preview, and the timetable edits that make it so.
struct ImportStep {
    std::string text;  ///< "add Autumn term 2027-09-02 to 2027-12-17", "already in the timetable: ..."
    bool change = false;
};
struct ImportPlan {
    std::vector<ImportStep> steps;
    std::vector<config::yaml::TimetableItemEdit> edits;
};

/// What importing would change in `current` (the timetable file as read): terms, half terms and closures
/// not already there are added (a half term to the term holding it); what is there already is listed.
ImportPlan plan_import(const IcsImport& import, const config::timetable::TimetableModel& current);

/// The terms of a timetable model whose dates read (to map half terms and bank holidays of a file that
/// names no terms of its own).
std::vector<IcsTerm> terms_of(const config::timetable::TimetableModel& model);

/// The import as JSON (terms and closures only), carried by the preview's confirm form; read back with
/// import_from_json(), which accepts only dates written YYYY-MM-DD and the two closure kinds.
nlohmann::json import_json(const IcsImport& import);
Result<IcsImport, std::string> import_from_json(const std::string& text);

/// "2026-09-03".
std::string date_text(date::local_days day);

}  // namespace schoolgate::tools::console
