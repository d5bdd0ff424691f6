#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <optional>
#include <string_view>

#include "common/time/wall_time.h"
#include "gateway/policy/policy_snapshot.h"

namespace schoolgate::tools {

/// Exit codes shared by every command and schoolgated (documented in README.md and docs/cli.md; the
/// docs_exit_codes test runs each one).
inline constexpr int kExitOk = 0;
inline constexpr int kExitCaptureError = 1;
inline constexpr int kExitConfigError = 2;
/// A command line the program refuses (CLI11's parse errors too): EX_USAGE from sysexits.h.
inline constexpr int kExitUsage = 64;

/// Loads, validates and compiles a policy against the catalogue. On failure prints every error to stderr
/// as FILE:LINE:COL: path: message and returns nullptr. An empty `catalogue_path` means the shipped one.
std::shared_ptr<const gateway::policy::PolicySnapshot> load_policy_snapshot(const std::string& policy_path,
                                                                            const std::string& catalogue_path,
                                                                            std::uint64_t generation);

/// The instant a command works at: now (the system clock) when `local_text` is empty, else that
/// school-local time. On a malformed time prints "<option>: '<text>' is not a local time (...)", on a
/// time the clocks skip or repeat "<option> <text>: that time does not exist ... (the two real choices)",
/// and returns std::nullopt.
std::optional<WallTime> school_instant(const config::CompiledPolicy& policy, const std::string& local_text,
                                       std::string_view option);

}  // namespace schoolgate::tools
