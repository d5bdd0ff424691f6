#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace schoolgate::gateway::events {

/// The syslog(3) facility named by the event log config: "local0" .. "local7", "daemon" or "user"
/// (exact, lower case). Anything else is an error message naming the accepted values.
Result<int, std::string> parse_syslog_facility(std::string_view name);

/// Sends a copy of every event line to syslog(3) at LOG_INFO, ident "schoolgate", so a site's collector
/// (rsyslog, journald, Fluent Bit) gets the events too. openlog() state is process-global: keep at most one
/// SyslogCopy alive, and call send() from one thread at a time (the event writer thread).
class SyslogCopy {
public:
    /// Calls openlog("schoolgate", LOG_PID | LOG_NDELAY, facility); `facility` from parse_syslog_facility().
    explicit SyslogCopy(int facility) noexcept;
    ~SyslogCopy();
    SyslogCopy(const SyslogCopy&) = delete;
    SyslogCopy& operator=(const SyslogCopy&) = delete;

    /// The line is passed as data, never as a format string.
    void send(std::string_view line) noexcept;
};

}  // namespace schoolgate::gateway::events
