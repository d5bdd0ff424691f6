#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace schoolgate::tools {

/// Edits an exemptions file as text, one entry at a time, so that everything else in it (comments above,
/// between and after the entries, blank lines, the author's layout) stays as it was. Understands the shape
/// `schoolgate exempt` and people write: a top-level `exemptions:` key holding a block sequence (`- id: ...`
/// items at one indentation) or an empty list (`exemptions: []`, or nothing after the key). Anything else
/// (a flow sequence with items, tabs in the indentation) gives nullopt, and the caller falls back to writing
/// the file afresh. An entry's own text is its `-` line and every line indented deeper up to its last
/// content line: comment and blank lines after that belong to no entry and are always kept. Pure functions;
/// the caller validates the result by loading it (the exact bytes it will write).
class ExemptionsText {
public:
    /// `text` with `entry` (one block sequence item starting at column 0 with "- ", e.g. from
    /// exemptions_to_yaml) added after the last entry's own text, indented as the existing entries are.
    static std::optional<std::string> with_entry_added(const std::string& text, const std::string& entry);
    /// `text` without the entry at `index` (0-based, in file order); the last one leaves `exemptions: []`.
    static std::optional<std::string> with_entry_removed(const std::string& text, std::size_t index);
};

}  // namespace schoolgate::tools
