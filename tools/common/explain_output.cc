#include "tools/common/explain_output.h"

#include <nlohmann/json.hpp>

#include "classifiers/host_name.h"
#include "config/timetable/compiled_timetable.h"
#include "tools/common/people.h"

namespace schoolgate::tools {

namespace {

std::string upper(std::string_view text) {
    std::string out{text};
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string decided_by(const config::FlowDecision& decision) {
    const auto& service = decision.service;
    if (decision.rule == service.rule && service.exemption) return "exemption '" + std::string{decision.rule} + "'";
    if (decision.rule == "default") return "default action";
    return "rule '" + std::string{decision.rule} + "'";
}

std::string what_line(const config::CompiledPolicy& policy, const ExplainedFlow& flow,
                      const gateway::policy::Assessment& assessment) {
    const auto& catalogue = policy.catalogue();
    const auto& observations = flow.observations;
    if (flow.question.named_service != classifiers::kNoService) return flow.what;
    if (observations.service == classifiers::kNoService) return flow.what + " -> not a listed service";
    std::string line = flow.what + " -> " + std::string{catalogue.name(observations.service)};
    if (assessment.service_source == "name" && !classifiers::is_ip_literal(observations.host)) {
        return line + " (domain " + std::string{catalogue.matching_domain(observations.host)} + ")";
    }
    return line + " (by " + std::string{assessment.service_source} + ")";
}

}  // namespace

void print_explanation_text(std::ostream& out, const config::CompiledPolicy& policy, const ExplainedFlow& flow,
                            const gateway::policy::Assessment& assessment, const std::vector<config::RuleMiss>& misses) {
    const auto& decision = assessment.decision;
    const auto& subject = flow.question.subject;
    out << "verdict: " << upper(config::model::action_name(decision.action)) << '\n';
    out << "  decided by: " << decided_by(decision) << ": " << decision.reason << '\n';
    if (decision.service.exemption && decision.rule == decision.service.rule) {
        const auto& e = decision.service.exemption->written;
        out << "    approved by " << e.approved_by << ", until " << e.until_text << '\n';
    }
    out << "  who: " << flow.who << " -> role " << subject.role
        << (subject.user.empty() ? "" : ", user " + user_with_name(policy, subject.user))
        << (subject.device.empty() ? "" : ", device " + subject.device)
        << (subject.network.empty() ? "" : ", network " + subject.network) << '\n';
    out << "  what: " << what_line(policy, flow, assessment) << '\n';
    for (const auto& verdict : decision.techniques) {
        out << "  technique: " << classifiers::technique_name(verdict.signal->technique) << " ("
            << classifiers::confidence_name(verdict.signal->confidence) << ") -> "
            << config::model::technique_action_name(verdict.action) << (verdict.blocks ? ", blocks" : "") << " by '"
            << verdict.rule << "': " << verdict.signal->evidence << '\n';
    }
    out << "  when: " << policy.local_time_text(flow.question.at) << ", "
        << config::timetable::CompiledTimetable::describe(decision.service.moment) << '\n';
    if (!misses.empty()) {
        out << "  earlier rules that did not match:\n";
        for (const auto& miss : misses) out << "    " << miss.rule << ": " << miss.why << '\n';
    }
}

void print_explanation_json(std::ostream& out, const config::CompiledPolicy& policy, const ExplainedFlow& flow,
                            const gateway::policy::Assessment& assessment, const std::vector<config::RuleMiss>& misses) {
    const auto& decision = assessment.decision;
    const auto& subject = flow.question.subject;
    nlohmann::json answer{
        {"verdict", config::model::action_name(decision.action)},
        {"rule", decision.rule},
        {"reason", decision.reason},
        {"service", policy.catalogue().name(flow.observations.service)},
        {"service_source", assessment.service_source},
        {"host", flow.observations.host},
        {"subject", {{"role", subject.role}, {"user", subject.user}, {"device", subject.device}, {"network", subject.network}}},
        {"school_time", policy.local_time_text(flow.question.at)},
        {"period", config::period_label(decision.service.moment)},
        {"exemption", decision.service.exemption && decision.rule == decision.service.rule
                          ? decision.service.exemption->written.id
                          : std::string{}},
        {"techniques", nlohmann::json::array()},
        {"earlier_rules", nlohmann::json::array()},
    };
    for (const auto& verdict : decision.techniques) {
        answer["techniques"].push_back({{"technique", classifiers::technique_name(verdict.signal->technique)},
                                        {"confidence", classifiers::confidence_name(verdict.signal->confidence)},
                                        {"action", config::model::technique_action_name(verdict.action)},
                                        {"blocks", verdict.blocks},
                                        {"rule", verdict.rule},
                                        {"evidence", verdict.signal->evidence}});
    }
    for (const auto& miss : misses) answer["earlier_rules"].push_back({{"rule", miss.rule}, {"why", miss.why}});
    out << answer.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace schoolgate::tools
