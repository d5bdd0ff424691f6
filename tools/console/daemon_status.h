#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace schoolgate::tools::console {

/// The running daemon's counters from its stats socket (the JSON `schoolgate stats` prints), or an
/// object {"error": "..."} saying why there are none.
nlohmann::json daemon_stats(const std::string& socket_path);

}  // namespace schoolgate::tools::console
