#include "gateway/identity/resolve_subject.h"

namespace schoolgate::gateway::identity {

config::Subject resolve_subject(const config::CompiledPolicy& policy, const IdentitySnapshot* identity,
                                const net::IpAddress& ip, const net::MacAddress& mac, std::uint16_t vlan,
                                std::int64_t at_us) {
    auto subject = policy.subjects().identify(ip, mac, vlan);
    if (subject.identity_source == "policy" || identity == nullptr) return subject;
    const Binding* binding = identity->lookup(ip, at_us);
    if (binding == nullptr) return subject;
    const auto* person = policy.directory().find_user(binding->user);
    // A DHCP host name or MAC is the client's own claim: it may name a person of the network's own role, never
    // give a device another role (a pupil who calls their phone after the head's laptop stays a pupil, and is
    // not recorded as the head). RADIUS sessions are the controller's word after 802.1X: they may.
    if (binding->source == BindingSource::Dhcp && (person == nullptr || person->role != subject.role)) return subject;
    subject.user = binding->user;
    subject.device = binding->device;
    subject.identity_source = binding_source_name(binding->source);
    subject.bound_since_us = binding->since_us;
    if (person != nullptr) {
        subject.role = person->role;
    } else if (const auto user = policy.subjects().users().find(binding->user); user != policy.subjects().users().end()) {
        subject.role = user->second.role;
    }
    return subject;
}

}  // namespace schoolgate::gateway::identity
