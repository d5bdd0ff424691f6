#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config_error.h"
#include "tools/console/routes.h"
#include "tools/console/timetable_view.h"

namespace schoolgate::tools::console {

/// Which item a form edits: a section, the item's index (none: the "add" form), and for half terms the
/// term, for periods the day schedule.
struct ItemRef {
    std::string section;
    std::optional<std::size_t> index;
    std::size_t term = 0;
    std::string day;
    bool operator==(const ItemRef&) const = default;
    /// The key path the compiler names the item by ("timetable.closures[1]"); `count` is the list's size,
    /// the index an added item gets.
    std::string path(std::size_t count) const;
};

/// A form sent back after a refusal: what was typed (kept, nothing lost) and the compiler's errors, each
/// beside its field when it names one of the item's keys, else above the form.
struct Submitted {
    ItemRef item;
    std::map<std::string, std::string> values;
    std::map<std::string, std::vector<std::string>> field_errors;
    std::vector<std::string> form_errors;
};

/// Renders the Timetable page's sections for `caller` (forms when they may edit, tables when they read).
struct TimetableRender {
    const Caller& caller;
    const TimetableFile& file;
    const Submitted* submitted = nullptr;
    bool editable = false;
    std::string sections() const;
};

/// Sorts `errors` out onto the submitted form (fields and form) and the rest, returned for the page's top.
std::vector<std::string> place_errors(Submitted& submitted, const config::ConfigErrors& errors, std::size_t count);

}  // namespace schoolgate::tools::console
