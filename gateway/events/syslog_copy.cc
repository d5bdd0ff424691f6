#include "gateway/events/syslog_copy.h"

#include <array>
#include <syslog.h>
#include <utility>

namespace schoolgate::gateway::events {
namespace {

constexpr std::array<std::pair<std::string_view, int>, 10> kFacilities{{
    {"local0", LOG_LOCAL0},
    {"local1", LOG_LOCAL1},
    {"local2", LOG_LOCAL2},
    {"local3", LOG_LOCAL3},
    {"local4", LOG_LOCAL4},
    {"local5", LOG_LOCAL5},
    {"local6", LOG_LOCAL6},
    {"local7", LOG_LOCAL7},
    {"daemon", LOG_DAEMON},
    {"user", LOG_USER},
}};

// openlog() keeps the pointer, so the ident must live for ever.
constexpr const char* kIdent = "schoolgate";

}  // namespace

Result<int, std::string> parse_syslog_facility(std::string_view name) {
    for (const auto& [facility_name, facility] : kFacilities) {
        if (name == facility_name) return Result<int, std::string>::success(facility);
    }
    return Result<int, std::string>::failure("unknown syslog facility '" + std::string{name} +
                                             "' (use local0 .. local7, daemon or user)");
}

SyslogCopy::SyslogCopy(int facility) noexcept { ::openlog(kIdent, LOG_PID | LOG_NDELAY, facility); }

SyslogCopy::~SyslogCopy() { ::closelog(); }

void SyslogCopy::send(std::string_view line) noexcept {
    ::syslog(LOG_INFO, "%.*s", static_cast<int>(line.size()), line.data());
}

}  // namespace schoolgate::gateway::events
