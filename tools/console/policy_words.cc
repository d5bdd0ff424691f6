#include "tools/console/policy_words.h"

#include <vector>

#include "config/model/circumvention_model.h"
#include "tools/console/html.h"

namespace schoolgate::tools::console {

namespace {

std::string spoken_list(const std::vector<std::string>& items, const char* last_joint) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == items.size() ? last_joint : ", ") + items[i];
    }
    return out;
}

std::string who_words(const config::model::WhoModel& who, bool names_people) {
    std::vector<std::string> parts;
    for (const auto& role : who.roles) parts.push_back("role " + role);
    if (names_people) {
        for (const auto& user : who.users) parts.push_back("user " + user);
    } else if (!who.users.empty()) {
        parts.push_back(who.users.size() == 1 ? std::string{"one named person"} : std::to_string(who.users.size()) + " named people");
    }
    for (const auto& network : who.networks) parts.push_back("network " + network);
    return parts.empty() ? "Everyone" : spoken_list(parts, " and ");
}

std::string technique_sentence(const config::model::TechniqueRuleModel& rule, bool names_people) {
    using config::model::TechniqueAction;
    const char* action = rule.action == TechniqueAction::Block   ? "blocked"
                         : rule.action == TechniqueAction::Alert ? "logged and alerted at once"
                                                                 : "logged";
    const auto techniques = rule.techniques.size() == 1 && rule.techniques[0] == "any" ? std::string{"every circumvention technique"}
                                                                                       : spoken_list(rule.techniques, " and ");
    return who_words(rule.who, names_people) + ": " + techniques + " " + action + ".";
}

std::string named_item(const std::string& sentence, const std::string& name, const std::string& reason) {
    return "<li><strong>" + esc(sentence) + "</strong> <span class=\"muted\">(" + esc(name) + (reason.empty() ? "" : ": " + esc(reason)) +
           ")</span></li>";
}

}  // namespace

std::string rule_sentence(const config::model::RuleModel& rule, bool names_people) {
    using config::model::Action;
    const char* action = rule.action == Action::Block ? "blocked" : rule.action == Action::Allow ? "allowed" : "allowed and logged";
    std::string when = "at all times";
    if (!rule.when.any_of.empty()) when = "during " + spoken_list(rule.when.any_of, " or ");
    if (!rule.when.all_of.empty()) when = "when " + spoken_list(rule.when.all_of, " and ");
    const auto services = rule.services.size() == 1 && rule.services[0] == "any" ? std::string{"everything"}
                                                                               : spoken_list(rule.services, " and ");
    return who_words(rule.who, names_people) + ": " + services + " " + action + " " + when + ".";
}

std::string policy_rules_html(const config::model::PolicyModel& model, bool names_people) {
    std::string html = "<ol class=\"rules\">";
    for (const auto& rule : model.rules) html += named_item(rule_sentence(rule, names_people), rule.name, rule.reason);
    html += std::string{"<li>Everything else: "} + (model.default_action == config::model::Action::Block ? "blocked" : "allowed") +
            ".</li></ol>";
    if (model.circumvention.rules.empty()) return html;
    html += "<p>Getting round the filtering (VPNs, proxies, Tor, encrypted DNS; every attempt is logged):</p><ol class=\"rules\">";
    for (const auto& rule : model.circumvention.rules) html += named_item(technique_sentence(rule, names_people), rule.name, rule.reason);
    return html + "</ol>";
}

}  // namespace schoolgate::tools::console
