#pragma once

#include <cstddef>

namespace schoolgate::tools::report::limits {

/// Longest event line read. A real event is under 4 KiB (strings are capped at 255 bytes, evidence at
/// 1 KiB); anything longer is not one of ours and is skipped without being held in memory.
inline constexpr std::size_t kMaxLineBytes = 64 * 1024;
/// Warnings printed per run for skipped lines; the rest are only counted (a corrupt file must not flood
/// the terminal).
inline constexpr std::size_t kMaxWarningsShown = 20;
/// Distinct unknown event kinds counted by name; the rest are counted together.
inline constexpr std::size_t kMaxUnknownKinds = 50;
/// Rows in the "most attempts" lists.
inline constexpr std::size_t kTopEntries = 10;
/// Event rows in a whole-school HTML page (the CSV has every event); a person's timeline is never cut.
inline constexpr std::size_t kMaxHtmlEventRows = 2000;

}  // namespace schoolgate::tools::report::limits
