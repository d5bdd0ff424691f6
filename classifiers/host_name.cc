#include "classifiers/host_name.h"

#include <algorithm>

#include "classifiers/limits.h"
#include "common/net/ip_address.h"

namespace schoolgate::classifiers {

namespace {

bool is_name_byte(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*';
}

char to_lower_ascii(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_ipv6_literal_text(std::string_view name) noexcept {
    return name.find(':') != std::string_view::npos &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
           });
}

}  // namespace

std::optional<std::string> normalise_host_name(std::string_view raw) {
    if (!raw.empty() && raw.back() == '.') raw.remove_suffix(1);
    if (raw.empty() || raw.size() > limits::kMaxHostNameBytes) return std::nullopt;

    std::string name(raw.size(), '\0');
    std::transform(raw.begin(), raw.end(), name.begin(), to_lower_ascii);
    if (is_ipv6_literal_text(name)) {
        if (!net::IpAddress::parse(name)) return std::nullopt;
        return name;
    }

    std::size_t label_length = 0;
    for (char c : name) {
        if (c == '.') {
            if (label_length == 0) return std::nullopt;
            label_length = 0;
            continue;
        }
        if (!is_name_byte(c) || ++label_length > limits::kMaxLabelBytes) return std::nullopt;
    }
    if (label_length == 0) return std::nullopt;
    return name;
}

bool is_ip_literal(std::string_view name) noexcept {
    if (name.empty() || name.size() > 45) return false;
    return net::IpAddress::parse(name).has_value();
}

}  // namespace schoolgate::classifiers
