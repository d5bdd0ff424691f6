#pragma once

#include <string>

#include "common/result.h"

namespace schoolgate::tools::daemon {

/// Confines every thread of the running daemon (libseccomp, TSYNC) to the system calls it makes once its
/// sockets are open: reading and writing files and sockets, polling, threads' futexes and memory, the
/// clock, netlink verdicts and counter reads, and reading policy files on reload. Anything else - exec,
/// ptrace, mount, new namespaces, module loading, kexec, bpf - kills the process (the kernel rules are
/// fail-open, so a killed daemon leaves traffic flowing and the bypass counted). Call after the privilege
/// drop. Fails with the error if the filter could not be built or loaded for every thread.
Result<void, std::string> confine_system_calls();

}  // namespace schoolgate::tools::daemon
