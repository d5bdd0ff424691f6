#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/model/exemption_model.h"
#include "tools/console/routes.h"

namespace schoolgate::tools::console {

/// What a request, an approval or a decline came to: an HTTP status and the messages for the person
/// (the policy compiler's own words for a wrong field), and the request's id when one was made.
struct RequestOutcome {
    int status = 200;
    std::vector<std::string> messages;
    std::int64_t id = 0;
    std::string exemption_id;
    /// The change was made but the console's own audit record of it could not be written (the exemptions
    /// file's audit log, written first, still holds it): shown to the person who made it, never silent.
    bool audit_failed = false;
    bool ok() const noexcept { return status < 300; }
};

/// The exemption a request's fields describe (who, services, from, until, periods, reason), or the reasons
/// it cannot be one. `who` is {"user": id} (or "device", "role", "network"), or a user id alone; lists may
/// be JSON arrays or comma-separated text.
RequestOutcome read_exemption(const nlohmann::json& fields, config::model::ExemptionModel& out);

/// Asks for an exemption (dsl or headteacher): validated now with the whole policy, as the approval would
/// write it, then kept as pending. Audited.
RequestOutcome create_request(Console& console, const Caller& caller, const nlohmann::json& fields);

/// The headteacher's decision. Approving writes the exemption through the one path `schoolgate exempt`
/// uses (lock, validate, audit, atomic write) with the caller's account as approver; `expected_digest`
/// (the exemptions file as the head saw it, "" = no check) refuses a stale approval.
RequestOutcome approve_request(Console& console, const Caller& caller, std::int64_t id, const std::string& reason,
                               const std::string& expected_digest);
RequestOutcome decline_request(Console& console, const Caller& caller, std::int64_t id, const std::string& reason);

/// Revokes an exemption from the file (dsl or headteacher), through the same path; audited.
RequestOutcome revoke(Console& console, const Caller& caller, const std::string& exemption_id, const std::string& expected_digest);

/// The exemptions file the policy names ("" when none).
std::string exemptions_file(const Console& console);

}  // namespace schoolgate::tools::console
