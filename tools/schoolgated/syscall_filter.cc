#include "tools/schoolgated/syscall_filter.h"

#include <seccomp.h>

#include <cerrno>
#include <cstring>

namespace schoolgate::tools::daemon {

namespace {

// Measured by running the daemon (inline and passive, reloads, stats, metrics, rotation) under the e2e tests,
// also under ASan, whose runtime needs a few more (sigaltstack, madvise, sched_getaffinity, readlink).
constexpr const char* kAllowed[] = {
    // files: events, policy reloads, time zones, retention
    "read", "write", "writev", "pread64", "pwrite64", "readv", "lseek", "close", "openat", "open", "newfstatat",
    "fstat", "stat", "lstat", "statx", "fstatfs", "access", "faccessat", "faccessat2", "readlink", "readlinkat",
    "getdents64", "unlinkat", "unlink", "rename", "renameat", "fsync", "fdatasync", "ftruncate", "fchmod",
    "fcntl", "dup", "dup2", "dup3", "pipe2", "getcwd", "umask", "flock",
    // sockets: netlink queue verdicts and counters, stats, metrics, syslog
    "socket", "bind", "listen", "accept", "accept4", "connect", "getsockname", "getpeername", "setsockopt",
    "getsockopt", "sendto", "sendmsg", "sendmmsg", "recvfrom", "recvmsg", "recvmmsg", "shutdown", "ioctl",
    // waiting and signals
    "poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_ctl", "epoll_create1",
    "rt_sigprocmask", "rt_sigaction", "rt_sigreturn", "sigaltstack", "signalfd4", "inotify_add_watch",
    "inotify_rm_watch", "restart_syscall", "tgkill", "getpid", "gettid", "getppid", "kill",
    // threads and memory
    "futex", "clone", "clone3", "set_robust_list", "get_robust_list", "rseq", "set_tid_address", "exit", "exit_group",
    "mmap", "munmap", "mremap", "mprotect", "madvise", "brk", "sched_yield", "sched_getaffinity", "getrandom",
    "prlimit64", "getrlimit", "membarrier",
    // time and identity
    "clock_gettime", "clock_getres", "gettimeofday", "time", "nanosleep", "clock_nanosleep", "getuid", "geteuid",
    "getgid", "getegid", "getgroups", "uname", "prctl", "capget",
};

// Builds the allow-list into `filter` and loads it; the caller releases the filter whatever happens.
Result<void, std::string> load_filter(scmp_filter_ctx filter) {
    using Outcome = Result<void, std::string>;
    for (const char* name : kAllowed) {
        const int number = seccomp_syscall_resolve_name(name);
        if (number == __NR_SCMP_ERROR) continue;  // not on this architecture (open, stat on arm64)
        if (const int status = seccomp_rule_add(filter, SCMP_ACT_ALLOW, number, 0); status != 0) {
            return Outcome::failure(std::string{"seccomp_rule_add "} + name + ": " + std::strerror(-status));
        }
    }
    // Every thread, the writer's too. Without TSYNC the filter would confine only this thread, and the
    // workers already running would stay unconfined with no word said: that is an error, not a detail.
    if (const int status = seccomp_attr_set(filter, SCMP_FLTATR_CTL_TSYNC, 1); status != 0) {
        return Outcome::failure(std::string{"seccomp_attr_set TSYNC: "} + std::strerror(-status));
    }
    if (const int status = seccomp_load(filter); status != 0) {
        return Outcome::failure(std::string{"seccomp_load: "} + std::strerror(-status));
    }
    return Outcome::success();
}

}  // namespace

Result<void, std::string> confine_system_calls() {
    scmp_filter_ctx filter = seccomp_init(SCMP_ACT_KILL_PROCESS);
    if (!filter) return Result<void, std::string>::failure("seccomp_init failed");
    auto loaded = load_filter(filter);
    seccomp_release(filter);
    return loaded;
}

}  // namespace schoolgate::tools::daemon
