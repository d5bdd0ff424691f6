#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace schoolgate::config::yaml {

/// One item of a timetable file to add, change or remove, as the console's forms give it. Sections:
/// "terms" (name, start, end), "half_terms" (start, end; of terms[term]), "closures" (date, until, name,
/// kind), "special_days" (date, day), "periods" (name, start, end, kind; of days[day]). Values stay text:
/// the compiler decides what a valid date or time is. An empty value leaves an optional key out.
struct TimetableItemEdit {
    std::string section;
    std::optional<std::size_t> index;  ///< the item changed or removed; std::nullopt adds one at the end
    std::size_t term = 0;              ///< half_terms: which term
    std::string day;                   ///< periods: which day schedule ("standard")
    bool remove = false;
    std::vector<std::pair<std::string, std::string>> fields;
};

using TimetableItem = std::map<std::string, std::string>;

/// The file's text after the edit, and the item as it was and as it is (empty when added or removed), for
/// the audit; `path` is the item's key path as the compiler's errors name it ("timetable.closures[1]").
struct TimetableEdited {
    std::string text;
    std::string path;
    TimetableItem before;
    TimetableItem after;
};

/// Applies `edit` to the text of a timetable file (`timetable:` only). The file is read with yaml-cpp and
/// written again: the comment lines at its top are kept, other comments are not (the console's own file).
/// Refuses with one sentence an unknown section, key or item, or a file that is not a timetable file.
/// Shape only: compile the policy with the result to validate it. Catches yaml-cpp's exceptions.
Result<TimetableEdited, std::string> edit_timetable_text(const std::string& text, const TimetableItemEdit& edit);

/// The keys a section's items have, in the order forms show them; empty for an unknown section.
const std::vector<std::string>& timetable_item_keys(const std::string& section);

}  // namespace schoolgate::config::yaml
