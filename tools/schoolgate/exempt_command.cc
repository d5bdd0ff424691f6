#include "tools/schoolgate/exempt_command.h"

#include <pwd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"
#include "tools/common/exemption_change.h"
#include "tools/common/policy_loading.h"

namespace schoolgate::tools {

namespace {

using config::model::ExemptionModel;
using config::model::ExemptionSubjectKind;

// Who ran the command, as the machine knows them: `--by` is what they say, this is who they are.
nlohmann::json operator_identity() {
    const uid_t uid = ::getuid();
    const passwd* account = ::getpwuid(uid);
    nlohmann::json who = {{"uid", uid}, {"login", account ? account->pw_name : ""}};
    if (const char* sudo_user = std::getenv("SUDO_USER")) who["sudo_user"] = sudo_user;
    return who;
}

int report(const ExemptionChangeOutcome& outcome) {
    for (const auto& line : outcome.messages) std::cerr << line << '\n';
    if (outcome.ok()) std::cout << outcome.done << '\n';
    return outcome.exit_code;
}

ExemptionModel from_options(const ExemptOptions& o) {
    ExemptionModel e;
    e.id = o.id;
    const std::pair<const std::string*, ExemptionSubjectKind> subjects[] = {
        {&o.user, ExemptionSubjectKind::User}, {&o.device, ExemptionSubjectKind::Device},
        {&o.role, ExemptionSubjectKind::Role}, {&o.network, ExemptionSubjectKind::Network}};
    for (const auto& [value, kind] : subjects) {
        if (!value->empty()) {
            e.subject = *value;
            e.subject_kind = kind;
        }
    }
    e.services = o.services;
    e.from_text = o.from;
    e.until_text = o.until;
    e.periods = o.periods;
    e.reason = o.reason;
    e.approved_by = o.approved_by;
    e.created_by = o.by;
    return e;
}

int list(const ExemptOptions& o) {
    const auto snapshot = load_policy_snapshot(o.policy, o.catalogue, 0);
    if (!snapshot) return kExitConfigError;
    const auto& policy = *snapshot->policy;
    const auto now = school_instant(policy, o.at, "--at");
    if (!now) return kExitConfigError;
    std::cout << policy.exemptions().size() << " exemptions in " << policy.exemptions_file() << '\n';
    for (const auto& e : policy.exemptions()) {
        const char* status = *now >= e.until ? "expired" : *now < e.from ? "not started" : "active";
        const auto& w = e.written;
        std::cout << "  " << w.id << " [" << status << "] " << w.subject << ": ";
        for (std::size_t i = 0; i < w.services.size(); ++i) std::cout << (i ? "," : "") << w.services[i];
        std::cout << " from " << (w.from_text.empty() ? "-" : w.from_text) << " until " << w.until_text << ", approved by "
                  << w.approved_by << " - " << w.reason << '\n';
    }
    return kExitOk;
}

}  // namespace

ExemptOptions& add_exempt_command(CLI::App& app) {
    static ExemptOptions o;
    auto* exempt = app.add_subcommand("exempt", "Add, list or revoke exemptions (validated, atomic, audited)");
    exempt->require_subcommand(1);
    auto* add = exempt->add_subcommand("add", "Add an exemption");
    auto* list_cmd = exempt->add_subcommand("list", "List exemptions and their status");
    auto* revoke = exempt->add_subcommand("revoke", "Remove an exemption");
    for (auto* sub : {add, list_cmd, revoke}) {
        sub->add_option("--policy", o.policy, "school policy (YAML)")->required();
        sub->add_option("--catalogue", o.catalogue, "service catalogue (default: the shipped one)");
        sub->callback([sub] { o.action = sub->get_name(); });
    }
    add->add_option("--id", o.id, "a new, unique id")->required();
    auto* user = add->add_option("--user", o.user, "user id");
    auto* device = add->add_option("--device", o.device, "device name");
    auto* role = add->add_option("--role", o.role, "role");
    auto* network = add->add_option("--network", o.network, "network name");
    user->excludes(device)->excludes(role)->excludes(network);
    device->excludes(role)->excludes(network);
    role->excludes(network);
    add->add_option("--services", o.services, "services or groups, e.g. facebook,x")->required()->delimiter(',');
    add->add_option("--from", o.from, "first day (school-local), e.g. 2026-09-01");
    add->add_option("--until", o.until, "last day (required), e.g. 2027-07-31")->required();
    add->add_option("--periods", o.periods, "only in these periods, e.g. P3,P4")->delimiter(',');
    add->add_option("--reason", o.reason, "why, for people")->required();
    add->add_option("--approved-by", o.approved_by, "the headteacher's user id")->required();
    add->add_option("--by", o.by, "who is making this change")->required();
    revoke->add_option("--id", o.id, "the exemption to remove")->required();
    revoke->add_option("--by", o.by, "who is making this change")->required();
    list_cmd->add_option("--at", o.at, "status as of this school-local time (default: now)");
    return o;
}

int run_exempt(const ExemptOptions& o) {
    if (o.action == "list") return list(o);
    const ExemptionChangeContext context{o.policy, o.catalogue, o.by, operator_identity(), {}};
    if (o.action == "revoke") return report(revoke_exemption(context, o.id));
    if (o.user.empty() && o.device.empty() && o.role.empty() && o.network.empty()) {
        return std::cerr << "exempt add: say who with --user, --device, --role or --network\n", kExitConfigError;
    }
    return report(add_exemption(context, from_options(o)));
}

}  // namespace schoolgate::tools
