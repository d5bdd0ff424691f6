#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/net/cidr.h"
#include "config/model/policy_model_base.h"

namespace schoolgate::config::model {

/// What a role's circumvention rule does with a technique. Every technique seen is logged whatever the
/// rule says; `block` also blocks the flow, `alert` also raises an alert event at once.
enum class TechniqueAction { Log, Block, Alert };
std::string_view technique_action_name(TechniqueAction action) noexcept;

/// One rule of `circumvention.rules` (ordered, first match wins).
struct TechniqueRuleModel {
    std::string name;
    WhoModel who;
    std::vector<std::string> techniques;  ///< wire names ("vpn.openvpn"), families ("vpn") or "any"
    std::vector<SourceMark> technique_marks;
    TechniqueAction action = TechniqueAction::Log;
    std::string reason;
    SourceMark mark;
};

/// Extra indicator lists a school adds to the shipped ones: technique wire name -> domains and ranges.
struct IndicatorModel {
    std::string technique;
    std::vector<std::string> domains;
    std::vector<net::Cidr> ip_ranges;
    SourceMark mark;
};

/// The policy's `circumvention:` section.
struct CircumventionModel {
    /// The school's own DNS resolvers. Empty: "DNS to another resolver" is not checked.
    std::vector<net::Cidr> school_resolvers;
    /// Roles whose QUIC is blocked outright, so that browsers fall back to TCP where the name is visible.
    std::vector<std::string> block_quic_roles;
    SourceMark block_quic_mark;
    /// N blocked attempts by one person or device within the window raise one alert.
    std::uint32_t repeated_attempts = 5;
    std::uint32_t repeated_window_seconds = 600;
    /// Signals less sure than this are logged but never block ("low", "medium", "high").
    std::string block_min_confidence = "medium";
    SourceMark block_min_confidence_mark;
    /// Signals less sure than this do not make a circumvention event on their own; they are still counted
    /// and kept as evidence on any event written for the flow ("low" reports everything).
    std::string report_min_confidence = "medium";
    std::vector<TechniqueRuleModel> rules;
    std::vector<IndicatorModel> indicators;  ///< the catalogue's first, then the school's
};

}  // namespace schoolgate::config::model
