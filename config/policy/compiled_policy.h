#pragma once

#include <bitset>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "classifiers/circumvention/indicator_catalogue.h"
#include "classifiers/services/service_catalogue.h"
#include "common/result.h"
#include "common/time/wall_time.h"
#include "config/config_error.h"
#include "config/model/policy_model.h"
#include "config/policy/subject_index.h"
#include "config/timetable/compiled_timetable.h"

namespace date {
class time_zone;
}

namespace schoolgate::config {

/// A set of services: every listed one, or specific ids.
struct ServiceSet {
    bool any = false;
    std::vector<bool> ids;  ///< indexed by ServiceId
    bool contains(classifiers::ServiceId id) const noexcept {
        return id != classifiers::kNoService && (any || (id < ids.size() && ids[id]));
    }
};

/// Why read_local_time() refused a text. `malformed`: not a date or date-time at all (the caller says
/// how to write one). Otherwise `message` says what is wrong and what to write instead, e.g. "that time
/// does not exist in Europe/London (the clocks go forward at 01:00); use 2026-03-29T00:59 GMT or
/// 2026-03-29T02:00 BST", for the caller to put after the text it was given.
struct LocalTimeRefusal {
    bool malformed = true;
    std::string message;
};

struct CompiledRule {
    std::string name;
    std::string reason;
    model::Action action;
    model::WhoModel who;  ///< all lists empty = everyone
    ServiceSet services;
    std::vector<timetable::Condition> when_all;  ///< every one must hold
    std::vector<timetable::Condition> when_any;  ///< one must hold (when not empty)
};

struct CompiledExemption {
    model::ExemptionModel written;
    ServiceSet services;
    WallTime from{};  ///< inclusive
    WallTime until{}; ///< exclusive: the instant after the last minute written
};

/// One rule of the circumvention section: who, which techniques, what to do.
struct CompiledTechniqueRule {
    std::string name;
    std::string reason;
    model::TechniqueAction action = model::TechniqueAction::Log;
    model::WhoModel who;
    std::bitset<classifiers::kTechniqueCount> techniques;  ///< indexed by Technique
};

/// The policy for ways around the filter.
struct CompiledCircumvention {
    classifiers::IndicatorCatalogue indicators;
    std::vector<net::Cidr> school_resolvers;  ///< empty: DNS to other resolvers is not checked
    std::vector<std::string> block_quic_roles;
    std::uint32_t repeated_attempts = 5;
    std::uint32_t repeated_window_seconds = 600;
    classifiers::Confidence block_min_confidence = classifiers::Confidence::Medium;
    classifiers::Confidence report_min_confidence = classifiers::Confidence::Medium;
    std::vector<CompiledTechniqueRule> rules;

    bool is_school_resolver(const net::IpAddress& address) const noexcept;
    bool blocks_quic_for(std::string_view role) const noexcept;
};

/// A validated policy with its indexes built. Immutable: only const accessors, shared by every worker
/// through a snapshot, replaced whole on reload. Thread-safe to read.
class CompiledPolicy {
public:
    const std::string& school_name() const noexcept { return school_name_; }
    const std::string& time_zone_name() const noexcept { return time_zone_name_; }
    const classifiers::services::ServiceCatalogue& catalogue() const noexcept { return catalogue_; }
    const SubjectIndex& subjects() const noexcept { return subjects_; }
    const timetable::CompiledTimetable& timetable() const noexcept { return timetable_; }
    const std::vector<CompiledRule>& rules() const noexcept { return rules_; }
    const std::vector<CompiledExemption>& exemptions() const noexcept { return exemptions_; }
    model::Action default_action() const noexcept { return default_action_; }
    const CompiledCircumvention& circumvention() const noexcept { return circumvention_; }
    const std::string& source_file() const noexcept { return source_file_; }
    const std::string& exemptions_file() const noexcept { return exemptions_file_; }
    /// The timetable's own file (`timetable: FILE`), resolved; empty when the timetable is inline.
    const std::string& timetable_file() const noexcept { return timetable_file_; }
    /// The list files the policy and catalogue name (domains_file, ip_ranges_file), resolved: part of the
    /// policy, so the daemon protects and watches them like the policy file.
    const std::vector<std::string>& list_files() const noexcept { return list_files_; }
    /// The identity sources (`identity:`): lease files, the RADIUS listener, the directory's file.
    const model::IdentityModel& identity() const noexcept { return identity_; }
    /// The school's directory (empty when the policy names none): usernames, display names, roles, devices.
    const identity::Directory& directory() const noexcept { return *directory_; }

    /// The school's local time for a UTC instant, RFC 3339 with its offset: "2026-03-04T10:15:00.041+00:00".
    std::string local_time_text(WallTime utc) const;
    /// What the timetable says at a UTC instant.
    timetable::SchoolMoment moment(WallTime utc) const;
    /// Reads "YYYY-MM-DD[THH:MM[:SS]][+HH:MM|Z]" as the school's local time (a bare date is the first
    /// instant of that day). A time of day the clocks skip (spring forward) or pass twice (fall back) is
    /// refused with the two real choices; an explicit offset picks one of a repeated hour's two instants
    /// and must be the zone's offset at that instant. See LocalTimeRefusal for what a refusal says.
    Result<WallTime, LocalTimeRefusal> read_local_time(const std::string& text) const;
    /// read_local_time() without the reason: std::nullopt if malformed, skipped or repeated.
    std::optional<WallTime> parse_local_time(const std::string& text) const;

private:
    friend Result<std::shared_ptr<const CompiledPolicy>, ConfigErrors> compile_policy(model::PolicyModel model);

    std::string school_name_;
    std::string time_zone_name_;
    const date::time_zone* time_zone_ = nullptr;
    classifiers::services::ServiceCatalogue catalogue_;
    SubjectIndex subjects_;
    timetable::CompiledTimetable timetable_;
    std::vector<CompiledRule> rules_;
    std::vector<CompiledExemption> exemptions_;
    model::Action default_action_ = model::Action::Allow;
    CompiledCircumvention circumvention_;
    std::string source_file_;
    std::string exemptions_file_;
    std::string timetable_file_;
    std::vector<std::string> list_files_;
    model::IdentityModel identity_;
    std::shared_ptr<const identity::Directory> directory_ = std::make_shared<const identity::Directory>();
};

/// Validates the model and builds the compiled policy, reporting every mistake at once: unknown
/// services, groups, roles, users, networks and conditions (with a did-you-mean), duplicate names, rules
/// that can never match because an earlier rule always does, the timetable's own checks, exemptions
/// without an end, with an end before their start, or not approved by a headteacher, and unknown time
/// zones.
Result<std::shared_ptr<const CompiledPolicy>, ConfigErrors> compile_policy(model::PolicyModel model);

}  // namespace schoolgate::config
