#pragma once

#include <cstddef>
#include <optional>
#include <utility>

#include "classifiers/anomaly.h"

namespace schoolgate::classifiers {

enum class ParseStatus : std::uint8_t { Ok, NeedMoreData, Malformed };

/// The result of a pure parser: a value, "give me at least N more bytes", or a named anomaly. Parsers
/// never throw, log or keep state; streaming state lives in the classifier that calls them.
template <typename T>
class ParseResult {
public:
    static ParseResult ok(T value) { return ParseResult{ParseStatus::Ok, std::move(value), 0, {}}; }
    static ParseResult need_more_data(std::size_t bytes_needed) {
        return ParseResult{ParseStatus::NeedMoreData, std::nullopt, bytes_needed, {}};
    }
    static ParseResult malformed(Anomaly anomaly) {
        return ParseResult{ParseStatus::Malformed, std::nullopt, 0, anomaly};
    }

    ParseStatus status() const noexcept { return status_; }
    bool is_ok() const noexcept { return status_ == ParseStatus::Ok; }
    /// Only meaningful when is_ok().
    const T& value() const& { return *value_; }
    T&& value() && { return std::move(*value_); }
    /// Only meaningful for NeedMoreData: the minimum number of further bytes that could change the result.
    std::size_t bytes_needed() const noexcept { return bytes_needed_; }
    /// Only meaningful for Malformed.
    Anomaly anomaly() const noexcept { return anomaly_; }

private:
    ParseResult(ParseStatus status, std::optional<T> value, std::size_t needed, Anomaly anomaly)
        : status_(status), value_(std::move(value)), bytes_needed_(needed), anomaly_(anomaly) {}
    ParseStatus status_;
    std::optional<T> value_;
    std::size_t bytes_needed_;
    Anomaly anomaly_;
};

}  // namespace schoolgate::classifiers
