#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "classifiers/anomaly.h"
#include "common/net/ip_address.h"
#include "gateway/decode/packet_view.h"

namespace schoolgate::gateway::decode {

/// The bounds of IP reassembly (R7). Memory is at most max_datagrams x max_datagram_bytes of data (16 MiB
/// with the defaults) plus max_fragments ranges each, and only while fragments are in flight.
struct ReassemblyLimits {
    /// Data bytes of one datagram after its unfragmentable part (IPv4 total length is 16 bits, so is the
    /// IPv6 payload length; RFC 791, RFC 8200). A fragment reaching past it discards the datagram.
    std::uint32_t max_datagram_bytes = 65535;
    /// Fragments of one datagram. A ClientHello or QUIC Initial of 1500 bytes in the smallest fragments (8
    /// bytes) is 188; more discards the datagram (a fragment costs a scan of the datagram's ranges).
    std::uint32_t max_fragments = 1024;
    /// Datagrams being reassembled at once, all sources together; a new one evicts the oldest.
    std::uint32_t max_datagrams = 256;
    /// A source's fair share of max_datagrams: its new datagram evicts its own oldest, never another's.
    std::uint32_t max_datagrams_per_source = 16;
    /// From a datagram's first fragment, in packet time (Linux's ipfrag_time; RFC 8200 §4.5 says 60 s).
    std::uint64_t timeout_us = 30'000'000;
};

/// A datagram the last of its fragments completed. `datagram` is a whole IP packet (unfragmentable part
/// of the offset-0 fragment with its lengths rewritten; IPv4 offset and flags cleared; the IPv6 fragment
/// header removed), valid until the next call to add(). `overlapped`: fragments overlapped ambiguously
/// (IPv4 copies with different bytes; any IPv6 overlap but an exact duplicate, RFC 5722), so only the
/// header is trustworthy: the first copy of every byte was kept, and the caller must not read the payload.
struct Reassembled {
    std::span<const std::uint8_t> datagram;
    bool overlapped = false;
};

/// IPv4 (RFC 791) and IPv6 (RFC 8200) reassembly, keyed by (family, source, destination, identification,
/// IPv4 protocol, VLAN), with fragments in any order. Linux's rules decide what a receiver would do: an
/// IPv4 non-final fragment's length is cut to a multiple of 8 (IPv6: the fragment is refused), a
/// zero-length or inconsistent last fragment discards the datagram. Bounded by ReassemblyLimits with O(1)
/// eviction (one list in arrival order, one per source). Every fragment refused, every datagram discarded,
/// evicted or timed out is counted in the caller's AnomalyCounters: a gap is never silent.
/// Time is the packets' own (microseconds of capture time). Not thread-safe: one per reader.
class IpReassembler {
public:
    explicit IpReassembler(const ReassemblyLimits& limits = {});
    IpReassembler(const IpReassembler&) = delete;
    IpReassembler& operator=(const IpReassembler&) = delete;

    /// One fragment as decode_packet described it (`packet.fragment`, addresses, VLAN). Returns the
    /// datagram when this fragment completes it. Expires timed-out datagrams first.
    std::optional<Reassembled> add(const PacketView& packet, std::uint64_t now_us,
                                   classifiers::AnomalyCounters& anomalies);
    /// Discards datagrams whose first fragment is older than the timeout (ip.fragment_timeout). O(1) when
    /// none is due: call it for every packet.
    void expire(std::uint64_t now_us, classifiers::AnomalyCounters& anomalies) {
        if (oldest_ != kNone && now_us > slots_[oldest_].first_us &&
            now_us - slots_[oldest_].first_us >= limits_.timeout_us) {
            expire_due(now_us, anomalies);
        }
    }
    /// The end of the capture: every unfinished datagram is counted as timed out and dropped.
    void finish(classifiers::AnomalyCounters& anomalies);

    std::size_t datagrams() const noexcept { return index_.size(); }
    std::size_t sources() const noexcept { return sources_.size(); }

private:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    struct Key {
        net::IpAddress src;
        net::IpAddress dst;
        std::uint32_t id = 0;
        std::uint16_t vlan = 0;
        std::uint8_t protocol = 0;  ///< IPv4 only: RFC 8200 keys IPv6 by addresses and identification
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::uint64_t seed;
        std::size_t operator()(const Key& key) const noexcept;
    };
    struct AddressHash {
        std::uint64_t seed;
        std::size_t operator()(const net::IpAddress& address) const noexcept { return address.keyed_hash(seed); }
    };
    struct Range {
        std::uint32_t begin;
        std::uint32_t end;
    };
    enum class State : std::uint8_t { Collecting, Overlapped, Discarded };
    struct Datagram {
        Key key;
        std::uint64_t first_us = 0;
        State state = State::Collecting;
        bool last_seen = false;
        std::uint8_t protocol = 0;  ///< from the offset-0 fragment (IPv6: its fragment header's next header)
        std::uint16_t next_header_at = 0;
        std::uint32_t total = 0;  ///< data bytes, known once the last fragment came
        std::uint32_t fragments = 0;
        std::vector<std::uint8_t> header;  ///< the offset-0 fragment's unfragmentable part (first copy)
        std::vector<std::uint8_t> data;
        std::vector<Range> covered;  ///< sorted, disjoint, merged: which data bytes arrived
        std::vector<Range> pieces;   ///< each accepted fragment's own range, to tell exact duplicates
        std::uint32_t older = kNone, newer = kNone;          ///< the arrival-order list
        std::uint32_t src_older = kNone, src_newer = kNone;  ///< the source's own list
    };
    struct SourceList {
        std::uint32_t count = 0;
        std::uint32_t oldest = kNone;
        std::uint32_t newest = kNone;
    };

    std::uint32_t find_or_open(const Key& key, std::uint64_t now_us, classifiers::AnomalyCounters& anomalies);
    bool place(Datagram& datagram, const FragmentView& fragment, std::uint32_t begin, std::uint32_t end,
               bool v6, classifiers::AnomalyCounters& anomalies);
    bool overlaps_ambiguously(const Datagram& datagram, std::uint32_t begin, std::uint32_t end,
                              std::span<const std::uint8_t> bytes, bool v6) const noexcept;
    static void fill_holes(Datagram& datagram, std::uint32_t begin, std::span<const std::uint8_t> bytes);
    std::optional<Reassembled> complete(std::uint32_t slot, classifiers::AnomalyCounters& anomalies);
    void discard(Datagram& datagram, classifiers::Anomaly anomaly, classifiers::AnomalyCounters& anomalies);
    void expire_due(std::uint64_t now_us, classifiers::AnomalyCounters& anomalies);
    void release(std::uint32_t slot);
    void link(std::uint32_t slot);
    void unlink(std::uint32_t slot);

    ReassemblyLimits limits_;
    std::vector<Datagram> slots_;
    std::vector<std::uint32_t> free_;
    std::unordered_map<Key, std::uint32_t, KeyHash> index_;
    std::unordered_map<net::IpAddress, SourceList, AddressHash> sources_;
    std::uint32_t oldest_ = kNone;
    std::uint32_t newest_ = kNone;
    std::vector<std::uint8_t> out_;  ///< the last completed datagram
};

}  // namespace schoolgate::gateway::decode
