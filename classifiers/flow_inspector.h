#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "classifiers/flow_classifier.h"
#include "classifiers/observations.h"
#include "classifiers/registry.h"
#include "classifiers/stream/tcp_decoy_judge.h"
#include "classifiers/stream/tcp_stream_reassembler.h"
#include "common/net/ip_address.h"

namespace schoolgate::classifiers {

namespace naming {
struct NamerEntry;
}

/// How many freed inspectors' blocks each thread keeps for new flows (about 600 KiB at most).
inline constexpr std::size_t kPooledInspectorBlocks = 1024;

/// Everything needed to inspect one flow's first flight: stream reassembly, choosing a classifier through
/// the registry, and the observations gathered. Created for a new flow and destroyed as soon as the flow
/// is settled, so settled flows carry none of this. Not thread-safe; owned by one worker's flow table.
class FlowInspector {
public:
    /// `strict_acks`: see stream::TcpDecoyJudge (true where every server packet is seen).
    FlowInspector(Transport transport, std::uint16_t server_port, bool strict_acks = true) noexcept;

    /// A new flow's inspector takes its memory from this thread's free list of inspector-sized blocks,
    /// where the inspectors of settled flows leave theirs (up to kPooledInspectorBlocks), instead of from
    /// malloc: one allocation fewer per flow (flow_inspector_pool.cc). Plain operator new and delete under
    /// AddressSanitizer, so that a use after free is still caught.
    static void* operator new(std::size_t size);
    static void operator delete(void* block, std::size_t size) noexcept;

    void on_tcp_syn(Direction direction, std::uint32_t seq) noexcept;
    InspectStatus on_tcp_segment(Direction direction, std::uint32_t seq, std::span<const std::uint8_t> payload,
                                 ClassifierContext& context) noexcept;
    InspectStatus on_udp_datagram(Direction direction, std::span<const std::uint8_t> payload,
                                  ClassifierContext& context) noexcept;
    /// The first packet of a flow of another IP protocol (Transport::Other), from client to server: what
    /// the protocol number says (vpn::observe_ip_protocol). Always Done: there is nothing more to read.
    InspectStatus on_other_protocol(std::uint8_t ip_protocol, const net::IpAddress& client,
                                    const net::IpAddress& server);

    /// Judges which client segments the server will accept (TCP); fed every segment before the stream is.
    stream::TcpDecoyJudge& decoy_judge() noexcept { return decoy_judge_; }
    /// The client's next byte the server expects (after the SYN and every in-order byte seen), if known.
    std::optional<std::uint32_t> next_client_seq() const noexcept {
        return client_stream_ ? client_stream_->next_seq() : std::nullopt;
    }

    Observations& observations() noexcept { return observations_; }
    const Observations& observations() const noexcept { return observations_; }
    /// True when the last segment gave a claimed classifier new in-order bytes. Such packets do not use
    /// up the flow's packet budget: a ClientHello sent in 1-byte segments is still read to the end, and
    /// limits::kMaxReassemblyBytes bounds what that can cost.
    bool last_segment_progressed() const noexcept { return last_segment_progressed_; }
    /// True when the last segment or datagram could tell a classifier anything: TCP bytes not seen before
    /// (in order or not), or a datagram a classifier claimed. Empty segments (bare ACKs), duplicates and
    /// unrecognised datagrams are not news: padding a flow with them must not use up its packet budget.
    bool last_packet_was_news() const noexcept { return last_packet_was_news_; }
    /// Whether the claiming classifier reads the server's TCP bytes (DNS answers); false before a claim.
    bool reads_server_stream() const noexcept { return entry_ && entry_->reads_server_stream; }
    /// The name of the classifier that claimed the flow (its registry name), or of the namer that named an
    /// unclaimed UDP flow (classifiers/naming/udp_namer.h); empty when neither did. nDPI is asked only
    /// about flows with no name here.
    std::string_view classifier_name() const noexcept { return observations_.classifier; }
    /// The namer that named the flow, when no classifier has claimed it (since); else nullptr.
    const naming::NamerEntry* namer() const noexcept { return entry_ ? nullptr : namer_; }

private:
    InspectStatus select_and_feed_stream(Direction direction) noexcept;
    void read_the_other_copy(const stream::TcpStreamReassembler& stream) noexcept;
    stream::TcpStreamReassembler* stream_for(Direction direction) noexcept;

    Transport transport_;
    std::uint16_t server_port_;
    const ClassifierEntry* entry_ = nullptr;
    const naming::NamerEntry* namer_ = nullptr;
    std::unique_ptr<FlowClassifier> classifier_;
    std::optional<stream::TcpStreamReassembler> client_stream_;
    std::optional<stream::TcpStreamReassembler> server_stream_;
    std::optional<std::uint32_t> server_syn_seq_;
    stream::TcpDecoyJudge decoy_judge_;
    Observations observations_;
    ClassifierContext* context_ = nullptr;  // valid only during a call
    bool last_segment_progressed_ = false;
    bool last_packet_was_news_ = false;
    std::uint8_t unrecognised_datagrams_ = 0;  ///< client datagrams no classifier claimed, so far
};

}  // namespace schoolgate::classifiers
