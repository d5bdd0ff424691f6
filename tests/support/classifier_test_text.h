#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/flow_classifier.h"
#include "classifiers/observations.h"

/// Small conversions the classifier tests share: bytes from text, and readable names for statuses and
/// anomalies so that a failed check prints words, not numbers.
namespace schoolgate::test {

using Bytes = std::vector<std::uint8_t>;

inline Bytes bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

inline std::string status_name(classifiers::InspectStatus status) {
    return status == classifiers::InspectStatus::Done ? "Done" : "NeedMore";
}

inline std::vector<std::string> anomaly_names(const classifiers::Observations& observations) {
    std::vector<std::string> names;
    for (auto anomaly : observations.anomalies) names.emplace_back(classifiers::anomaly_name(anomaly));
    return names;
}

}  // namespace schoolgate::test
