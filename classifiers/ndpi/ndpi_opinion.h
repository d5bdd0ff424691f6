#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "classifiers/ndpi/ndpi_flow.h"
#include "classifiers/observations.h"

namespace schoolgate::classifiers::ndpi {

class NdpiModule;

/// nDPI's second opinion on one flow, kept beside the flow's inspector: asked only about flows none of our
/// classifiers claimed, from their first unclaimed payload, until nDPI is sure or its budget runs out. Its
/// reading goes into the flow's Observations (the protocol, its risks, a name when the flow had none, and
/// the technique the protocol stands for). A flow our classifiers claim later frees its nDPI state.
/// Not thread-safe: belongs to the worker that owns the flow and `module`.
class NdpiOpinion {
public:
    enum class Step : std::uint8_t {
        NotAsked,      ///< nothing fed: done already, claimed, no payload yet, or stays on the local link
        Started,       ///< this packet started nDPI's state for the flow
        Fed,           ///< fed to the flow's existing state
        SkippedLocal,  ///< the flow stays on the school's link (multicast, broadcast): never asked
    };

    /// One packet of the flow. `claimed_by` is the classifier that claimed the flow (empty if none);
    /// `ip_packet` the whole IP datagram, `payload` its transport payload (both valid during the call);
    /// `time_ms` packet time. When nDPI is done its reading is written into `observations`.
    Step observe(NdpiModule& module, std::string_view claimed_by, bool stays_on_local_link,
                 std::span<const std::uint8_t> ip_packet, std::span<const std::uint8_t> payload,
                 std::uint64_t time_ms, std::uint16_t server_port, Observations& observations);
    /// The flow is being settled: nDPI's best guess now, if it was still being asked.
    void finish(std::uint16_t server_port, Observations* observations);
    /// The flow is being settled and nothing will read nDPI's guess any more (it was decided already): its
    /// state is freed without asking nDPI for one (finish() would call ndpi_detection_giveup).
    void forget() noexcept { mark_done(); }

    bool done() const noexcept { return flow_.get() == done_marker(); }

private:
    /// Frees nDPI's state, never the done marker.
    struct FlowDeleter {
        void operator()(NdpiFlow* flow) const noexcept;
    };
    /// Stands in flow_ once nDPI is done (never dereferenced), so that the opinion is one pointer: it sits in
    /// every flow table entry, which must stay within two cache lines (gateway/flow/flow_entry.h).
    static NdpiFlow* done_marker() noexcept;
    void take(NdpiReading reading, std::uint16_t server_port, Observations* observations);
    void mark_done() noexcept { flow_.reset(done_marker()); }

    std::unique_ptr<NdpiFlow, FlowDeleter> flow_;  ///< nDPI's state only while it is asked; then done_marker()
};

}  // namespace schoolgate::classifiers::ndpi
