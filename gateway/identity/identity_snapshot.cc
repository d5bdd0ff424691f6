#include "gateway/identity/identity_snapshot.h"

namespace schoolgate::gateway::identity {

std::string_view binding_source_name(BindingSource source) noexcept {
    return source == BindingSource::Radius ? "radius" : "dhcp";
}

const Binding* IdentitySnapshot::lookup(const net::IpAddress& ip, std::int64_t at_us) const noexcept {
    for (auto source : {BindingSource::Radius, BindingSource::Dhcp}) {
        const auto& bindings = table(source);
        if (bindings.empty()) continue;
        const auto it = bindings.find(ip);
        if (it == bindings.end()) continue;
        const Binding& binding = it->second;
        if ((binding.since_us < 0 || at_us >= binding.since_us) && at_us < binding.until_us) return &binding;
    }
    return nullptr;
}

}  // namespace schoolgate::gateway::identity
