#include "tools/schoolgate/firewall_command.h"

#include <sys/wait.h>
#include <cerrno>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "config/yaml/daemon_config_reader.h"
#include "gateway/daemon/daemon_setup_check.h"
#include "gateway/enforce/firewall_rules.h"
#include "tools/common/policy_loading.h"

namespace schoolgate::tools {

namespace {

using gateway::enforce::CommandLine;

/// Runs a command with `input` on its standard input; returns its exit status (127 when it cannot start).
int run_command(const CommandLine& command, const std::string& input, bool quiet) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return 127;
    const pid_t child = ::fork();
    if (child < 0) return 127;
    if (child == 0) {
        ::dup2(pipe_fds[0], STDIN_FILENO);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        if (quiet) {
            std::FILE* null = std::fopen("/dev/null", "w");
            if (null) ::dup2(fileno(null), STDERR_FILENO);
        }
        std::vector<char*> argv;
        for (const auto& word : command) argv.push_back(const_cast<char*>(word.c_str()));
        argv.push_back(nullptr);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(pipe_fds[0]);
    if (!input.empty()) (void)!::write(pipe_fds[1], input.data(), input.size());
    ::close(pipe_fds[1]);
    // A failed wait would leave status at 0 and read as success: the rules would be reported installed.
    int status = 0;
    pid_t waited = -1;
    do {
        waited = ::waitpid(child, &status, 0);
    } while (waited < 0 && errno == EINTR);
    if (waited < 0) return 128;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void remove_rules(const gateway::enforce::FirewallRules& rules) {
    for (const auto& command : rules.queue_remove) {
        // The hook rule may be there more than once if someone added it by hand: delete until it is gone.
        const bool is_unhook = command.size() > 2 && command[2] == "-D";
        for (int i = 0; i < (is_unhook ? 16 : 1); ++i) {
            if (run_command(command, "", true) != 0) break;
        }
    }
    // Exit status not checked: removing is best effort before an install, and the table may not be there.
    (void)run_command(rules.nft_remove, "", true);
}

bool is_root(const std::string& action) {
    if (::geteuid() == 0) return true;
    std::cerr << "schoolgate firewall " << action << ": needs root (it changes the gateway's firewall)\n";
    return false;
}

// Removing reads neither the config nor the policy: the unit's ExecStopPost must clear the rules even after
// someone broke a file. With no networks, the plan covers both address families, so every chain and table
// schoolgate could have installed is removed (each command may fail quietly where there is nothing).
int remove_all() {
    if (!is_root("remove")) return kExitCaptureError;
    remove_rules(gateway::enforce::build_firewall_rules(gateway::enforce::FirewallPlan{}));
    std::cout << "schoolgate's rules removed (table inet " << gateway::enforce::kNftTable << ", chain "
              << gateway::enforce::kIptablesChain << "); the rest of the firewall is unchanged\n";
    return kExitOk;
}

}  // namespace

FirewallOptions& add_firewall_command(CLI::App& app) {
    static FirewallOptions options;
    auto* firewall = app.add_subcommand("firewall", "Print, install or remove the gateway's queue and enforcement rules");
    firewall->add_option("action", options.action, "print | install | remove")
        ->required()
        ->check(CLI::IsMember({"print", "install", "remove"}));
    firewall->add_option("--config", options.config, "daemon configuration (schoolgated.yaml)")->required()->check(CLI::ExistingFile);
    return options;
}

int run_firewall(const FirewallOptions& options) {
    if (options.action == "remove") return remove_all();
    auto daemon = config::yaml::load_daemon_config(options.config);
    if (!daemon.ok()) {
        for (const auto& error : daemon.error()) std::cerr << error.to_string() << '\n';
        return kExitConfigError;
    }
    const auto& model = daemon.value();
    const auto snapshot = load_policy_snapshot(model.policy_file, model.catalogue_file, 0);
    if (!snapshot) return kExitConfigError;
    const auto& policy = *snapshot->policy;
    // The daemon's own start check (schoolgated --check runs it too), so install never accepts a config the
    // daemon then refuses, nor the other way round.
    const auto scope = options.action == "print" ? gateway::daemon::SetupScope::AnyMachine
                                                 : gateway::daemon::SetupScope::ThisGateway;
    if (const auto errors = gateway::daemon::check_daemon_setup(model, policy, scope); !errors.empty()) {
        for (const auto& error : errors) std::cerr << error.to_string() << '\n';
        std::cerr << errors.size() << (errors.size() == 1 ? " error" : " errors") << " in " << options.config
                  << "; no firewall rules were changed.\n";
        return kExitConfigError;
    }
    gateway::enforce::FirewallPlan plan;
    plan.first_queue = model.inline_mode.first_queue;
    plan.queues = model.inline_mode.queues;
    plan.inspect_packets = model.inline_mode.inspect_packets;
    const auto& fail_closed = model.inline_mode.fail_closed_networks;
    for (const auto& network : policy.subjects().networks()) {
        if (!network.cidr) continue;  // a VLAN-only network: its addresses are not known here
        const bool closed = std::find(fail_closed.begin(), fail_closed.end(), network.name) != fail_closed.end();
        plan.networks.push_back({network.name, *network.cidr, closed});
    }
    const auto rules = gateway::enforce::build_firewall_rules(plan);
    if (options.action == "print") {
        std::cout << gateway::enforce::firewall_script(rules);
        return kExitOk;
    }
    if (!is_root(options.action)) return kExitCaptureError;
    remove_rules(gateway::enforce::build_firewall_rules(gateway::enforce::FirewallPlan{}));  // whatever was there
    // The connbytes match turns accounting on for itself on current kernels, so a failure here is worth a
    // warning, not a refusal.
    if (const int status = run_command({"sysctl", "-q", "-w", "net.netfilter.nf_conntrack_acct=1"}, "", true);
        status != 0) {
        std::cerr << "warning: sysctl -w net.netfilter.nf_conntrack_acct=1 failed (exit " << status
                  << "); the kernel's connbytes match enables accounting itself, installing anyway\n";
    }
    if (const int status = run_command({"nft", "-f", "-"}, rules.nft_ruleset, false); status != 0) {
        std::cerr << "nft -f - failed (exit " << status << "); nothing installed\n";
        remove_rules(rules);
        return kExitCaptureError;
    }
    for (const auto& command : rules.queue_add) {
        if (const int status = run_command(command, "", false); status != 0) {
            std::cerr << gateway::enforce::command_text(command) << ": failed (exit " << status << "); schoolgate's rules removed again\n";
            remove_rules(rules);
            return kExitCaptureError;
        }
    }
    const auto closed_first = gateway::enforce::fail_closed_first_queue(plan.first_queue, plan.queues);
    const bool any_closed = std::any_of(plan.networks.begin(), plan.networks.end(), [](const auto& n) { return n.fail_closed; });
    std::cout << "installed: " << plan.networks.size() << " network(s) inspected, queues " << plan.first_queue << ".."
              << plan.first_queue + plan.queues - 1;
    if (any_closed) std::cout << " (fail-closed networks " << closed_first << ".." << closed_first + plan.queues - 1 << ")";
    std::cout << ", first " << plan.inspect_packets << " packets of each connection\n";
    for (const auto& network : plan.networks) {
        std::cout << "  " << network.name << " " << network.cidr.to_string()
                  << (network.fail_closed ? "  fail-closed: no daemon, no new connections" : "  fail-open (--queue-bypass)")
                  << '\n';
    }
    return kExitOk;
}

}  // namespace schoolgate::tools
