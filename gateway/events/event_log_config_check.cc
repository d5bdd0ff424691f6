#include "gateway/events/event_log_config_check.h"

#include "gateway/events/syslog_copy.h"

namespace schoolgate::gateway::events {
namespace {

void add(config::ConfigErrors& errors, std::string key, std::string message) {
    config::ConfigError error;
    error.path = "events." + std::move(key);
    error.message = std::move(message);
    errors.push_back(std::move(error));
}

}  // namespace

config::ConfigErrors check_event_log_config(const EventLogConfig& config) {
    config::ConfigErrors errors;
    if (config.directory.empty() || config.directory.front() != '/') {
        add(errors, "directory", "'" + config.directory + "' is not an absolute path (e.g. /var/log/schoolgate)");
    }
    // The base name becomes part of a file name in that directory and the retention sweep matches on it:
    // a '/' or a leading '.' would put files (and deletions) somewhere else.
    if (config.base_name.empty() || config.base_name.find('/') != std::string::npos ||
        config.base_name.front() == '.') {
        add(errors, "base_name", "'" + config.base_name + "' is not a plain file name (e.g. events)");
    }
    if (config.max_file_bytes == 0) add(errors, "max_file_bytes", "must be at least 1 (e.g. 67108864)");
    if (config.queue_capacity == 0) add(errors, "queue_capacity", "must be at least 1 (e.g. 65536)");
    // Checked even when syslog is off, so a typo does not wait to be found until someone turns it on.
    const auto facility = parse_syslog_facility(config.syslog_facility);
    if (!facility) add(errors, "syslog_facility", facility.error());
    return errors;
}

}  // namespace schoolgate::gateway::events
