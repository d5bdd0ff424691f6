#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "config/model/console_model.h"
#include "gateway/time/clock.h"
#include "tools/console/console_store.h"

namespace schoolgate::tools::console {

/// Everything a request handler needs: the configuration, the store and the injected clock. One mutex
/// serialises the store between the server's threads and the event ingest (the console's load is people).
struct Console {
    config::model::ConsoleModel config;
    std::unique_ptr<ConsoleStore> store;
    const gateway::time::Clock* clock = nullptr;
    std::mutex mutex;

    std::int64_t now() const;  ///< seconds since the epoch from the injected clock
    bool https() const noexcept { return !config.tls_certificate.empty(); }
    /// Records an audited action; an audit that cannot be written is reported (and the caller refuses).
    bool audit(const std::string& who, const std::string& action, const std::string& what,
               const std::string& before = {}, const std::string& after = {});
};

/// Where people's names come from: today the policy's users (display_name) and the event's own ids. The
/// identity-source work (a directory CSV) plugs in here and nowhere else.
std::string display_name(const Console& console, const std::string& person);

}  // namespace schoolgate::tools::console
