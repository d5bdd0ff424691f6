#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace schoolgate::config::identity {

/// The bytes of a text file as characters (no copy).
std::string_view as_text(std::span<const std::uint8_t> bytes) noexcept;

/// One line of a text file, without its end (LF, or CR LF), with its 1-based number.
struct TextLine {
    std::string_view text;
    std::uint32_t number = 0;
};

/// Walks a text's lines; a last line without an end is a line too.
class LineCursor {
public:
    explicit LineCursor(std::string_view text) noexcept : rest_(text) {}
    bool next(TextLine& line) noexcept;

private:
    std::string_view rest_;
    std::uint32_t number_ = 0;
};

/// A field of a line and its 1-based column.
struct Field {
    std::string_view text;
    std::uint32_t column = 0;
};

/// Splits on every `separator` (kept fields may be empty); at most `max_fields` + 1 are returned, so a
/// caller that expects N can tell "too many" without holding a hostile line's thousands of fields.
std::vector<Field> split_on(std::string_view line, char separator, std::size_t max_fields);
/// Splits on runs of spaces and tabs (no empty fields), bounded the same way.
std::vector<Field> split_words(std::string_view line, std::size_t max_fields);

/// A whole decimal number, no sign, that fits in int64; std::nullopt otherwise.
std::optional<std::int64_t> whole_number(std::string_view text) noexcept;
/// A DHCP host name (letters, digits, '-', '_', '.'; at most limits::kMaxHostNameBytes), lower-cased; or
/// std::nullopt.
std::optional<std::string> host_name(std::string_view text);
/// The text for a message: at most 40 characters, non-printable bytes as '?'.
std::string shown(std::string_view text);

}  // namespace schoolgate::config::identity
