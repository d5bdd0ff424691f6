#include <algorithm>

#include "config/policy/compile_steps.h"
#include "config/suggest.h"

namespace schoolgate::config {

bool CompiledCircumvention::is_school_resolver(const net::IpAddress& address) const noexcept {
    return std::any_of(school_resolvers.begin(), school_resolvers.end(),
                       [&](const net::Cidr& block) { return block.contains(address); });
}

bool CompiledCircumvention::blocks_quic_for(std::string_view role) const noexcept {
    return std::find(block_quic_roles.begin(), block_quic_roles.end(), role) != block_quic_roles.end();
}

namespace detail {

namespace {

using classifiers::Technique;

// Techniques a name stands for: a wire name, a family ("vpn"), or "any".
std::optional<std::bitset<classifiers::kTechniqueCount>> resolve_technique_name(std::string_view name) {
    std::bitset<classifiers::kTechniqueCount> set;
    for (std::size_t i = 0; i < classifiers::kTechniqueCount; ++i) {
        const auto technique = static_cast<Technique>(i);
        if (name == "any" || classifiers::technique_name(technique) == name ||
            classifiers::technique_family(technique) == name) {
            set.set(i);
        }
    }
    if (set.none()) return std::nullopt;
    return set;
}

std::vector<std::string_view> technique_words() {
    std::vector<std::string_view> words{"any"};
    for (std::size_t i = 0; i < classifiers::kTechniqueCount; ++i) {
        const auto technique = static_cast<Technique>(i);
        words.push_back(classifiers::technique_name(technique));
        const auto family = classifiers::technique_family(technique);
        if (std::find(words.begin(), words.end(), family) == words.end()) words.push_back(family);
    }
    return words;
}

void compile_indicators(const model::CircumventionModel& model, CompiledCircumvention& out, ConfigErrors& errors) {
    const auto words = technique_words();
    for (const auto& list : model.indicators) {
        const auto technique = classifiers::technique_from_name(list.technique);
        if (!technique) {
            errors.push_back(error_at(list.mark, "indicators." + list.technique,
                                      "unknown technique '" + list.technique + "' (" + did_you_mean(list.technique, words) +
                                          "indicator lists are for dns.doh, proxy.site, vpn.app and tls.ech)"));
            continue;
        }
        // The same name listed twice (the catalogue and a school's list) is harmless: first one stays.
        for (const auto& domain : list.domains) out.indicators.add_domain(domain, *technique);
        for (const auto& range : list.ip_ranges) out.indicators.add_range(range, *technique);
    }
}

classifiers::Confidence confidence_from_name(std::string_view name) {
    if (name == "low") return classifiers::Confidence::Low;
    if (name == "high") return classifiers::Confidence::High;
    return classifiers::Confidence::Medium;
}

}  // namespace

CompiledCircumvention compile_circumvention(const model::PolicyModel& model, const SubjectIndex& subjects,
                                            ConfigErrors& errors) {
    const auto& written = model.circumvention;
    CompiledCircumvention out;
    compile_indicators(written, out, errors);
    out.school_resolvers = written.school_resolvers;
    out.repeated_attempts = written.repeated_attempts;
    out.repeated_window_seconds = written.repeated_window_seconds;
    out.block_min_confidence = confidence_from_name(written.block_min_confidence);
    out.report_min_confidence = confidence_from_name(written.report_min_confidence);
    model::WhoModel quic_roles{written.block_quic_roles, {}, {}, written.block_quic_mark};
    check_who(quic_roles, "circumvention.block_quic", subjects, errors);
    out.block_quic_roles = written.block_quic_roles;

    const auto words = technique_words();
    std::vector<std::string> names;
    for (std::size_t r = 0; r < written.rules.size(); ++r) {
        const auto& rule = written.rules[r];
        const std::string path = "circumvention.rules[" + std::to_string(r) + "]";
        if (std::find(names.begin(), names.end(), rule.name) != names.end()) {
            errors.push_back(error_at(rule.mark, path + ".name", "a circumvention rule named '" + rule.name +
                                                                     "' already exists (give each rule its own name)"));
        }
        names.push_back(rule.name);
        check_who(rule.who, path, subjects, errors);
        CompiledTechniqueRule compiled{rule.name, rule.reason, rule.action, rule.who, {}};
        for (std::size_t t = 0; t < rule.techniques.size(); ++t) {
            const auto& name = rule.techniques[t];
            if (auto set = resolve_technique_name(name)) {
                compiled.techniques |= *set;
            } else {
                errors.push_back(error_at(t < rule.technique_marks.size() ? rule.technique_marks[t] : rule.mark,
                                          path + ".techniques[" + std::to_string(t) + "]",
                                          "unknown technique '" + name + "' (" + did_you_mean(name, words) +
                                              "use a technique such as vpn.openvpn, a family such as vpn, or any)"));
            }
        }
        if (compiled.reason.empty()) {
            compiled.reason = "the school's policy on getting round the filter (" + rule.name + ")";
        }
        out.rules.push_back(std::move(compiled));
    }
    return out;
}

}  // namespace detail

}  // namespace schoolgate::config
