#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/policy/compiled_policy.h"

// Steps of compile_policy(), one file each; internal to config/policy.
namespace schoolgate::config::detail {

ConfigError error_at(const model::SourceMark& mark, std::string path, std::string message);

/// Service names and groups as rules and exemptions may name them.
struct ServiceNames {
    const classifiers::services::ServiceCatalogue* catalogue = nullptr;
    std::map<std::string, std::vector<classifiers::ServiceId>> groups;
    std::vector<std::string_view> known;  ///< services and groups, for did-you-mean
};

ServiceNames resolve_groups(const model::PolicyModel& model, const classifiers::services::ServiceCatalogue& catalogue,
                            ConfigErrors& errors);

/// Resolves names ("facebook", a group, "any") into a set; unknown names are reported at `marks[i]` (or
/// `fallback`) under `path[i]`.
ServiceSet resolve_services(const std::vector<std::string>& names, const std::vector<model::SourceMark>& marks,
                            const model::SourceMark& fallback, const std::string& path, const ServiceNames& known,
                            ConfigErrors& errors);

/// Reports roles, users and networks a rule's `who` names that the policy does not define.
void check_who(const model::WhoModel& who, const std::string& path, const SubjectIndex& subjects, ConfigErrors& errors);

std::vector<CompiledRule> compile_rules(const model::PolicyModel& model, const ServiceNames& services,
                                        const SubjectIndex& subjects, ConfigErrors& errors);

std::vector<CompiledExemption> compile_exemptions(const model::PolicyModel& model, const CompiledPolicy& policy,
                                                  const ServiceNames& services, ConfigErrors& errors);

/// The `circumvention:` section and the indicator lists: technique names and families resolved, roles
/// checked, resolver blocks indexed.
std::shared_ptr<const identity::Directory> compile_identity(const model::PolicyModel& model, const SubjectIndex& subjects,
                                                            ConfigErrors& errors);
CompiledCircumvention compile_circumvention(const model::PolicyModel& model, const SubjectIndex& subjects,
                                            ConfigErrors& errors);

}  // namespace schoolgate::config::detail
