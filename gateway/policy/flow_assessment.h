#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "classifiers/flow_classifier.h"
#include "classifiers/observations.h"
#include "common/net/ip_address.h"
#include "common/time/wall_time.h"
#include "config/policy/decide_flow.h"
#include "gateway/policy/policy_snapshot.h"

namespace schoolgate::gateway::policy {

/// What is known about a flow besides what its payload said: where it went, how, who sent it and when.
/// The engine fills it from the flow table; `schoolgate explain` and the console from the asker's words.
struct FlowQuestion {
    classifiers::Transport transport = classifiers::Transport::Tcp;
    std::uint8_t ip_protocol = 0;  ///< for Transport::Other (47 GRE, 50 ESP, ...); 0 otherwise
    std::uint16_t server_port = 0;
    net::IpAddress server_address;  ///< the unspecified address when the asker does not know it
    config::Subject subject;
    WallTime at;
    /// The asker names the service itself (`explain --service`): the flow is not identified from its name,
    /// address or nDPI's reading. The engine leaves it at kNoService.
    classifiers::ServiceId named_service = classifiers::kNoService;
};

/// The one answer for a flow, the same for the engine, `schoolgate explain` and the console.
struct Assessment {
    config::FlowDecision decision;  ///< service decision, each technique's verdict, the final action and rule
    /// Where the flow's service came from ("name", "ip", "ndpi"; "asked" for FlowQuestion::named_service),
    /// or empty when the flow is no listed service. Events carry it as service_source.
    std::string_view service_source;
};

/// Identifies the flow's service (its own name, an IP literal's address, the published address ranges,
/// then nDPI's reading as a second opinion), derives the techniques that follow from the facts
/// (classifiers::derive_techniques, plus DNS to a resolver that is not the school's), and decides
/// (config::decide_flow). Pure: no clock, no I/O, no state; the same question and observations always
/// give the same assessment. `observations` is completed in place (service, techniques) so that callers
/// record what was decided on; calling it again after new facts arrive re-identifies from scratch.
/// `misses`, when given, learns why each earlier service rule did not match (for explain).
/// Thread-safe: reads only the immutable snapshot.
Assessment assess_flow(const PolicySnapshot& snapshot, const FlowQuestion& question,
                       classifiers::Observations& observations, std::vector<config::RuleMiss>* misses = nullptr);

}  // namespace schoolgate::gateway::policy
