#include "gateway/engine/alert_raiser.h"

#include <algorithm>
#include <string>

namespace schoolgate::gateway::engine {

namespace {

events::AlertEvent alert_for(const policy::PolicySnapshot& snapshot, const DecidedFlow& flow,
                             std::string_view kind) {
    const auto& policy = *snapshot.policy;
    events::AlertEvent alert;
    alert.ts = flow.at;
    alert.policy_generation = snapshot.generation;
    alert.alert = kind;
    alert.src_ip = flow.client;
    alert.role = flow.subject.role;
    alert.user = flow.subject.user;
    alert.device = flow.subject.device;
    alert.school_time = policy.local_time_text(alert.ts);
    alert.period = config::period_label(policy.moment(alert.ts));
    return alert;
}

// What a blocked flow was an attempt at: its service, else the technique that blocked it, else its rule.
std::string attempt_target(const config::CompiledPolicy& policy, const DecidedFlow& flow) {
    std::string target{policy.catalogue().name(flow.observations.service)};
    if (!target.empty()) return target;
    for (const auto& verdict : flow.decision.techniques) {
        if (verdict.blocks) return std::string{classifiers::technique_name(verdict.signal->technique)};
    }
    return std::string{flow.decision.rule};
}

std::string attempter(const DecidedFlow& flow) {
    if (!flow.subject.user.empty()) return "user:" + flow.subject.user;
    if (!flow.subject.device.empty()) return "device:" + flow.subject.device;
    return "ip:" + flow.client.to_string();
}

}  // namespace

std::optional<events::AlertEvent> AlertRaiser::for_technique(const policy::PolicySnapshot& snapshot,
                                                             const DecidedFlow& flow) const {
    if (!flow.decision.alert) return std::nullopt;
    auto alert = alert_for(snapshot, flow, "circumvention");
    alert.attempts = 1;
    alert.window_seconds = 1;
    alert.first_attempt = flow.at;
    const config::TechniqueVerdict* asked = nullptr;
    for (const auto& verdict : flow.decision.techniques) {
        if (verdict.action != config::model::TechniqueAction::Alert) continue;
        alert.techniques.push_back(classifiers::technique_name(verdict.signal->technique));
        if (!asked) asked = &verdict;
    }
    // Name the rule that asked and say why in its own words: the flow's decision may be another rule's
    // (a service block), and "no rule matched" would tell the officer nothing.
    if (asked) {
        alert.rule = std::string{asked->rule};
        alert.reason = "Circumvention rule '" + alert.rule + "' asks for an alert: " + config::reason_with_evidence(*asked);
    }
    return alert;
}

std::optional<events::AlertEvent> AlertRaiser::on_blocked(const policy::PolicySnapshot& snapshot,
                                                          const DecidedFlow& flow) {
    const auto& circumvention = snapshot.policy->circumvention();
    const auto at_us = static_cast<std::uint64_t>(flow.at.time_since_epoch().count());
    const std::uint64_t window_us = std::uint64_t{circumvention.repeated_window_seconds} * 1'000'000;
    auto repeated = attempts_.on_blocked(attempter(flow), attempt_target(*snapshot.policy, flow), at_us,
                                         circumvention.repeated_attempts, window_us);
    if (!repeated) return std::nullopt;
    auto alert = alert_for(snapshot, flow, "repeated_attempts");
    alert.attempts = repeated->attempts;
    alert.window_seconds = circumvention.repeated_window_seconds;
    alert.first_attempt = WallTime{std::chrono::microseconds{repeated->first_attempt_us}};
    alert.techniques.push_back(classifiers::technique_name(classifiers::Technique::RepeatedAttempts));
    for (auto& name : repeated->targets) {
        if (auto technique = classifiers::technique_from_name(name)) {
            alert.techniques.push_back(classifiers::technique_name(*technique));
        } else {
            alert.services.push_back(std::move(name));
        }
    }
    std::sort(alert.techniques.begin(), alert.techniques.end());
    alert.rule = "circumvention.repeated_attempts";
    alert.reason = std::to_string(repeated->attempts) + " blocked attempts within " +
                   std::to_string(circumvention.repeated_window_seconds / 60) +
                   " minutes: the school's policy raises an alert at " +
                   std::to_string(circumvention.repeated_attempts) + ".";
    return alert;
}

}  // namespace schoolgate::gateway::engine
