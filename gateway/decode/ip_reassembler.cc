#include "gateway/decode/ip_reassembler.h"

#include <algorithm>

#include "common/net/keyed_hash.h"

namespace schoolgate::gateway::decode {

namespace {

using classifiers::Anomaly;
using classifiers::AnomalyCounters;

constexpr std::size_t kIpv6FixedHeaderBytes = 40;
constexpr std::size_t kMaxLengthField = 65535;  // IPv4 total length, IPv6 payload length: 16 bits

void put_be16(std::span<std::uint8_t, 2> field, std::size_t value) noexcept {
    field[0] = static_cast<std::uint8_t>(value >> 8);
    field[1] = static_cast<std::uint8_t>(value);
}

// RFC 791 §3.1: the one's complement of the one's complement sum of the header's 16-bit words.
void set_ipv4_checksum(std::span<std::uint8_t> header) noexcept {
    put_be16(header.subspan<10, 2>(), 0);
    std::uint32_t sum = 0;
    for (std::size_t at = 0; at + 1 < header.size(); at += 2) {
        const auto word = header.subspan(at, 2);
        sum += static_cast<std::uint32_t>(word.front() << 8 | word.back());
    }
    while (sum > 0xffffu) sum = (sum & 0xffffu) + (sum >> 16);
    put_be16(header.subspan<10, 2>(), ~sum & 0xffffu);
}

template <typename T>
void free_vector(std::vector<T>& vector) {
    std::vector<T>{}.swap(vector);  // a released datagram keeps no memory
}

}  // namespace

std::size_t IpReassembler::KeyHash::operator()(const Key& key) const noexcept {
    const std::uint64_t words = std::uint64_t{key.id} << 32 | std::uint64_t{key.vlan} << 8 | key.protocol;
    return static_cast<std::size_t>(
        net::mix64(key.src.keyed_hash(seed) ^ net::mix64(key.dst.keyed_hash(seed) ^ net::mix64(words ^ seed))));
}

IpReassembler::IpReassembler(const ReassemblyLimits& limits)
    : limits_(limits),
      index_(0, KeyHash{net::random_hash_seed()}),
      sources_(0, AddressHash{net::random_hash_seed()}) {
    limits_.max_datagrams = std::max<std::uint32_t>(limits_.max_datagrams, 1);
    limits_.max_datagrams_per_source =
        std::clamp<std::uint32_t>(limits_.max_datagrams_per_source, 1, limits_.max_datagrams);
    slots_.resize(limits_.max_datagrams);
    free_.reserve(limits_.max_datagrams);
    for (std::uint32_t slot = limits_.max_datagrams; slot-- > 0;) free_.push_back(slot);
}

std::optional<Reassembled> IpReassembler::add(const PacketView& packet, std::uint64_t now_us,
                                              AnomalyCounters& anomalies) {
    expire(now_us, anomalies);
    const FragmentView& fragment = packet.fragment;
    const bool v6 = !packet.src.is_v4();
    if (fragment.cut) {
        anomalies.add(Anomaly::IpFragmentTruncated);  // a snap length cut it: its bytes are not all here
        return std::nullopt;
    }
    auto length = static_cast<std::uint32_t>(fragment.data.size());
    if (fragment.more && length % 8 != 0) {
        // RFC 8200 §4.5: a non-final IPv6 fragment must be a multiple of 8 bytes, or it is refused. Linux
        // cuts a non-final IPv4 fragment down to one (ip_frag_queue), so the server reads what is left.
        if (v6) {
            anomalies.add(Anomaly::IpFragmentBadLength);
            return std::nullopt;
        }
        length &= ~7u;
    }
    const std::uint32_t begin = fragment.offset;  // at most 65528: the sum cannot overflow
    const std::uint32_t end = begin + length;
    const Key key{packet.src, packet.dst, fragment.id, packet.vlan_id, v6 ? std::uint8_t{0} : fragment.protocol};
    const std::uint32_t slot = find_or_open(key, now_us, anomalies);
    Datagram& datagram = slots_[slot];
    // A discarded datagram stays until its timeout, so its later fragments are taken in and not counted again.
    if (datagram.state == State::Discarded) return std::nullopt;
    if (!place(datagram, fragment, begin, end, v6, anomalies)) return std::nullopt;
    const bool whole = datagram.last_seen && !datagram.header.empty() && datagram.covered.size() == 1 &&
                       datagram.covered.front().begin == 0 && datagram.covered.front().end == datagram.total;
    return whole ? complete(slot, anomalies) : std::nullopt;
}

// Checks one fragment against what the datagram has, then keeps its bytes. False when it discarded the
// datagram (counted).
bool IpReassembler::place(Datagram& datagram, const FragmentView& fragment, std::uint32_t begin, std::uint32_t end,
                          bool v6, AnomalyCounters& anomalies) {
    std::optional<Anomaly> refused;
    // Linux (ip_frag_queue, ip6_frag_queue): an empty fragment, a last fragment that ends before bytes
    // already seen or disagrees with an earlier last one, or a fragment past the last one's end is corrupt.
    const bool bad_last =
        !fragment.more && (end < datagram.data.size() || (datagram.last_seen && end != datagram.total));
    const bool past_last = fragment.more && datagram.last_seen && end > datagram.total;
    if (++datagram.fragments > limits_.max_fragments) {
        refused = Anomaly::IpFragmentTooMany;
    } else if (end > limits_.max_datagram_bytes) {
        refused = Anomaly::IpFragmentTooLarge;
    } else if (end == begin || bad_last || past_last) {
        refused = Anomaly::IpFragmentBadLength;
    }
    if (refused) {
        discard(datagram, *refused, anomalies);
        return false;
    }
    if (!fragment.more) {
        datagram.last_seen = true;
        datagram.total = end;
    }
    const auto bytes = fragment.data.first(end - begin);
    if (datagram.state == State::Collecting && overlaps_ambiguously(datagram, begin, end, bytes, v6)) {
        datagram.state = State::Overlapped;
        anomalies.add(Anomaly::IpFragmentOverlap);
    }
    if (datagram.data.size() < end) datagram.data.resize(end);
    fill_holes(datagram, begin, bytes);  // the first copy of every byte is kept
    datagram.pieces.push_back({begin, end});
    if (begin == 0 && datagram.header.empty()) {
        datagram.header.assign(fragment.header.begin(), fragment.header.end());
        datagram.protocol = fragment.protocol;
        datagram.next_header_at = fragment.next_header_at;
    }
    return true;
}

// IPv4 copies of the same bytes that agree leave nothing to choose; copies that differ are an evasion
// (which one a receiver keeps depends on its system: Linux since 4.19 drops the datagram, older systems keep
// the first or the last). RFC 5722: any IPv6 overlap discards the datagram, an exact duplicate aside.
bool IpReassembler::overlaps_ambiguously(const Datagram& datagram, std::uint32_t begin, std::uint32_t end,
                                         std::span<const std::uint8_t> bytes, bool v6) const noexcept {
    bool overlap = false;
    const std::span<const std::uint8_t> have{datagram.data};
    for (const Range& range : datagram.covered) {
        if (range.end <= begin) continue;
        if (range.begin >= end) break;
        overlap = true;
        const std::uint32_t from = std::max(range.begin, begin);
        const std::uint32_t to = std::min(range.end, end);  // covered ranges lie inside `have`
        if (!std::ranges::equal(have.subspan(from, to - from), bytes.subspan(from - begin, to - from))) return true;
    }
    if (!overlap || !v6) return false;
    const auto same = [&](const Range& piece) { return piece.begin == begin && piece.end == end; };
    return std::ranges::none_of(datagram.pieces, same);
}

void IpReassembler::fill_holes(Datagram& datagram, std::uint32_t begin, std::span<const std::uint8_t> bytes) {
    const auto end = static_cast<std::uint32_t>(begin + bytes.size());
    const std::span<std::uint8_t> data{datagram.data};  // sized to at least `end` by the caller
    const auto copy = [&](std::uint32_t from, std::uint32_t to) {
        if (from < to) std::ranges::copy(bytes.subspan(from - begin, to - from), data.subspan(from, to - from).begin());
    };
    auto& covered = datagram.covered;
    std::uint32_t at = begin;
    for (const Range& range : covered) {
        if (range.end <= at) continue;
        if (range.begin >= end) break;
        copy(at, range.begin);
        at = std::max(at, range.end);
    }
    copy(at, end);
    // Merge [begin, end) with every range it overlaps or touches.
    const auto first = std::ranges::find_if(covered, [&](const Range& range) { return range.end >= begin; });
    const auto last = std::find_if(first, covered.end(), [&](const Range& range) { return range.begin > end; });
    Range merged{begin, end};
    if (first != last) merged = {std::min(begin, first->begin), std::max(end, std::prev(last)->end)};
    covered.insert(covered.erase(first, last), merged);
}

std::optional<Reassembled> IpReassembler::complete(std::uint32_t slot, AnomalyCounters& anomalies) {
    Datagram& datagram = slots_[slot];
    const bool v6 = !datagram.key.src.is_v4();
    const std::size_t fixed = v6 ? kIpv6FixedHeaderBytes : 0;
    const std::size_t length_field = datagram.header.size() - fixed + datagram.total;
    // The decoder guarantees header sizes (IPv4 >= 20, IPv6 >= 40) and where the next-header byte is.
    if (length_field > kMaxLengthField || datagram.next_header_at >= datagram.header.size()) {
        // The ping of death (RFC 791 allows offsets that reach past 65,535 bytes): no receiver takes it.
        anomalies.add(Anomaly::IpFragmentTooLarge);
        release(slot);
        return std::nullopt;
    }
    out_.assign(datagram.header.begin(), datagram.header.end());
    out_.insert(out_.end(), datagram.data.begin(), datagram.data.begin() + datagram.total);
    const std::span<std::uint8_t> header{out_.data(), datagram.header.size()};
    if (v6) {
        put_be16(header.subspan<4, 2>(), length_field);
        header.subspan(datagram.next_header_at, 1).front() = datagram.protocol;  // the fragment header is gone
    } else {
        put_be16(header.subspan<2, 2>(), length_field);
        put_be16(header.subspan<6, 2>(), 0);  // no longer a fragment
        set_ipv4_checksum(header);
    }
    const bool overlapped = datagram.state == State::Overlapped;
    release(slot);
    return Reassembled{out_, overlapped};
}

void IpReassembler::discard(Datagram& datagram, Anomaly anomaly, AnomalyCounters& anomalies) {
    anomalies.add(anomaly);
    datagram.state = State::Discarded;
    free_vector(datagram.header);
    free_vector(datagram.data);
    free_vector(datagram.covered);
    free_vector(datagram.pieces);
}

std::uint32_t IpReassembler::find_or_open(const Key& key, std::uint64_t now_us, AnomalyCounters& anomalies) {
    if (const auto found = index_.find(key); found != index_.end()) return found->second;
    // One source's new datagram takes the place of its own oldest once it holds its share, so a flood
    // from one device cannot push out anyone else's; otherwise a full table gives up its oldest.
    const auto source = sources_.find(key.src);
    std::uint32_t victim = kNone;
    Anomaly reason = Anomaly::IpFragmentEvicted;
    if (source != sources_.end() && source->second.count >= limits_.max_datagrams_per_source) {
        victim = source->second.oldest;
        reason = Anomaly::IpFragmentSourceShare;
    } else if (free_.empty()) {
        victim = oldest_;
    }
    if (victim != kNone) {
        if (slots_[victim].state != State::Discarded) anomalies.add(reason);
        release(victim);
    }
    const std::uint32_t slot = free_.back();  // release() gave one back if none was free
    free_.pop_back();
    Datagram& datagram = slots_[slot];
    datagram.key = key;
    datagram.first_us = now_us;
    datagram.state = State::Collecting;
    datagram.last_seen = false;
    datagram.total = 0;
    datagram.fragments = 0;
    link(slot);
    index_.emplace(key, slot);
    return slot;
}

void IpReassembler::expire_due(std::uint64_t now_us, AnomalyCounters& anomalies) {
    while (oldest_ != kNone && now_us > slots_[oldest_].first_us &&
           now_us - slots_[oldest_].first_us >= limits_.timeout_us) {
        if (slots_[oldest_].state != State::Discarded) anomalies.add(Anomaly::IpFragmentTimeout);
        release(oldest_);
    }
}

void IpReassembler::finish(AnomalyCounters& anomalies) {
    while (oldest_ != kNone) {
        if (slots_[oldest_].state != State::Discarded) anomalies.add(Anomaly::IpFragmentTimeout);
        release(oldest_);
    }
}

void IpReassembler::release(std::uint32_t slot) {
    Datagram& datagram = slots_[slot];
    unlink(slot);
    index_.erase(datagram.key);
    free_vector(datagram.header);
    free_vector(datagram.data);
    free_vector(datagram.covered);
    free_vector(datagram.pieces);
    datagram.protocol = 0;
    datagram.next_header_at = 0;
    free_.push_back(slot);
}

void IpReassembler::link(std::uint32_t slot) {
    Datagram& datagram = slots_[slot];
    datagram.older = newest_;
    datagram.newer = kNone;
    if (newest_ != kNone) slots_[newest_].newer = slot;
    newest_ = slot;
    if (oldest_ == kNone) oldest_ = slot;
    SourceList& source = sources_[datagram.key.src];
    datagram.src_older = source.newest;
    datagram.src_newer = kNone;
    if (source.newest != kNone) slots_[source.newest].src_newer = slot;
    source.newest = slot;
    if (source.oldest == kNone) source.oldest = slot;
    ++source.count;
}

void IpReassembler::unlink(std::uint32_t slot) {
    Datagram& datagram = slots_[slot];
    (datagram.older != kNone ? slots_[datagram.older].newer : oldest_) = datagram.newer;
    (datagram.newer != kNone ? slots_[datagram.newer].older : newest_) = datagram.older;
    const auto source = sources_.find(datagram.key.src);  // every linked datagram's source is listed
    if (source == sources_.end()) return;
    SourceList& list = source->second;
    (datagram.src_older != kNone ? slots_[datagram.src_older].src_newer : list.oldest) = datagram.src_newer;
    (datagram.src_newer != kNone ? slots_[datagram.src_newer].src_older : list.newest) = datagram.src_older;
    if (--list.count == 0) sources_.erase(source);
}

}  // namespace schoolgate::gateway::decode
