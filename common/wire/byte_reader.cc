#include "common/wire/byte_reader.h"

namespace schoolgate::wire {

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
