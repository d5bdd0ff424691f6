#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/time/wall_time.h"

namespace schoolgate::config::model {

/// What an exemption covers: exactly one of these kinds of subject.
enum class ExemptionSubjectKind { User, Device, Role, Network };

/// One exemption as written in the exemptions file (edited with `schoolgate exempt`). It applies before
/// the rules, only between `from` and `until` (school-local dates/times converted to UTC at load), and
/// optionally only in the named periods. Every exemption needs an end and an approver.
struct ExemptionModel {
    std::string id;
    ExemptionSubjectKind subject_kind = ExemptionSubjectKind::User;
    std::string subject;  ///< user id, device name, role or network name
    std::vector<std::string> services;  ///< names, groups or "any"
    std::string from_text;   ///< as written: "2026-09-01" or "2026-09-01T09:00"
    std::string until_text;
    std::vector<std::string> periods;  ///< period names; empty = at any time in the window
    std::string reason;
    std::string approved_by;
    bool approver_missing = false;  ///< no approved_by: key at all (reported with the school's headteachers)
    std::string created_by;
    std::string file;
    int line = 0;
    int column = 0;
};

}  // namespace schoolgate::config::model
