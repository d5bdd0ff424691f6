#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace schoolgate::gateway::events {

struct SweepResult {
    std::vector<std::string> deleted;  ///< file names (not paths) deleted, sorted
    std::string error;                 ///< empty, or the last thing that could not be done
};

/// Deletes the event log's old files: names <base_name>-YYYY-MM-DD.jsonl and <base_name>-YYYY-MM-DD.N.jsonl
/// (exactly as RotatingFileLog makes them) in the directory whose day is more than `retention_days` before
/// `today`. Nothing else is ever deleted: not other names, not symlinks (even with a matching name), not
/// directories. `retention_days == 0` keeps everything for ever.
///
/// Stateless apart from its settings; safe to call from any one thread at a time. The caller passes the
/// day from its injected clock (utc_day(clock.wall_now())).
class RetentionSweeper {
public:
    RetentionSweeper(std::string directory, std::string base_name, unsigned retention_days);

    SweepResult sweep(std::chrono::sys_days today) const;

private:
    std::string directory_;
    std::string base_name_;
    unsigned retention_days_;
};

}  // namespace schoolgate::gateway::events
