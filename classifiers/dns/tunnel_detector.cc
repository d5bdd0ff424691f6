#include "classifiers/dns/tunnel_detector.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace schoolgate::classifiers::dns {

namespace {

constexpr std::uint16_t kTypeNull = 10;
constexpr std::uint16_t kTypeTxt = 16;
constexpr std::uint16_t kTypeAny = 255;

bool carries_data(std::uint16_t type) noexcept { return type == kTypeNull || type == kTypeTxt || type == kTypeAny; }

std::string_view longest_label(std::string_view name) noexcept {
    std::string_view longest;
    while (!name.empty()) {
        const auto dot = name.find('.');
        const auto label = name.substr(0, dot);
        if (label.size() > longest.size()) longest = label;
        if (dot == std::string_view::npos) break;
        name.remove_prefix(dot + 1);
    }
    return longest;
}

std::string fixed(double value) {
    char text[16];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

}  // namespace

std::string_view registered_domain(std::string_view name) noexcept {
    const auto last = name.rfind('.');
    if (last == std::string_view::npos || last == 0) return name;
    auto second = name.rfind('.', last - 1);
    const std::string_view top = name.substr(last + 1);
    const std::string_view second_level =
        name.substr(second == std::string_view::npos ? 0 : second + 1, last - (second == std::string_view::npos ? 0 : second + 1));
    if (top.size() == 2 && second_level.size() <= 3 && second != std::string_view::npos) {
        const auto third = name.rfind('.', second - 1);
        return third == std::string_view::npos ? name : name.substr(third + 1);
    }
    return second == std::string_view::npos ? name : name.substr(second + 1);
}

double bits_per_char(std::string_view text) noexcept {
    if (text.empty()) return 0.0;
    std::array<std::uint32_t, 256> counts{};
    for (const char c : text) ++counts[static_cast<unsigned char>(c)];
    double bits = 0.0;
    const double total = static_cast<double>(text.size());
    for (const auto count : counts) {
        if (count == 0) continue;
        const double p = count / total;
        bits -= p * std::log2(p);
    }
    return bits;
}

std::optional<TunnelDetector::Finding> TunnelDetector::on_query(std::string_view name, std::uint16_t type,
                                                                std::uint64_t time_us) {
    last_query_suspicious_ = false;
    const auto domain = registered_domain(name);
    if (domain.size() == name.size()) return std::nullopt;  // a bare domain carries no data
    std::string key{domain};
    DomainWindow* found = domains_.find(key);
    if (!found) {
        if (domains_.size() >= kMaxDomains) domains_.erase_oldest();
        found = &domains_.insert_newest(key, DomainWindow{});
        found->started_us = time_us;
    }
    auto& window = *found;
    if (time_us - window.started_us > thresholds_.window_us) {
        window = DomainWindow{};
        window.started_us = time_us;
        domains_.make_newest(key);  // the latest start: the list stays in order of started_us
    }

    if (window.name_hashes.size() < kMaxNamesPerDomain) window.name_hashes.insert(name_hash_(name));
    if (carries_data(type)) ++window.data_record_queries;
    const auto label = longest_label(name.substr(0, name.size() - domain.size()));
    const double entropy = bits_per_char(label);
    const bool long_label = label.size() >= thresholds_.long_label_bytes && entropy >= thresholds_.long_label_bits_per_char;
    if (long_label) ++window.long_labels;

    const bool many_names = window.name_hashes.size() >= thresholds_.unique_names;
    const bool data_burst = window.data_record_queries >= thresholds_.data_record_queries;
    const int signals = (window.long_labels > 0) + many_names + data_burst;
    last_query_suspicious_ = long_label || carries_data(type);
    if (signals == 0) return std::nullopt;
    // One long label is what some CDNs and anti-spam lookups do: Low. Two signals together, or long
    // labels repeated under one domain, is a tunnel's shape.
    Confidence confidence = Confidence::Low;
    if (signals >= 2 && window.long_labels >= 3) {
        confidence = Confidence::High;
    } else if (signals >= 2 || window.long_labels >= 3) {
        confidence = Confidence::Medium;
    }
    // A lone Low signal is left unreported: one long label is ordinary on the web.
    if (confidence == Confidence::Low) return std::nullopt;
    if (window.reported_any && confidence <= window.reported) return std::nullopt;
    window.reported_any = true;
    window.reported = confidence;

    std::string evidence = "queries under " + std::string{domain} + " within " +
                           std::to_string(thresholds_.window_us / 1'000'000) + " s: ";
    evidence += std::to_string(window.name_hashes.size()) + " unique names";
    if (window.long_labels > 0) {
        evidence += ", " + std::to_string(window.long_labels) + " with long random labels (latest " +
                    std::to_string(label.size()) + " characters, " + fixed(entropy) + " bits/char)";
    }
    if (window.data_record_queries > 0) {
        evidence += ", " + std::to_string(window.data_record_queries) + " TXT/NULL/ANY queries";
    }
    return Finding{confidence, std::move(evidence)};
}

}  // namespace schoolgate::classifiers::dns
