#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "gateway/decode/packet_decoder.h"

namespace schoolgate::gateway::capture {

/// The classic pcap file format (libpcap's savefile; draft-ietf-opsawg-pcap): a 24-byte file header, then
/// records of a 16-byte header and the captured bytes. Read straight from a mapped file by
/// MappedPcapFile, so that replay hands out frames without libpcap's per-packet read and copy
/// (docs/performance.md). Parsing only: bounds-checked spans in, values out; no I/O.
///
/// Only the common form is read here: version 2.4, microsecond or nanosecond magic in either byte order,
/// a link type the decoder knows (Linux cooked captures only in this machine's byte order). Anything else
/// (pcapng, the modified "Kuznetzov" format, old versions, other link types, byte-swapped Linux cooked
/// captures, whose SocketCAN frames libpcap rewrites) is left to libpcap, which reads more forms and words
/// their errors.
struct ClassicPcapHeader {
    bool swapped = false;      ///< written on a machine of the other byte order
    bool nanoseconds = false;  ///< record timestamps in nanoseconds (scaled to microseconds when read)
    /// libpcap's snapshot: the header's snap length when it is positive as a signed int, else kMaxCaplen. A
    /// record longer than this (and at most kMaxCaplen) is cut to it, as libpcap cuts it.
    std::uint32_t snapshot = 0;
    decode::LinkType link_type = decode::LinkType::Ethernet;
};

inline constexpr std::size_t kClassicPcapFileHeaderBytes = 24;
inline constexpr std::size_t kClassicPcapRecordHeaderBytes = 16;
/// libpcap's MAXIMUM_SNAPLEN for the link types the decoder reads: a record claiming more is corrupt.
inline constexpr std::uint32_t kMaxCaplen = 262144;

/// The file header, or std::nullopt when the file is not in the form read here (see above).
std::optional<ClassicPcapHeader> read_classic_pcap_header(std::span<const std::uint8_t> file) noexcept;

/// One record. On Packet, `frame` views the file (cut to the header's snapshot) and `next` is the offset of
/// the following record. On Error, `error` says what is wrong in libpcap's words, so that a capture's
/// error reads the same whichever reader met it.
struct ClassicPcapRecord {
    enum class Status : std::uint8_t { Packet, EndOfFile, Error } status = Status::EndOfFile;
    /// As libpcap reads them (see read_classic_pcap_record): a negative time is a corrupt record. Nanosecond
    /// files: the fraction divided by 1000, as libpcap does for microsecond precision.
    std::int64_t seconds = 0;
    std::int64_t microseconds = 0;
    std::uint32_t wire_length = 0;
    std::span<const std::uint8_t> frame;
    std::size_t next = 0;
    std::string error;
};

/// Reads the record at `offset` (a record boundary, at least kClassicPcapFileHeaderBytes) of `file`.
ClassicPcapRecord read_classic_pcap_record(std::span<const std::uint8_t> file, std::size_t offset,
                                           const ClassicPcapHeader& header);

}  // namespace schoolgate::gateway::capture
