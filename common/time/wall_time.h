#pragma once

#include <chrono>

namespace schoolgate {

/// UTC instants at microsecond resolution: packet timestamps ("network time") and the control plane's
/// wall clock share this type. School-local civil time is derived from it by config/ with the school's zone.
using WallTime = std::chrono::sys_time<std::chrono::microseconds>;

}  // namespace schoolgate
