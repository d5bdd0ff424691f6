#pragma once

#include <map>
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

    /// People's names by id, from the policy's users and its identity directory; re-read when older than a
    /// minute (the directory is edited with the policy). Its own lock: pages ask it while holding `mutex`.
    mutable std::mutex names_mutex;
    mutable std::map<std::string, std::string, std::less<>> names;
    mutable std::int64_t names_read_at = -1;
};

/// How a person is shown: "Display Name (id)" when the policy's users or its identity directory name them,
/// else the id the events carry (events keep ids: display names are personal data, docs/data-protection.md).
std::string display_name(const Console& console, const std::string& person);

}  // namespace schoolgate::tools::console
