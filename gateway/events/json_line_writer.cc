#include "gateway/events/json_line_writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstring>

namespace schoolgate::gateway::events {

namespace {

enum ByteKind : std::uint8_t {
    kPlain,   ///< copied as it is
    kEscape,  ///< written as a backslash escape
    kLead,    ///< 0x80..0xFF: part of a UTF-8 sequence, well-formed or not
};

constexpr std::array<std::uint8_t, 256> kByteKinds = [] {
    std::array<std::uint8_t, 256> kinds{};
    for (std::size_t byte = 0; byte < kinds.size(); ++byte) {
        if (byte < 0x20 || byte == '"' || byte == '\\') {
            kinds[byte] = kEscape;
        } else if (byte >= 0x80) {
            kinds[byte] = kLead;
        } else {
            kinds[byte] = kPlain;
        }
    }
    return kinds;
}();

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8
constexpr std::string_view kHexDigits = "0123456789abcdef";

/// Writes the escape for `byte` (below 0x20, a quote or a backslash) at `at`; returns its length (2 or 6).
std::size_t write_escape(char* at, unsigned char byte) {
    char escape = 0;
    switch (byte) {
        case 0x08: escape = 'b'; break;
        case 0x09: escape = 't'; break;
        case 0x0A: escape = 'n'; break;
        case 0x0C: escape = 'f'; break;
        case 0x0D: escape = 'r'; break;
        case '"': escape = '"'; break;
        case '\\': escape = '\\'; break;
        default: break;
    }
    at[0] = '\\';
    if (escape != 0) {
        at[1] = escape;
        return 2;
    }
    at[1] = 'u';
    at[2] = '0';
    at[3] = '0';
    at[4] = kHexDigits[byte >> 4];
    at[5] = kHexDigits[byte & 0x0F];
    return 6;
}

struct Utf8Sequence {
    std::size_t length;  ///< bytes it takes; when ill-formed, the bytes one U+FFFD stands for
    bool well_formed;
};

/// The sequence that starts at `text[at]` (a byte >= 0x80), per the Unicode table of well-formed UTF-8
/// byte sequences (no overlong forms, no surrogates, nothing above U+10FFFF). An ill-formed one ends just
/// before the first byte that cannot continue it: that byte is read again as the start of what follows,
/// exactly as nlohmann's decoder re-reads it. A sequence cut off by the end of the text takes the rest.
Utf8Sequence scan_utf8(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 0;
    unsigned char low = 0x80;  // the range allowed for the second byte; later bytes are 0x80..0xBF
    unsigned char high = 0xBF;
    if (lead < 0xC2) {
        return {1, false};  // a continuation byte on its own, or C0/C1 (always overlong)
    } else if (lead < 0xE0) {
        length = 2;
    } else if (lead < 0xF0) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // overlong below U+0800
        if (lead == 0xED) high = 0x9F;  // surrogates U+D800..U+DFFF
    } else if (lead < 0xF5) {
        length = 4;
        if (lead == 0xF0) low = 0x90;   // overlong below U+10000
        if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
        return {1, false};  // F5..FF never start a character
    }
    const std::size_t left = text.size() - at;
    for (std::size_t k = 1; k < length; ++k) {
        if (k == left) return {k, false};
        const auto next = static_cast<unsigned char>(text[at + k]);
        if (next < low || next > high) return {k, false};
        low = 0x80;
        high = 0xBF;
    }
    return {length, true};
}

/// True when none of the 8 bytes of `word` needs a second look: no byte below 0x20, no `"`, no `\`, nothing
/// from 0x80 up. (Each test is "some byte is below n" or "some byte is zero" from Bit Twiddling Hacks; they
/// never miss a byte, and a byte they flag wrongly only sends the word to the byte-at-a-time path.)
bool all_plain(std::uint64_t word) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    const auto has_zero_byte = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighBits; };
    const std::uint64_t control = (word - kOnes * 0x20) & ~word & kHighBits;
    const std::uint64_t quote = has_zero_byte(word ^ (kOnes * '"'));
    const std::uint64_t backslash = has_zero_byte(word ^ (kOnes * '\\'));
    return ((word & kHighBits) | control | quote | backslash) == 0;
}

}  // namespace

void JsonLineWriter::flush() {
    out_.append(buffer_, used_);
    used_ = 0;
}

void JsonLineWriter::put(std::string_view bytes) {
    if (bytes.empty()) return;
    if (bytes.size() > kBufferBytes - used_) {
        flush();
        if (bytes.size() > kBufferBytes) {
            out_.append(bytes);
            return;
        }
    }
    std::memcpy(buffer_ + used_, bytes.data(), bytes.size());
    used_ += bytes.size();
}

void JsonLineWriter::string(std::string_view text) {
    separator();
    put('"');
    std::size_t copied = 0;  // text[copied, i) is plain and not yet written
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.size() - i >= 8) {
            std::uint64_t word;
            std::memcpy(&word, text.data() + i, sizeof word);
            if (all_plain(word)) {
                i += 8;
                continue;
            }
        }
        // One byte at a time up to the first that needs a look (within these 8, or up to the end).
        const std::size_t stop = std::min(text.size(), i + 8);
        while (i < stop && kByteKinds[static_cast<unsigned char>(text[i])] == kPlain) ++i;
        if (i == stop) continue;
        const auto byte = static_cast<unsigned char>(text[i]);
        if (kByteKinds[byte] == kLead) {
            const Utf8Sequence sequence = scan_utf8(text, i);
            if (sequence.well_formed) {
                i += sequence.length;
                continue;
            }
            put(text.substr(copied, i - copied));
            put(kReplacement);
            i += sequence.length;
        } else {
            put(text.substr(copied, i - copied));
            room(6);
            used_ += write_escape(buffer_ + used_, byte);
            ++i;
        }
        copied = i;
    }
    put(text.substr(copied));
    put('"');
    comma_due_ = true;
}

void JsonLineWriter::plain_string(std::string_view text) {
    separator();
    put('"');
    put(text);
    put('"');
    comma_due_ = true;
}

void JsonLineWriter::uint(std::uint64_t value) {
    separator();
    room(20);
    used_ = static_cast<std::size_t>(std::to_chars(buffer_ + used_, buffer_ + used_ + 20, value).ptr - buffer_);
    comma_due_ = true;
}

void JsonLineWriter::integer(std::int64_t value) {
    separator();
    room(20);
    used_ = static_cast<std::size_t>(std::to_chars(buffer_ + used_, buffer_ + used_ + 20, value).ptr - buffer_);
    comma_due_ = true;
}

void JsonLineWriter::boolean(bool value) {
    separator();
    put(value ? std::string_view{"true"} : std::string_view{"false"});
    comma_due_ = true;
}

void append_json_string(std::string& out, std::string_view text) {
    JsonLineWriter json{out};
    json.string(text);
    json.flush();
}

}  // namespace schoolgate::gateway::events
