#include "classifiers/anomaly.h"

namespace schoolgate::classifiers {

namespace {
constexpr std::array<std::string_view, kAnomalyCount> kAnomalyNames = {
#define SG_ANOMALY_NAME(name, wire) wire,
    SG_ANOMALY_LIST(SG_ANOMALY_NAME)
#undef SG_ANOMALY_NAME
};
}  // namespace

std::string_view anomaly_name(Anomaly anomaly) noexcept {
    return kAnomalyNames[static_cast<std::size_t>(anomaly)];
}

std::optional<Anomaly> anomaly_from_name(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kAnomalyNames.size(); ++i) {
        if (kAnomalyNames[i] == name) return static_cast<Anomaly>(i);
    }
    return std::nullopt;
}

std::uint64_t AnomalyCounters::total() const noexcept {
    std::uint64_t sum = 0;
    for (auto c : counts_) sum += c;
    return sum;
}

}  // namespace schoolgate::classifiers
