#include "gateway/policy/flow_assessment.h"

#include <string>

#include "classifiers/circumvention/derive_techniques.h"
#include "classifiers/host_name.h"

namespace schoolgate::gateway::policy {

namespace {

using classifiers::HostSource;
using classifiers::kNoService;

std::string_view owner_of(const classifiers::services::ServiceCatalogue& catalogue, classifiers::ServiceId id) {
    const auto* definition = catalogue.definition(id);
    return definition ? std::string_view{definition->owner} : std::string_view{};
}

// Names and addresses agree or the address wins: a flow to a listed service's published ranges whose name is
// no service of the same company is that service (a lying SNI, domain fronting). The flow's own name is a
// claim, so the mismatch is a technique; a name learnt from someone's DNS answer is not this client's claim,
// and one client's answer must not rename an address for everybody, so the address simply wins.
void let_the_address_win(const classifiers::services::ServiceCatalogue& catalogue, const FlowQuestion& question,
                         classifiers::Observations& observations) {
    const auto at_address = catalogue.match_address(question.server_address);
    if (at_address == kNoService || at_address == observations.service) return;
    const auto owner = owner_of(catalogue, at_address);
    if (observations.service != kNoService && !owner.empty() && owner_of(catalogue, observations.service) == owner) {
        return;  // another property of the same company, on its shared addresses
    }
    const auto named = observations.service;
    observations.service = at_address;
    observations.service_from_address = true;
    if (observations.host_source == HostSource::Dns) return;
    observations.note_technique(
        classifiers::Technique::DomainFronting, classifiers::Confidence::Medium,
        "the name " + observations.host + (named == kNoService ? " (no listed service)" : " (" + std::string{catalogue.name(named)} + ")") +
            " on " + question.server_address.to_string() + ", in " + std::string{catalogue.name(at_address)} +
            "'s published ranges" + (owner.empty() ? std::string{} : " (" + std::string{owner} + ")") +
            ": the address decides");
}

// A name wins over nDPI and tells services of one company apart; an address in a listed service's published
// ranges wins over a name that is no service of that company. Without a name, the catalogue's published
// ranges; last, nDPI's reading, a second opinion never preferred to a name or a range.
void identify_service(const PolicySnapshot& snapshot, const FlowQuestion& question,
                      classifiers::Observations& observations) {
    const auto& catalogue = snapshot.policy->catalogue();
    observations.service = kNoService;
    observations.service_from_ndpi = false;
    observations.service_from_address = false;
    if (!observations.host.empty()) {
        observations.service = classifiers::is_ip_literal(observations.host)
                                   ? catalogue.match_address(*net::IpAddress::parse(observations.host))
                                   : catalogue.match_host(observations.host);
        // Decided on every copy: where copies of the bytes differed (tcp.overlap) and the copy the server
        // reads names no listed service, the other copy's listed service is the flow's.
        if (observations.service == kNoService && !observations.other_host.empty()) {
            observations.service = catalogue.match_host(observations.other_host);
        }
        if (!classifiers::is_ip_literal(observations.host)) let_the_address_win(catalogue, question, observations);
        return;
    }
    observations.service = catalogue.match_address(question.server_address);
    if (observations.service != kNoService) {
        observations.host_source = HostSource::Ip;
        return;
    }
    if (!observations.ndpi_protocol.empty()) {
        observations.service = snapshot.ndpi_services.service_for_protocol(observations.ndpi_protocol);
        observations.service_from_ndpi = observations.service != kNoService;
    }
}

// Techniques that need the policy's own facts: the school's resolvers.
void note_policy_techniques(const config::CompiledPolicy& policy, const FlowQuestion& question,
                            classifiers::Observations& observations) {
    const auto& circumvention = policy.circumvention();
    if (observations.classifier != "dns" || circumvention.school_resolvers.empty()) return;
    if (circumvention.is_school_resolver(question.server_address)) return;
    observations.note_technique(classifiers::Technique::DnsExternalResolver, classifiers::Confidence::High,
                                "DNS to " + question.server_address.to_string() + ":" +
                                    std::to_string(question.server_port) + ", not one of the school's resolvers");
}

std::string_view service_source_of(const FlowQuestion& question, const classifiers::Observations& observations) {
    if (observations.service == kNoService) return {};
    if (question.named_service != kNoService) return "asked";
    if (observations.service_from_ndpi || observations.host_source == HostSource::Ndpi) return "ndpi";
    return observations.host_source == HostSource::Ip || observations.service_from_address ? "ip" : "name";
}

}  // namespace

Assessment assess_flow(const PolicySnapshot& snapshot, const FlowQuestion& question,
                       classifiers::Observations& observations, std::vector<config::RuleMiss>* misses) {
    const auto& policy = *snapshot.policy;
    if (question.named_service != kNoService) {
        observations.service = question.named_service;
    } else {
        identify_service(snapshot, question, observations);
    }
    classifiers::derive_techniques({question.transport, question.server_port, question.server_address},
                                   policy.circumvention().indicators, observations);
    note_policy_techniques(policy, question, observations);
    Assessment assessment;
    assessment.decision = config::decide_flow(policy, question.subject, observations, question.at, misses);
    assessment.service_source = service_source_of(question, observations);
    return assessment;
}

}  // namespace schoolgate::gateway::policy
