#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "common/result.h"
#include "common/time/wall_time.h"
#include "gateway/decode/packet_decoder.h"

namespace schoolgate::gateway::capture {

/// One packet as read from a capture. `frame` views libpcap's buffer: valid until the next read.
struct CapturedPacket {
    WallTime ts{};
    std::span<const std::uint8_t> frame;  ///< the captured bytes (may be shorter than wire_length)
    std::uint32_t wire_length = 0;
    std::uint64_t number = 0;  ///< 1-based position in the file, for error messages
};

enum class ReadStatus : std::uint8_t { Packet, EndOfFile, Error };

/// Reads pcap and pcapng files through libpcap (the only code that includes it, with the live source).
/// A truncated or corrupt file ends with ReadStatus::Error and an error() naming the file and the packet
/// number, never a crash. Not thread-safe.
class PcapFileSource {
public:
    /// Opens the file; the error names the file and what libpcap said, or the unsupported link type.
    static Result<std::unique_ptr<PcapFileSource>, std::string> open(const std::string& path);
    ~PcapFileSource();
    PcapFileSource(const PcapFileSource&) = delete;
    PcapFileSource& operator=(const PcapFileSource&) = delete;

    ReadStatus next(CapturedPacket& packet);
    decode::LinkType link_type() const noexcept { return link_type_; }
    const std::string& error() const noexcept { return error_; }
    const std::string& path() const noexcept { return path_; }

private:
    PcapFileSource(void* handle, decode::LinkType link_type, std::string path);

    void* handle_;  ///< pcap_t*, kept opaque so that only the .cc includes libpcap
    decode::LinkType link_type_;
    std::string path_;
    std::string error_;
    std::uint64_t packets_read_ = 0;
};

/// Maps a libpcap DLT value to the decoder's link types; std::nullopt for ones we do not decode.
std::optional<decode::LinkType> link_type_from_dlt(int dlt) noexcept;

}  // namespace schoolgate::gateway::capture
