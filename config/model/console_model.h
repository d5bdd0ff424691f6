#pragma once

#include <cstdint>
#include <string>

namespace schoolgate::config::model {

/// console.yaml as read: how schoolgate-console runs (docs/console.md). It serves the school's leaders on
/// HTTPS with the school's certificate; plain HTTP only on a loopback address (behind a reverse proxy).
/// Paths are resolved against the directory of the file.
struct ConsoleModel {
    std::string listen_address = "127.0.0.1";
    std::uint16_t listen_port = 8443;
    std::string tls_certificate;  ///< PEM; both empty: plain HTTP (loopback only)
    std::string tls_key;
    std::string policy_file;      ///< the school's policy (the same file the daemon runs)
    std::string catalogue_file;   ///< empty: the shipped catalogue
    std::string database = "/var/lib/schoolgate-console/console.db";
    std::string events_directory = "/var/log/schoolgate";  ///< the daemon's event log (events.directory)
    unsigned retention_days = 30;                          ///< the daemon's events.retention_days
    std::string stats_socket = "/run/schoolgate/stats.sock";
    unsigned idle_timeout_minutes = 30;
    std::string source_file;
};

}  // namespace schoolgate::config::model
