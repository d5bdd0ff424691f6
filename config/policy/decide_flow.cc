#include "config/policy/decide_flow.h"

#include <algorithm>

namespace schoolgate::config {

namespace {

constexpr std::string_view kDefaultTechniqueRule = "circumvention-default";
constexpr std::string_view kDefaultTechniqueReason =
    "Attempts to get round the school's filtering are always logged for the e-safety officer.";
constexpr std::string_view kBlockQuicRule = "block-quic";

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return !value.empty() && std::find(list.begin(), list.end(), value) != list.end();
}

bool who_matches(const model::WhoModel& who, const Subject& subject) {
    if (who.roles.empty() && who.users.empty() && who.networks.empty()) return true;
    return contains(who.roles, subject.role) || contains(who.users, subject.user) ||
           contains(who.networks, subject.network);
}

TechniqueVerdict verdict_for(const CompiledCircumvention& circumvention, const Subject& subject,
                             const classifiers::TechniqueSignal& signal) {
    TechniqueVerdict verdict{&signal, model::TechniqueAction::Log, kDefaultTechniqueRule, kDefaultTechniqueReason};
    for (const auto& rule : circumvention.rules) {
        if (!rule.techniques.test(static_cast<std::size_t>(signal.technique)) || !who_matches(rule.who, subject)) continue;
        verdict.action = rule.action;
        verdict.rule = rule.name;
        verdict.reason = rule.reason;
        break;
    }
    verdict.blocks = verdict.action == model::TechniqueAction::Block &&
                     signal.confidence >= circumvention.block_min_confidence;
    return verdict;
}

// The circumvention rule that speaks for an allowed flow no service rule decided: the first technique the
// school wrote a rule for and that is sure enough to report, an alert before a log. Without it the event of
// a staff VPN the school asked to hear about would read "No rule in the school's policy matched".
const TechniqueVerdict* named_technique_rule(const std::vector<TechniqueVerdict>& verdicts,
                                            const CompiledCircumvention& circumvention) {
    const TechniqueVerdict* found = nullptr;
    for (const auto& verdict : verdicts) {
        if (verdict.rule == kDefaultTechniqueRule || verdict.signal->confidence < circumvention.report_min_confidence) continue;
        if (verdict.action == model::TechniqueAction::Alert) return &verdict;
        if (!found) found = &verdict;
    }
    return found;
}

}  // namespace

std::string reason_with_evidence(const TechniqueVerdict& verdict) {
    return std::string{verdict.reason} + " Seen: " + std::string{classifiers::technique_label(verdict.signal->technique)} +
           " (" + verdict.signal->evidence + ").";
}

FlowDecision decide_flow(const CompiledPolicy& policy, const Subject& subject,
                         const classifiers::Observations& observations, WallTime at, std::vector<RuleMiss>* misses) {
    FlowDecision flow;
    flow.service = decide(policy, subject, observations, at, misses);
    flow.action = flow.service.action;
    flow.rule = flow.service.rule;
    flow.reason = std::string{flow.service.reason};

    const auto& circumvention = policy.circumvention();
    const TechniqueVerdict* blocking = nullptr;
    flow.techniques.reserve(observations.techniques.size());
    for (const auto& signal : observations.techniques) {
        flow.techniques.push_back(verdict_for(circumvention, subject, signal));
        const bool sure_enough = signal.confidence >= circumvention.report_min_confidence;
        flow.reportable = flow.reportable || sure_enough;
        flow.alert = flow.alert || (sure_enough && flow.techniques.back().action == model::TechniqueAction::Alert);
    }
    for (const auto& verdict : flow.techniques) {
        if (verdict.blocks) {
            blocking = &verdict;
            break;
        }
    }
    if (flow.action == model::Action::Block) return flow;
    if (blocking) {
        flow.action = model::Action::Block;
        flow.rule = blocking->rule;
        flow.reason = reason_with_evidence(*blocking);
        return flow;
    }
    if (observations.classifier == "quic" && circumvention.blocks_quic_for(subject.role)) {
        flow.action = model::Action::Block;
        flow.rule = kBlockQuicRule;
        flow.reason = "QUIC is blocked for " + subject.role +
                      " so that browsers fall back to TCP, where the site's name can be checked.";
        return flow;
    }
    if (flow.service.rule == kDefaultRuleName && !flow.service.exemption) {
        if (const auto* named = named_technique_rule(flow.techniques, circumvention)) {
            flow.rule = named->rule;
            flow.reason = reason_with_evidence(*named);
        }
    }
    return flow;
}

}  // namespace schoolgate::config
