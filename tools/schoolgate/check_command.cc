#include "tools/schoolgate/check_command.h"

#include <CLI/CLI.hpp>
#include <date/date.h>
#include <iostream>

#include "config/yaml/file_kind.h"
#include "tools/common/policy_loading.h"

namespace schoolgate::tools {

namespace {

using config::CompiledPolicy;

void print_who(std::ostream& out, const CompiledPolicy& policy) {
    const auto& subjects = policy.subjects();
    out << "  networks: " << subjects.networks().size() << '\n';
    for (const auto& n : subjects.networks()) {
        out << "    " << n.name << ": " << (n.cidr ? n.cidr->to_string() : "") << (n.vlan ? " vlan " + std::to_string(*n.vlan) : "")
            << " -> " << n.role << " (" << n.label << ")\n";
    }
    out << "  users: " << subjects.users().size() << '\n';
    for (const auto& [id, user] : subjects.users()) out << "    " << id << ": " << user.display_name << ", " << user.role << '\n';
    out << "  devices: " << subjects.devices().size() << '\n';
    for (const auto& d : subjects.devices()) {
        out << "    " << d.name << ": " << (d.ip ? d.ip->to_string() : "") << (d.mac ? " " + d.mac->to_string() : "") << " -> user "
            << d.user << '\n';
    }
}

void print_rules(std::ostream& out, const CompiledPolicy& policy) {
    out << "  rules (first match wins): " << policy.rules().size() << '\n';
    for (const auto& rule : policy.rules()) {
        out << "    " << rule.name << ": " << config::model::action_name(rule.action) << " - " << rule.reason << '\n';
    }
    out << "  default: " << config::model::action_name(policy.default_action()) << '\n';
}

void print_calendar(std::ostream& out, const CompiledPolicy& policy, WallTime now) {
    if (policy.timetable().terms().empty()) {
        out << "  timetable: none (rules can only use 'always')\n";
        return;
    }
    // The timetable's own file (timetable: FILE), checked with the policy: say which file it was.
    if (!policy.timetable_file().empty()) out << "  timetable: " << policy.timetable_file() << '\n';
    const auto today = policy.moment(now).day;
    if (const auto* term = policy.timetable().current_or_next_term(today)) {
        const bool current = term->first <= today && today <= term->last;
        out << "  " << (current ? "current term: " : "next term: ") << term->name << " (" << date::format("%F", term->first)
            << " to " << date::format("%F", term->last) << ")\n";
    } else {
        out << "  terms: none from today on (add next year's terms to the timetable)\n";
    }
    if (const auto holiday = policy.timetable().next_holiday(today)) {
        out << "  next holiday: " << holiday->name << " from " << date::format("%F", holiday->first)
            << (holiday->last ? " to " + date::format("%F", *holiday->last) : "") << '\n';
    }
}

void print_exemptions(std::ostream& out, const CompiledPolicy& policy, WallTime now) {
    constexpr auto kExpiringSoon = std::chrono::days{7};
    std::size_t active = 0, expired = 0, future = 0;
    std::vector<const config::CompiledExemption*> expiring;
    for (const auto& e : policy.exemptions()) {
        if (now >= e.until) ++expired;
        else if (now < e.from) ++future;
        else {
            ++active;
            if (e.until - now <= kExpiringSoon) expiring.push_back(&e);
        }
    }
    out << "  exemptions: " << active << " active, " << expired << " expired, " << future << " not yet started, "
        << expiring.size() << " expiring within 7 days\n";
    for (const auto* e : expiring) out << "    expiring: " << e->written.id << " (until " << e->written.until_text << ")\n";
}

}  // namespace

CheckOptions& add_check_command(CLI::App& app) {
    static CheckOptions options;
    auto* check = app.add_subcommand("check", "Validate a policy (and its exemptions) and summarise it");
    check->add_option("policy", options.policy, "school policy (YAML)")->required();
    check->add_option("--catalogue", options.catalogue, "service catalogue (default: the shipped one)");
    check->add_option("--at", options.at, "summarise as of this school-local time (default: now)");
    return options;
}

int run_check(const CheckOptions& options) {
    // An exemptions file or schoolgated.yaml: one line saying what it is and what checks it.
    if (const auto other = config::yaml::not_a_policy(options.policy)) {
        std::cerr << options.policy << ": " << *other << '\n';
        return kExitConfigError;
    }
    const auto snapshot = load_policy_snapshot(options.policy, options.catalogue, 0);
    if (!snapshot) return kExitConfigError;
    const auto& policy = *snapshot->policy;
    const auto now = school_instant(policy, options.at, "--at");
    if (!now) return kExitConfigError;
    std::cout << options.policy << ": valid\n";
    std::cout << "  school: " << policy.school_name() << " (time zone " << policy.time_zone_name() << ")\n";
    std::cout << "  services: ";
    for (std::size_t id = 1; id <= policy.catalogue().size(); ++id) {
        const auto service = static_cast<classifiers::ServiceId>(id);
        const auto& catalogue = policy.catalogue();
        std::cout << (id > 1 ? ", " : "") << catalogue.name(service) << " (" << catalogue.domain_count(service)
                  << " domains, " << catalogue.range_count(service) << " ranges)";
    }
    std::cout << '\n';
    print_who(std::cout, policy);
    print_rules(std::cout, policy);
    print_calendar(std::cout, policy, *now);
    print_exemptions(std::cout, policy, *now);
    return kExitOk;
}

}  // namespace schoolgate::tools
