#include "classifiers/ndpi/ndpi_opinion.h"

#include <cstddef>

#include "classifiers/host_name.h"
#include "classifiers/ndpi/ndpi_mapping.h"
#include "classifiers/ndpi/ndpi_module.h"

namespace schoolgate::classifiers::ndpi {

void NdpiOpinion::FlowDeleter::operator()(NdpiFlow* flow) const noexcept {
    if (flow != done_marker()) delete flow;
}

NdpiFlow* NdpiOpinion::done_marker() noexcept {
    // An address no NdpiFlow can have, only ever compared, never dereferenced.
    alignas(NdpiFlow) static std::byte marker[1];
    return static_cast<NdpiFlow*>(static_cast<void*>(marker));
}

NdpiOpinion::Step NdpiOpinion::observe(NdpiModule& module, std::string_view claimed_by, bool stays_on_local_link,
                                       std::span<const std::uint8_t> ip_packet,
                                       std::span<const std::uint8_t> payload, std::uint64_t time_ms,
                                       std::uint16_t server_port, Observations& observations) {
    if (done()) return Step::NotAsked;
    if (!claimed_by.empty()) {
        mark_done();
        return Step::NotAsked;
    }
    auto step = Step::Fed;
    if (!flow_) {
        if (payload.empty() || ip_packet.empty()) return Step::NotAsked;
        // Multicast and limited-broadcast traffic (mDNS, LLMNR, SSDP, DHCP) never leaves the school's own
        // link, so it can be neither a listed service nor a way round the filter: nDPI's opinion on it
        // would decide nothing, and on a busy LAN it is a large share of the flows.
        if (stays_on_local_link) {
            mark_done();
            return Step::SkippedLocal;
        }
        flow_.reset(new NdpiFlow(module));
        step = Step::Started;
    }
    // The reading (names, risks, category) is built once, when nDPI is done, not for every packet fed.
    if (flow_->advance(ip_packet, time_ms)) take(flow_->reading(), server_port, &observations);
    return step;
}

void NdpiOpinion::finish(std::uint16_t server_port, Observations* observations) {
    if (flow_ && !done()) take(flow_->giveup(), server_port, observations);
}

void NdpiOpinion::take(NdpiReading reading, std::uint16_t server_port, Observations* observations) {
    mark_done();
    if (!observations || !reading.known) return;
    observations->ndpi_protocol = reading.protocol;
    observations->ndpi_risks = std::move(reading.risks);
    if (observations->host.empty() && !reading.server_name.empty()) {
        if (auto name = normalise_host_name(reading.server_name)) {
            observations->host = std::move(*name);
            observations->host_source = HostSource::Ndpi;
        }
    }
    if (const auto technique = technique_for(reading, server_port)) {
        observations->note_technique(technique->technique, technique->confidence,
                                     "nDPI " + NdpiModule::version() + " reads this flow as " + reading.protocol);
    }
}

}  // namespace schoolgate::classifiers::ndpi
