#include "tools/schoolgated/bypass_counter_log.h"

#include <spdlog/spdlog.h>

namespace schoolgate::tools::daemon {

BypassCounterLog::Reading BypassCounterLog::read() {
    auto count = read_();
    std::lock_guard lock{mutex_};
    if (count.ok()) {
        if (!last_error_.empty()) spdlog::info("bypass counter: readable again");
        last_error_.clear();
        return {count.value(), {}};
    }
    if (count.error() != last_error_) {
        spdlog::warn("bypass counter: {}; stats show no bypass count until it can be read", count.error());
        last_error_ = count.error();
    }
    return {std::nullopt, std::move(count).error()};
}

}  // namespace schoolgate::tools::daemon
