#include "common/wire/byte_reader.h"

namespace schoolgate::wire {

std::optional<Bytes> ByteReader::peek_bytes(std::size_t count) const noexcept {
    if (count > rest_.size()) return std::nullopt;
    return rest_.first(count);
}

std::optional<std::uint8_t> ByteReader::peek_u8() const noexcept {
    if (rest_.empty()) return std::nullopt;
    return rest_.front();
}

std::optional<Bytes> ByteReader::read_bytes(std::size_t count) noexcept {
    auto bytes = peek_bytes(count);
    if (bytes) rest_ = rest_.subspan(count);
    return bytes;
}

bool ByteReader::skip(std::size_t count) noexcept { return read_bytes(count).has_value(); }

std::optional<std::uint8_t> ByteReader::read_u8() noexcept {
    auto bytes = read_bytes(1);
    if (!bytes) return std::nullopt;
    return bytes->front();
}

std::optional<std::uint16_t> ByteReader::read_u16() noexcept {
    auto bytes = read_bytes(2);
    if (!bytes) return std::nullopt;
    return static_cast<std::uint16_t>(((*bytes)[0] << 8) | (*bytes)[1]);
}

std::optional<std::uint32_t> ByteReader::read_u24() noexcept {
    auto bytes = read_bytes(3);
    if (!bytes) return std::nullopt;
    return (std::uint32_t{(*bytes)[0]} << 16) | (std::uint32_t{(*bytes)[1]} << 8) | (*bytes)[2];
}

std::optional<std::uint32_t> ByteReader::read_u32() noexcept {
    auto bytes = read_bytes(4);
    if (!bytes) return std::nullopt;
    return (std::uint32_t{(*bytes)[0]} << 24) | (std::uint32_t{(*bytes)[1]} << 16) |
           (std::uint32_t{(*bytes)[2]} << 8) | (*bytes)[3];
}

namespace {

// A prefixed block is all-or-nothing: if the length or the block does not fit, the cursor stays put.
template <typename ReadLength>
std::optional<ByteReader> read_prefixed(ByteReader& reader, ReadLength read_length) noexcept {
    ByteReader attempt = reader;
    const auto length = read_length(attempt);
    if (!length) return std::nullopt;
    const auto block = attempt.read_bytes(*length);
    if (!block) return std::nullopt;
    reader = attempt;
    return ByteReader{*block};
}

}  // namespace

std::optional<ByteReader> ByteReader::read_u8_prefixed() noexcept {
    return read_prefixed(*this, [](ByteReader& r) { return r.read_u8(); });
}

std::optional<ByteReader> ByteReader::read_u16_prefixed() noexcept {
    return read_prefixed(*this, [](ByteReader& r) { return r.read_u16(); });
}

std::optional<ByteReader> ByteReader::read_u24_prefixed() noexcept {
    return read_prefixed(*this, [](ByteReader& r) { return r.read_u24(); });
}

Bytes ByteReader::read_rest() noexcept {
    Bytes all = rest_;
    rest_ = {};
    return all;
}

std::optional<std::uint8_t> load_u8(Bytes bytes, std::size_t offset) noexcept {
    if (offset >= bytes.size()) return std::nullopt;
    return bytes.subspan(offset).front();
}

std::optional<std::uint16_t> load_u16(Bytes bytes, std::size_t offset) noexcept {
    if (offset > bytes.size() || bytes.size() - offset < 2) return std::nullopt;
    ByteReader reader{bytes.subspan(offset)};
    return reader.read_u16();
}

}  // namespace schoolgate::wire
