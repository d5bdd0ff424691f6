#include "gateway/policy/subject_placement.h"

#include <string>
#include <utility>

namespace schoolgate::gateway::policy {

namespace {

int strictness(config::model::Action action) noexcept {
    switch (action) {
        case config::model::Action::Block: return 2;
        case config::model::Action::Monitor: return 1;
        case config::model::Action::Allow: break;
    }
    return 0;
}

const config::model::NetworkModel* network_named(const config::SubjectIndex& subjects, const std::string& name) {
    for (const auto& network : subjects.networks()) {
        if (network.name == name) return &network;
    }
    return nullptr;
}

std::string unplaced_reason(const SubjectPlacement& placement, const std::string& network) {
    const char* why = placement.link == LinkNetworkMemory::Known::Shared
                          ? "its MAC carries several networks' IPv4 traffic (a router)"
                          : "no IPv4 traffic from its MAC was seen on a network lately";
    return "IPv6 client in no network of the policy, and " + std::string{why} +
           ": decided as the strictest of the school's networks (" + network + ")";
}

}  // namespace

SubjectPlacement place_subject(const config::SubjectIndex& subjects, LinkNetworkMemory& memory,
                               const net::IpAddress& client, const net::MacAddress& mac, std::uint16_t vlan,
                               std::uint64_t at_us) {
    return place_resolved(subjects.identify(client, mac, vlan), subjects, memory, client, mac, at_us);
}

SubjectPlacement place_resolved(config::Subject resolved, const config::SubjectIndex& subjects, LinkNetworkMemory& memory,
                                const net::IpAddress& client, const net::MacAddress& mac, std::uint64_t at_us) {
    SubjectPlacement placement{std::move(resolved)};
    const auto& subject = placement.subject;
    if (client.is_v4()) {
        // Only the address places an IPv4 client on its network here: a known device is placed by its MAC anyway.
        if (!subject.network.empty()) memory.learn(mac, subject.network, at_us);
        return placement;
    }
    if (!subject.network.empty() || !subject.device.empty() || !subject.user.empty()) return placement;
    const auto recalled = memory.recall(mac, at_us);
    placement.link = recalled.known;
    if (recalled.known == LinkNetworkMemory::Known::Network) {
        if (const auto* network = network_named(subjects, recalled.network)) {
            placement.subject = config::Subject{network->role, "", "", network->name};
            placement.placed = Placed::ByLink;
            return placement;
        }
    }
    placement.placed = Placed::Unplaced;
    return placement;
}

Assessment assess_placed(const PolicySnapshot& snapshot, FlowQuestion& question, const SubjectPlacement& placement,
                         classifiers::Observations& observations, std::vector<config::RuleMiss>* misses) {
    const auto& networks = snapshot.policy->subjects().networks();
    if (placement.placed != Placed::Unplaced || networks.empty()) return assess_flow(snapshot, question, observations, misses);
    const config::model::NetworkModel* strictest = nullptr;
    int strictest_level = -1;
    for (const auto& network : networks) {
        question.subject = config::Subject{network.role, "", "", network.name};
        auto trial = observations;  // assess_flow completes its observations in place
        const int level = strictness(assess_flow(snapshot, question, trial).decision.action);
        if (level > strictest_level) {
            strictest = &network;
            strictest_level = level;
        }
    }
    question.subject = config::Subject{strictest->role, "", "", strictest->name};
    auto assessment = assess_flow(snapshot, question, observations, misses);
    question.subject.network.clear();  // the event says the role it was decided as, not a network it is not on
    assessment.decision.reason = unplaced_reason(placement, strictest->name) + "; " + assessment.decision.reason;
    return assessment;
}

}  // namespace schoolgate::gateway::policy
