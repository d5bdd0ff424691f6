#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"

namespace schoolgate::gateway::enforce {

/// Reads the kernel's `queue_bypassed` counter from schoolgate's nft table (libnftnl over netlink): the
/// packets in the inspected range that went through with no verdict from us, because the daemon was
/// down (--queue-bypass) or behind (fail-open on a full queue). The kernel keeps counting while the
/// daemon is away, so the daemon reports the whole bypass once it is back. Needs CAP_NET_ADMIN, which the
/// inline daemon keeps. The error says what failed, e.g. when the table is not installed.
Result<std::uint64_t, std::string> read_bypass_counter();

}  // namespace schoolgate::gateway::enforce
