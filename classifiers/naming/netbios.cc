#include "classifiers/naming/netbios.h"

#include <algorithm>

#include "common/wire/byte_reader.h"

namespace schoolgate::classifiers::naming {

namespace {

constexpr std::uint8_t kEncodedNameBytes = 32;  // 16 bytes, each as two letters 'A' + nibble (RFC 1001 §14.1)

// A first-level encoded NetBIOS name: its length byte, then 32 letters A-P.
bool read_encoded_name(wire::ByteReader& reader) noexcept {
    const auto length = reader.read_u8();
    if (!length || *length != kEncodedNameBytes) return false;
    const auto letters = reader.read_bytes(kEncodedNameBytes);
    return letters && std::all_of(letters->begin(), letters->end(), [](std::uint8_t c) { return c >= 'A' && c <= 'P'; });
}

// RFC 1002 §4.2.1.1: opcodes query 0, registration 5, release 6, WACK 7, refresh 8 (and 9, which
// Windows sends for a refresh, as Wireshark's packet-nbns.c notes).
bool is_name_service(std::span<const std::uint8_t> datagram) noexcept {
    wire::ByteReader reader{datagram};
    reader.skip(2);  // transaction id
    const auto flags = reader.read_u16();
    const auto questions = reader.read_u16();
    const auto answers = reader.read_u16();
    if (!flags || !questions || !answers || !reader.skip(4)) return false;  // authority, additional counts
    const unsigned opcode = (*flags >> 11) & 0x0f;
    const bool known_opcode = opcode == 0 || (opcode >= 5 && opcode <= 9);
    return known_opcode && *questions + *answers > 0 && read_encoded_name(reader);
}

// RFC 1002 §4.4.1: direct unique 0x10, direct group 0x11, broadcast 0x12 carry a datagram; error 0x13;
// query request 0x14 and its positive 0x15 and negative 0x16 answers carry a destination name.
bool is_datagram_service(std::span<const std::uint8_t> datagram) noexcept {
    constexpr std::size_t kDatagramHeaderBytes = 14;  // up to and including PACKET_OFFSET
    wire::ByteReader reader{datagram};
    const auto type = reader.read_u8();
    const auto flags = reader.read_u8();
    if (!type || !flags || (*flags & 0xf0) != 0 || !reader.skip(8)) return false;  // id, source ip and port
    if (*type >= 0x10 && *type <= 0x12) {
        const auto length = reader.read_u16();
        return length && reader.skip(2) && *length == datagram.size() - kDatagramHeaderBytes &&
               read_encoded_name(reader);
    }
    if (*type == 0x13) return datagram.size() == 11;  // ERROR_CODE, one byte
    return *type >= 0x14 && *type <= 0x16 && read_encoded_name(reader);
}

}  // namespace

bool is_netbios_message(std::span<const std::uint8_t> datagram) noexcept {
    return is_datagram_service(datagram) || is_name_service(datagram);
}

}  // namespace schoolgate::classifiers::naming
