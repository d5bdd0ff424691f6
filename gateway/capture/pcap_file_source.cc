#include "gateway/capture/pcap_file_source.h"

#include <pcap/pcap.h>

namespace schoolgate::gateway::capture {

namespace {
pcap_t* as_pcap(void* handle) { return static_cast<pcap_t*>(handle); }
constexpr std::int64_t kMaxTimestampSeconds = 253'402'300'799;  // 9999-12-31T23:59:59Z
}  // namespace

std::optional<decode::LinkType> link_type_from_dlt(int dlt) noexcept {
    switch (dlt) {
        case DLT_EN10MB: return decode::LinkType::Ethernet;
        case DLT_LINUX_SLL: return decode::LinkType::LinuxSll;
        case DLT_LINUX_SLL2: return decode::LinkType::LinuxSll2;
        case DLT_RAW:
        case DLT_IPV4:
        case DLT_IPV6: return decode::LinkType::RawIp;
        case DLT_NULL:
        case DLT_LOOP: return decode::LinkType::Null;
        default: return std::nullopt;
    }
}

Result<std::unique_ptr<PcapFileSource>, std::string> PcapFileSource::open(const std::string& path, Reader reader) {
    using R = Result<std::unique_ptr<PcapFileSource>, std::string>;
    if (reader == Reader::Fastest) {
        if (auto mapped = MappedFile::open(path)) {
            if (const auto header = read_classic_pcap_header(mapped->bytes())) {
                return R::success(
                    std::unique_ptr<PcapFileSource>(new PcapFileSource(std::move(mapped), *header, path)));
            }
        }
    }
    char error[PCAP_ERRBUF_SIZE] = {};
    // Microsecond precision is what the engine's time type carries; pcapng nanoseconds are scaled.
    pcap_t* handle = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_MICRO, error);
    if (!handle) return R::failure(path + ": cannot read capture: " + error);
    const int dlt = pcap_datalink(handle);
    const auto link = link_type_from_dlt(dlt);
    if (!link) {
        const char* name = pcap_datalink_val_to_name(dlt);
        pcap_close(handle);
        return R::failure(path + ": link type " + std::to_string(dlt) + " (" + (name ? name : "unknown") +
                          ") is not supported (use Ethernet, Linux cooked v1/v2, raw IP or BSD loopback)");
    }
    return R::success(std::unique_ptr<PcapFileSource>(new PcapFileSource(handle, *link, path)));
}

std::vector<std::unique_ptr<PcapFileSource>> PcapFileSource::open_shared(const std::string& path, std::size_t count) {
    std::vector<std::unique_ptr<PcapFileSource>> readers;
    std::shared_ptr<MappedFile> mapped = MappedFile::open(path);
    if (!mapped) return readers;
    const auto header = read_classic_pcap_header(mapped->bytes());
    if (!header) return readers;
    const auto shared = std::make_shared<SharedReading>(mapped, count);
    for (std::size_t reader = 0; reader < count; ++reader) {
        readers.push_back(std::unique_ptr<PcapFileSource>(new PcapFileSource(mapped, *header, path, shared, reader)));
    }
    return readers;
}

PcapFileSource::PcapFileSource(void* handle, decode::LinkType link_type, std::string path)
    : handle_(handle), link_type_(link_type), path_(std::move(path)) {}

PcapFileSource::PcapFileSource(std::shared_ptr<MappedFile> mapped, const ClassicPcapHeader& header, std::string path,
                               std::shared_ptr<SharedReading> shared, std::size_t reader)
    : mapped_(std::move(mapped)),
      shared_(std::move(shared)),
      reader_(reader),
      header_(header),
      link_type_(header.link_type),
      path_(std::move(path)) {}

PcapFileSource::~PcapFileSource() {
    if (handle_) pcap_close(as_pcap(handle_));
}

ReadResult PcapFileSource::next(CapturedPacket& packet) {
    return mapped_ ? next_mapped(packet) : next_libpcap(packet);
}

ReadResult PcapFileSource::fail(const std::string& what, std::string_view file_is) const {
    return ReadResult::failure(path_ + ": packet " + std::to_string(packets_read_ + 1) + ": " + what +
                               " (the file is " + std::string{file_is} + "; packets before this one were processed)");
}

ReadResult PcapFileSource::fail_timestamp(std::int64_t seconds) const {
    return fail("timestamp " + std::to_string(seconds) + " s is not between 1970 and 9999", "corrupt");
}

// Both readers end here, so a packet passes the same checks whichever read it. Short, with the message
// built elsewhere, so that it inlines into both readers (it runs for every packet).
inline ReadResult PcapFileSource::deliver(CapturedPacket& packet, std::int64_t seconds, std::int64_t microseconds,
                                   std::span<const std::uint8_t> frame, std::uint32_t wire_length) {
    // A pcapng timestamp is 64 bits of (by default) microseconds: a corrupt or hostile file can stamp a packet
    // 2^64 us after 1970, and turning that into the engine's microseconds overflowed (undefined behaviour; the
    // replay logged 1969). Nothing real is stamped before 1970 or after 9999 (found by tests/badinput).
    if (seconds < 0 || seconds > kMaxTimestampSeconds) return fail_timestamp(seconds);
    ++packets_read_;
    packet.number = packets_read_;
    packet.ts = WallTime{std::chrono::seconds{seconds} + std::chrono::microseconds{microseconds}};
    packet.frame = frame;
    packet.wire_length = wire_length;
    return ReadResult::success(ReadStatus::Packet);
}

ReadResult PcapFileSource::next_mapped(CapturedPacket& packet) {
    done_before(offset_);  // the previous packet's frame is no longer in use
    mapped_->read_ahead(offset_, prefetched_);
    const auto record = read_classic_pcap_record(mapped_->bytes(), offset_, header_);
    if (record.status == ClassicPcapRecord::Status::EndOfFile) return ReadResult::success(ReadStatus::EndOfFile);
    if (record.status == ClassicPcapRecord::Status::Error) return fail(record.error);
    offset_ = record.next;
    return deliver(packet, record.seconds, record.microseconds, record.frame, record.wire_length);
}

void PcapFileSource::done_before(std::size_t offset) noexcept {
    if (!shared_) {
        mapped_->release_before(offset);
    } else if (offset >= next_report_) {
        shared_->reached(reader_, offset);
        next_report_ = offset + MappedFile::kReleaseStep;
    }
}

ReadResult PcapFileSource::next_libpcap(CapturedPacket& packet) {
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    const int result = pcap_next_ex(as_pcap(handle_), &header, &data);
    if (result == PCAP_ERROR_BREAK) return ReadResult::success(ReadStatus::EndOfFile);
    if (result != 1) return fail(pcap_geterr(as_pcap(handle_)));
    return deliver(packet, header->ts.tv_sec, header->ts.tv_usec, {data, header->caplen}, header->len);
}

}  // namespace schoolgate::gateway::capture
