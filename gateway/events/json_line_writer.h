#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace schoolgate::gateway::events {

/// Writes one compact JSON value (no whitespace) straight into a caller's string: no tree, and no
/// allocation beyond the string's own growth. Small pieces (punctuation, keys, numbers, escapes) go through
/// a buffer inside the writer, which is appended to the string in large pieces, and whole on closing the
/// outermost object or array (or on flush()).
///
/// The writer keeps only "is a comma due"; the caller writes keys in the order it wants them (the event
/// serializer writes them in nlohmann::json's std::map order). Strings are escaped byte for byte as
/// nlohmann::json 3.11.2 escapes them with dump(-1, ' ', false, error_handler_t::replace):
/// - `"` and `\` with a backslash; \b \f \n \r \t by name; every other byte below 0x20 as \u00xx
///   (lowercase hex); 0x7F and well-formed UTF-8 as they are;
/// - each ill-formed UTF-8 sequence as one U+FFFD (EF BF BD). A sequence ends just before the first byte
///   that cannot continue it, and that byte starts what follows: nlohmann's decoder reads it again (its
///   "maximal subpart" rule). A sequence cut off by the end of the string is one U+FFFD.
class JsonLineWriter {
public:
    /// Appends to `out` (does not clear it). `out` must outlive the writer.
    explicit JsonLineWriter(std::string& out) noexcept : out_(out) {}
    JsonLineWriter(const JsonLineWriter&) = delete;
    JsonLineWriter& operator=(const JsonLineWriter&) = delete;

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    /// `name` is a string literal written as it is: a field name of the schema, plain ASCII that needs no
    /// escape.
    template <std::size_t N>
    void key(const char (&name)[N]) {
        static_assert(N > 1 && N <= kMaxKeyBytes + 1, "a field name of the schema");
        room(N + 3);
        if (comma_due_) buffer_[used_++] = ',';
        buffer_[used_++] = '"';
        std::memcpy(buffer_ + used_, name, N - 1);
        used_ += N - 1;
        buffer_[used_++] = '"';
        buffer_[used_++] = ':';
        comma_due_ = false;
    }

    void string(std::string_view text);
    /// A string known to need no escape (digits, hex, an address, a timestamp), written as it is.
    void plain_string(std::string_view text);
    void uint(std::uint64_t value);
    void integer(std::int64_t value);
    void boolean(bool value);

    /// Appends what is buffered to the string. Done by itself when the outermost object or array closes;
    /// needed only after a value written outside any object or array.
    void flush();

private:
    static constexpr std::size_t kBufferBytes = 1024;
    static constexpr std::size_t kMaxKeyBytes = 64;

    /// Makes room for `bytes` (at most kBufferBytes) in the buffer.
    void room(std::size_t bytes) {
        if (kBufferBytes - used_ < bytes) flush();
    }
    void separator() {
        if (comma_due_) {
            room(1);
            buffer_[used_++] = ',';
        }
    }
    void put(char c) {
        room(1);
        buffer_[used_++] = c;
    }
    /// Any length: bytes that do not fit the buffer go to the string directly, after what is buffered.
    void put(std::string_view bytes);
    void open(char bracket) {
        room(2);
        if (comma_due_) buffer_[used_++] = ',';
        buffer_[used_++] = bracket;
        comma_due_ = false;
        ++depth_;
    }
    void close(char bracket) {
        put(bracket);
        comma_due_ = true;
        if (--depth_ == 0) flush();
    }

    std::string& out_;
    std::size_t used_ = 0;
    int depth_ = 0;
    bool comma_due_ = false;
    char buffer_[kBufferBytes];  // not initialised: bytes [0, used_) are written before they are read
};

/// Appends `text` to `out` as a quoted JSON string, escaped as JsonLineWriter::string escapes it.
void append_json_string(std::string& out, std::string_view text);

}  // namespace schoolgate::gateway::events
