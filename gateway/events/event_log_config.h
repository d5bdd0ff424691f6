#pragma once

#include <cstdint>
#include <string>

namespace schoolgate::gateway::events {

/// Where and how the daemon keeps its event log (the `events:` section of schoolgated.yaml). Event lines
/// are personal data about children: files are created 0640 and deleted after `retention_days`.
struct EventLogConfig {
    std::string directory = "/var/log/schoolgate";
    std::string base_name = "events";  ///< files are <base_name>-YYYY-MM-DD.jsonl, then .1.jsonl, .2.jsonl ...
    std::uint64_t max_file_bytes = 64ull * 1024 * 1024;  ///< a day's file rotates when it would pass this
    unsigned retention_days = 30;     ///< files whose day is older than this are deleted (0: keep for ever)
    std::size_t queue_capacity = 65536;  ///< events waiting for the writer thread; beyond it they are lost
    bool syslog = false;               ///< also send every line to syslog(3), ident "schoolgate"
    std::string syslog_facility = "local0";
};

}  // namespace schoolgate::gateway::events
