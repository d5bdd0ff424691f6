#include "tools/schoolgate/explain_command.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "classifiers/host_name.h"
#include "config/policy/decide.h"
#include "tools/schoolgate/policy_loading.h"

namespace schoolgate::tools {

namespace {

std::string upper(std::string_view text) {
    std::string out{text};
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::optional<config::Subject> subject_of(const ExplainOptions& o, const config::CompiledPolicy& policy, std::string& who) {
    if (!o.user.empty()) {
        who = "user " + o.user;
        return policy.subjects().for_user(o.user);
    }
    const auto ip = o.ip.empty() ? std::optional<net::IpAddress>{net::IpAddress{}} : net::IpAddress::parse(o.ip);
    const auto mac = o.mac.empty() ? std::optional<net::MacAddress>{net::MacAddress{}} : net::MacAddress::parse(o.mac);
    if (!ip || !mac) {
        std::cerr << "explain: '" << (!ip ? o.ip : o.mac) << "' is not " << (!ip ? "an IP" : "a MAC") << " address\n";
        return std::nullopt;
    }
    who = o.ip.empty() ? "MAC " + o.mac : o.ip;
    return policy.subjects().identify(*ip, *mac, 0);
}

std::optional<classifiers::Observations> what_of(const ExplainOptions& o, const config::CompiledPolicy& policy, std::string& what) {
    classifiers::Observations observations;
    const auto& catalogue = policy.catalogue();
    if (!o.service.empty()) {
        observations.service = catalogue.find(o.service);
        if (observations.service == classifiers::kNoService) {
            std::cerr << "explain: '" << o.service << "' is not a service in the catalogue\n";
            return std::nullopt;
        }
        what = "service " + o.service;
        return observations;
    }
    auto host = classifiers::normalise_host_name(o.host);
    if (!host) {
        std::cerr << "explain: '" << o.host << "' is not a host name\n";
        return std::nullopt;
    }
    observations.host = *host;
    observations.service = catalogue.match_host(*host);
    what = *host + (observations.service ? " -> " + std::string{catalogue.name(observations.service)} + " (domain " +
                                               std::string{catalogue.matching_domain(*host)} + ")"
                                         : " -> not a listed service");
    return observations;
}

}  // namespace

ExplainOptions& add_explain_command(CLI::App& app) {
    static ExplainOptions options;
    auto* explain = app.add_subcommand("explain", "Explain the verdict for a device or user and a site at a school time");
    explain->add_option("--policy", options.policy, "school policy (YAML)")->required();
    explain->add_option("--catalogue", options.catalogue, "service catalogue (default: the shipped one)");
    auto* ip = explain->add_option("--ip", options.ip, "device IP address");
    auto* mac = explain->add_option("--mac", options.mac, "device MAC address");
    auto* user = explain->add_option("--user", options.user, "user id from the policy");
    ip->excludes(mac)->excludes(user);
    mac->excludes(user);
    auto* host = explain->add_option("--host", options.host, "host name, e.g. www.instagram.com");
    auto* service = explain->add_option("--service", options.service, "service name, e.g. instagram");
    host->excludes(service);
    explain->add_option("--at", options.at, "school-local time, e.g. 2026-03-04T10:15 (default: now)");
    explain->callback([ip, mac, user, host, service] {
        if (!ip->count() && !mac->count() && !user->count()) throw CLI::ValidationError("give --ip, --mac or --user");
        if (!host->count() && !service->count()) throw CLI::ValidationError("give --host or --service");
    });
    return options;
}

int run_explain(const ExplainOptions& o) {
    const auto snapshot = load_policy_snapshot(o.policy, o.catalogue, 0);
    if (!snapshot) return kExitConfigError;
    const auto& policy = *snapshot->policy;
    const auto at = school_instant(policy, o.at, "--at");
    if (!at) return kExitConfigError;
    std::string who, what;
    const auto subject = subject_of(o, policy, who);
    const auto observations = subject ? what_of(o, policy, what) : std::nullopt;
    if (!subject || !observations) return kExitConfigError;

    std::vector<config::RuleMiss> misses;
    const auto decision = config::decide(policy, *subject, *observations, *at, &misses);
    std::cout << "verdict: " << upper(config::model::action_name(decision.action)) << '\n';
    std::cout << "  decided by: " << (decision.exemption ? "exemption '" : decision.rule == "default" ? "" : "rule '")
              << decision.rule << (decision.rule == "default" && !decision.exemption ? " action" : "'") << ": " << decision.reason << '\n';
    if (decision.exemption) {
        const auto& e = decision.exemption->written;
        std::cout << "    approved by " << e.approved_by << ", until " << e.until_text << '\n';
    }
    std::cout << "  who: " << who << " -> role " << subject->role << (subject->user.empty() ? "" : ", user " + subject->user)
              << (subject->device.empty() ? "" : ", device " + subject->device)
              << (subject->network.empty() ? "" : ", network " + subject->network) << '\n';
    std::cout << "  what: " << what << '\n';
    std::cout << "  when: " << policy.local_time_text(*at) << ", " << config::timetable::CompiledTimetable::describe(decision.moment) << '\n';
    if (!misses.empty()) {
        std::cout << "  earlier rules that did not match:\n";
        for (const auto& miss : misses) std::cout << "    " << miss.rule << ": " << miss.why << '\n';
    }
    return kExitOk;
}

}  // namespace schoolgate::tools
