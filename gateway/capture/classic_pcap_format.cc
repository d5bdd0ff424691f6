#include "gateway/capture/classic_pcap_format.h"

#include <cstring>

namespace schoolgate::gateway::capture {

namespace {

constexpr std::uint32_t kMagicMicroseconds = 0xa1b2c3d4;
constexpr std::uint32_t kMagicNanoseconds = 0xa1b23c4d;

std::uint32_t load32(std::span<const std::uint8_t> bytes, std::size_t at, bool swapped) noexcept {
    std::uint32_t value;
    std::memcpy(&value, bytes.data() + at, sizeof value);  // callers check at + 4 <= size
    return swapped ? __builtin_bswap32(value) : value;
}

std::uint16_t load16(std::span<const std::uint8_t> bytes, std::size_t at, bool swapped) noexcept {
    std::uint16_t value;
    std::memcpy(&value, bytes.data() + at, sizeof value);
    return swapped ? __builtin_bswap16(value) : value;
}

// The LINKTYPE_ values written in files (not the DLT_ values of the running system, which differ for raw
// IP). The whole field must match: its upper bits carry FCS information that only libpcap interprets.
std::optional<decode::LinkType> link_type_of(std::uint32_t field) noexcept {
    switch (field) {
        case 1: return decode::LinkType::Ethernet;
        case 113: return decode::LinkType::LinuxSll;
        case 276: return decode::LinkType::LinuxSll2;
        case 101:  // LINKTYPE_RAW
        case 228:  // LINKTYPE_IPV4
        case 229: return decode::LinkType::RawIp;  // LINKTYPE_IPV6
        case 0:    // LINKTYPE_NULL
        case 108: return decode::LinkType::Null;  // LINKTYPE_LOOP
        default: return std::nullopt;
    }
}

ClassicPcapRecord error_record(std::string message) {
    ClassicPcapRecord record;
    record.status = ClassicPcapRecord::Status::Error;
    record.error = std::move(message);
    return record;
}

}  // namespace

std::optional<ClassicPcapHeader> read_classic_pcap_header(std::span<const std::uint8_t> file) noexcept {
    if (file.size() < kClassicPcapFileHeaderBytes) return std::nullopt;
    ClassicPcapHeader header;
    const std::uint32_t magic = load32(file, 0, false);
    if (magic == kMagicMicroseconds || magic == kMagicNanoseconds) {
        header.swapped = false;
    } else if (magic == __builtin_bswap32(kMagicMicroseconds) || magic == __builtin_bswap32(kMagicNanoseconds)) {
        header.swapped = true;
    } else {
        return std::nullopt;
    }
    header.nanoseconds = load32(file, 0, header.swapped) == kMagicNanoseconds;
    if (load16(file, 4, header.swapped) != 2 || load16(file, 6, header.swapped) != 4) return std::nullopt;
    // libpcap reads the snap length as a signed int and falls back to the maximum when it is not positive.
    const std::uint32_t snaplen = load32(file, 16, header.swapped);
    header.snapshot = static_cast<std::int32_t>(snaplen) > 0 ? snaplen : kMaxCaplen;
    const auto link = link_type_of(load32(file, 20, header.swapped));
    if (!link) return std::nullopt;
    // In a byte-swapped Linux cooked capture libpcap also swaps the CAN ID inside SocketCAN frames
    // (swap_pseudo_headers): rare enough to leave those files to it rather than copy that rule here.
    if (header.swapped && (*link == decode::LinkType::LinuxSll || *link == decode::LinkType::LinuxSll2)) {
        return std::nullopt;
    }
    header.link_type = *link;
    return header;
}

ClassicPcapRecord read_classic_pcap_record(std::span<const std::uint8_t> file, std::size_t offset,
                                           const ClassicPcapHeader& header) {
    const std::size_t left = offset <= file.size() ? file.size() - offset : 0;
    if (left == 0) return {};
    if (left < kClassicPcapRecordHeaderBytes) {
        return error_record("truncated dump file; tried to read " + std::to_string(kClassicPcapRecordHeaderBytes) +
                            " header bytes, only got " + std::to_string(left));
    }
    ClassicPcapRecord record;
    // libpcap widens a timestamp field written in this machine's byte order as signed (its record header has
    // 32-bit signed fields) and a byte-swapped one as unsigned (its SWAPLONG yields an unsigned int).
    const auto widen = [&](std::uint32_t field) -> std::int64_t {
        return header.swapped ? std::int64_t{field} : std::int64_t{static_cast<std::int32_t>(field)};
    };
    record.seconds = widen(load32(file, offset, header.swapped));
    const std::int64_t fraction = widen(load32(file, offset + 4, header.swapped));
    record.microseconds = header.nanoseconds ? fraction / 1000 : fraction;
    const std::uint32_t caplen = load32(file, offset + 8, header.swapped);
    record.wire_length = load32(file, offset + 12, header.swapped);
    if (caplen > kMaxCaplen) {
        return error_record("invalid packet capture length " + std::to_string(caplen) +
                            (caplen > header.snapshot ? ", bigger than snaplen of " + std::to_string(header.snapshot)
                                                      : ", bigger than maximum of " + std::to_string(kMaxCaplen)));
    }
    const std::size_t data = offset + kClassicPcapRecordHeaderBytes;
    const std::size_t available = file.size() - data;
    // libpcap keeps at most the snapshot and skips the rest of a longer record. A record cut short by the
    // end of the file is an error in its words: the bytes it tried to read are the kept ones when those
    // are cut, the whole record when only the skipped rest is.
    const std::uint32_t kept = caplen > header.snapshot ? header.snapshot : caplen;
    if (available < caplen) {
        return error_record("truncated dump file; tried to read " + std::to_string(available < kept ? kept : caplen) +
                            " captured bytes, only got " + std::to_string(available));
    }
    record.status = ClassicPcapRecord::Status::Packet;
    record.frame = file.subspan(data, kept);
    record.next = data + caplen;
    return record;
}

}  // namespace schoolgate::gateway::capture
