#pragma once

#include "config/config_error.h"
#include "gateway/events/event_log_config.h"

namespace schoolgate::gateway::events {

/// Every mistake in the `events:` section, for the daemon to report before it starts (and for
/// `schoolgate check`): paths are "events.<key>"; file, line and column are left 0 for the caller, who
/// knows where the section came from. Checks values only; whether the directory is usable (exists, not
/// world-writable) is found when the writer first opens its file (AsyncEventWriter::stats().last_error).
config::ConfigErrors check_event_log_config(const EventLogConfig& config);

}  // namespace schoolgate::gateway::events
