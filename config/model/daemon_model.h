#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config/model/policy_model_base.h"

namespace schoolgate::config::model {

/// schoolgated.yaml as read: how the daemon runs on this gateway (which mode, where the policy and the
/// event log live, which queues). The school's policy itself is a separate file; this one belongs to the
/// network manager. Paths are resolved against the directory of the file that named them.
struct DaemonModel {
    enum class Mode : std::uint8_t { Inline, Passive };

    struct Events {
        std::string directory = "/var/log/schoolgate";
        std::uint64_t max_file_bytes = 64ull * 1024 * 1024;
        unsigned retention_days = 30;
        std::size_t queue_capacity = 65536;
        bool syslog = false;
        std::string syslog_facility = "local0";
    };
    /// NFQUEUE: the kernel queues each connection from the policy's networks (every IP protocol) to queues
    /// first_queue .. first_queue + queues - 1 (fail-closed networks: the same number after those, bound
    /// without fail-open), one worker thread each, until the daemon marks it decided;
    /// `inspect_packets` is only the safety net past which the kernel stops queueing an undecided
    /// connection. It must stay above what a pupil can pad a connection with: the engine settles a padded
    /// flow itself before half of it (the daemon sets the engine's safety net to half the window).
    struct Inline {
        std::uint16_t first_queue = 0;
        std::uint16_t queues = 1;
        std::uint32_t inspect_packets = 600;
        /// Policy network names whose traffic stops when the daemon is not there (no --queue-bypass).
        std::vector<std::string> fail_closed_networks;
    };
    /// libpcap on a mirror port or an interface: verdicts are logged, nothing is enforced.
    struct Passive {
        std::string interface;
        std::string bpf_filter = "tcp or udp";
        /// Reset blocked TCP connections from the mirror port. Racy by nature: the server's answer may win.
        bool tcp_reset = false;
    };
    struct Stats {
        std::string socket = "/run/schoolgate/stats.sock";  ///< local (Unix) socket, mode 0660
        std::uint16_t metrics_port = 0;                     ///< Prometheus text on 127.0.0.1; 0 = off
    };

    Mode mode = Mode::Inline;
    std::string policy_file;
    std::string catalogue_file;  ///< empty: the shipped catalogue
    std::string user = "schoolgate";  ///< the daemon drops to this user once its sockets are open
    bool seccomp = true;              ///< confine the running daemon's system calls (libseccomp)
    Events events;
    Inline inline_mode;
    Passive passive;
    Stats stats;
    std::string source_file;
    /// Where each value was written, by key path ("mode", "passive.interface",
    /// "inline.fail_closed_networks[1]"), so checks made after reading (the policy's networks, the
    /// machine's interfaces) point at the line to fix. A key not written has no entry.
    std::map<std::string, SourceMark> marks;

    /// The mark of `path`, else of its section ("events" for "events.directory"), else the file alone.
    SourceMark mark_of(const std::string& path) const {
        for (std::string key = path;;) {
            if (const auto found = marks.find(key); found != marks.end()) return found->second;
            const auto cut = key.find_last_of(".[");
            if (cut == std::string::npos) return {source_file, 0, 0};
            key.resize(cut);
        }
    }
};

}  // namespace schoolgate::config::model
