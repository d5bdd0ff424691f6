#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "classifiers/services/service_catalogue.h"
#include "common/result.h"
#include "common/time/wall_time.h"
#include "config/config_error.h"
#include "config/model/policy_model.h"

namespace date {
class time_zone;
}

namespace schoolgate::config {

struct CompiledRule {
    std::string name;
    std::string reason;
    model::Action action;
    bool any_service = false;
    std::vector<bool> services;  ///< indexed by ServiceId
};

/// A validated policy with its indexes built. Immutable: only const accessors, shared by every worker
/// through a snapshot, replaced whole on reload. Thread-safe to read.
class CompiledPolicy {
public:
    const std::string& school_name() const noexcept { return school_name_; }
    const std::string& time_zone_name() const noexcept { return time_zone_name_; }
    const classifiers::services::ServiceCatalogue& catalogue() const noexcept { return catalogue_; }
    const std::vector<CompiledRule>& rules() const noexcept { return rules_; }
    model::Action default_action() const noexcept { return default_action_; }
    const std::string& source_file() const noexcept { return source_file_; }

    /// The school's local time for a UTC instant, RFC 3339 with its offset: "2026-03-04T10:15:00.041+00:00".
    std::string local_time_text(WallTime utc) const;
    /// Parses "YYYY-MM-DDTHH:MM[:SS]" as the school's local time; std::nullopt if malformed. An ambiguous
    /// time (the repeated hour in October) takes the earlier instant; a skipped one (March) moves forward.
    std::optional<WallTime> parse_local_time(const std::string& text) const;

private:
    friend Result<std::shared_ptr<const CompiledPolicy>, ConfigErrors> compile_policy(model::PolicyModel model);

    std::string school_name_;
    std::string time_zone_name_;
    const date::time_zone* time_zone_ = nullptr;
    classifiers::services::ServiceCatalogue catalogue_;
    std::vector<CompiledRule> rules_;
    model::Action default_action_ = model::Action::Allow;
    std::string source_file_;
};

/// Validates the model and builds the compiled policy, reporting every mistake at once: unknown services
/// or groups in rules and groups (with a did-you-mean), duplicate rule names, rules that can never match
/// because an earlier rule always does, and unknown time zones.
Result<std::shared_ptr<const CompiledPolicy>, ConfigErrors> compile_policy(model::PolicyModel model);

}  // namespace schoolgate::config
