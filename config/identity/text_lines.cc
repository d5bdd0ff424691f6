#include "config/identity/text_lines.h"

#include <algorithm>
#include <charconv>

#include "config/identity/limits.h"

namespace schoolgate::config::identity {

std::string_view as_text(std::span<const std::uint8_t> bytes) noexcept {
    // Same size, same bytes: char and unsigned char may alias each other.
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

bool LineCursor::next(TextLine& line) noexcept {
    if (rest_.empty()) return false;
    const auto end = rest_.find('\n');
    std::string_view text = rest_.substr(0, end);
    rest_ = end == std::string_view::npos ? std::string_view{} : rest_.substr(end + 1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    line = {text, ++number_};
    return true;
}

std::vector<Field> split_on(std::string_view line, char separator, std::size_t max_fields) {
    std::vector<Field> fields;
    std::size_t start = 0;
    while (fields.size() <= max_fields) {
        const auto end = line.find(separator, start);
        fields.push_back({line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start),
                          static_cast<std::uint32_t>(start + 1)});
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return fields;
}

std::vector<Field> split_words(std::string_view line, std::size_t max_fields) {
    std::vector<Field> fields;
    std::size_t i = 0;
    while (i < line.size() && fields.size() <= max_fields) {
        if (line[i] == ' ' || line[i] == '\t') {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        fields.push_back({line.substr(start, i - start), static_cast<std::uint32_t>(start + 1)});
    }
    return fields;
}

std::optional<std::int64_t> whole_number(std::string_view text) noexcept {
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<std::string> host_name(std::string_view text) {
    if (text.empty() || text.size() > kMaxHostNameBytes) return std::nullopt;
    std::string name;
    name.reserve(text.size());
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        if (!ok) return std::nullopt;
        name.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return name;
}

std::string shown(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, 40)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
    if (text.size() > 40) out += "...";
    return out;
}

}  // namespace schoolgate::config::identity
