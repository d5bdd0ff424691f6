#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/time/wall_time.h"
#include "gateway/capture/classic_pcap_format.h"
#include "gateway/capture/mapped_file.h"
#include "gateway/capture/shared_reading.h"
#include "gateway/decode/packet_decoder.h"

namespace schoolgate::gateway::capture {

/// One packet as read from a capture. `frame` views the reader's buffer or the mapped file: valid until the
/// next read.
struct CapturedPacket {
    WallTime ts{};
    std::span<const std::uint8_t> frame;  ///< the captured bytes (may be shorter than wire_length)
    std::uint32_t wire_length = 0;
    std::uint64_t number = 0;  ///< 1-based position in the file, for error messages
};

/// What a successful read found. A failed read is the Result's error.
enum class ReadStatus : std::uint8_t { Packet, EndOfFile };
using ReadResult = Result<ReadStatus, std::string>;

/// Reads pcap and pcapng files. A classic pcap file in its common form (classic_pcap_format.h) on a regular
/// file is mapped and read in place, with no copy and no call per packet into libpcap (libpcap's
/// pcap_next_ex costs about 550 instructions a packet, a third of replay's budget: docs/performance.md);
/// everything else (pcapng, other pcap forms, pipes) goes through libpcap (the only code that includes it,
/// with the live source). Both readers give the same packets, timestamps and error messages
/// (tests/unit/gateway/capture/pcap_readers_agree_test.cc). A truncated or corrupt file ends with an error
/// naming the file and the packet number, never a crash. Not thread-safe.
class PcapFileSource {
public:
    enum class Reader : std::uint8_t {
        Fastest,  ///< the mapped reader where it applies, else libpcap
        Libpcap,  ///< always libpcap (the differential tests compare the two)
    };
    /// Opens the file; the error names the file and what libpcap said, or the unsupported link type.
    static Result<std::unique_ptr<PcapFileSource>, std::string> open(const std::string& path,
                                                                     Reader reader = Reader::Fastest);
    /// `count` readers of one capture read in place, each from the first packet, for as many threads: the
    /// file is mapped once and its pages are dropped behind the slowest reader only (SharedReading).
    /// Empty when the file is not read in place (pcapng, other pcap forms, pipes, unreadable): open() it
    /// for one reader, which also words the error.
    static std::vector<std::unique_ptr<PcapFileSource>> open_shared(const std::string& path, std::size_t count);
    ~PcapFileSource();
    PcapFileSource(const PcapFileSource&) = delete;
    PcapFileSource& operator=(const PcapFileSource&) = delete;

    /// Fills `packet` and says Packet, or says EndOfFile, or fails with the error (reading stops there).
    ReadResult next(CapturedPacket& packet);
    decode::LinkType link_type() const noexcept { return link_type_; }
    const std::string& path() const noexcept { return path_; }
    /// True when the file is read in place (mapped), false when through libpcap.
    bool mapped() const noexcept { return mapped_ != nullptr; }
    /// Mapped readers: where in the file the next record starts.
    std::size_t offset() const noexcept { return offset_; }
    /// Says that this reader's thread needs nothing before `offset` of the file again (called by next() for
    /// the frame it read before; a thread that reads frames another reader found calls it itself). Shared
    /// readers drop pages behind the slowest of them only.
    void done_before(std::size_t offset) noexcept;

private:
    PcapFileSource(void* handle, decode::LinkType link_type, std::string path);
    PcapFileSource(std::shared_ptr<MappedFile> mapped, const ClassicPcapHeader& header, std::string path,
                   std::shared_ptr<SharedReading> shared = nullptr, std::size_t reader = 0);

    ReadResult next_mapped(CapturedPacket& packet);
    ReadResult next_libpcap(CapturedPacket& packet);
    ReadResult fail(const std::string& what, std::string_view file_is = "truncated or corrupt") const;
    [[gnu::cold]] ReadResult fail_timestamp(std::int64_t seconds) const;
    ReadResult deliver(CapturedPacket& packet, std::int64_t seconds, std::int64_t microseconds,
                       std::span<const std::uint8_t> frame, std::uint32_t wire_length);

    void* handle_ = nullptr;  ///< pcap_t* when libpcap reads, kept opaque so that only the .cc includes libpcap
    std::shared_ptr<MappedFile> mapped_;  ///< the file, when read in place
    std::shared_ptr<SharedReading> shared_;  ///< when other readers read mapped_ too (open_shared)
    std::size_t reader_ = 0;  ///< this reader's number in shared_
    std::size_t next_report_ = 0;  ///< the offset at which shared_ is told next how far this reader is
    std::size_t prefetched_ = 0;  ///< MappedFile::read_ahead's: the lines before it are prefetched
    ClassicPcapHeader header_;
    std::size_t offset_ = kClassicPcapFileHeaderBytes;  ///< of the next record in mapped_
    decode::LinkType link_type_;
    std::string path_;
    std::uint64_t packets_read_ = 0;
};

/// Maps a libpcap DLT value to the decoder's link types; std::nullopt for ones we do not decode.
std::optional<decode::LinkType> link_type_from_dlt(int dlt) noexcept;

}  // namespace schoolgate::gateway::capture
