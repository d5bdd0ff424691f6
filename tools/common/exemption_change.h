#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/model/exemption_model.h"
#include "tools/common/guarded_file_change.h"

namespace schoolgate::tools {

/// Where a change goes and who makes it: the policy that names the exemptions file, and the person.
struct ExemptionChangeContext {
    std::string policy;
    std::string catalogue;  ///< empty: the shipped one
    std::string by;         ///< the person making the change (audited)
    nlohmann::json operator_identity;  ///< who they are to the machine: a login, or a console account
    /// The exemptions file's digest when the person read it (exemptions_file_digest()); the change is refused
    /// with "changed since you opened it" when the file is different now. Empty: no such check (the CLI).
    std::string expected_digest;
    /// Validate only: everything up to the write (the whole policy compiled with the change), no audit, no write.
    bool dry_run = false;
    /// An empty expected_digest is refused (the console; a dry run writes nothing and needs none); the CLI passes none.
    bool digest_required = false;
};

/// What a change did (tools/common/guarded_file_change.h): the exit code, the lines for stderr and, on
/// success, the one line for stdout.
using ExemptionChangeOutcome = FileChangeOutcome;

/// The one way an exemption is added or revoked, for `schoolgate exempt` and the console alike: under the
/// exemptions file's lock, read the file again, edit it as text (comments kept), validate the result with
/// the whole policy (the daemon's checks), append the audit record (who, when, what, before, after) to
/// `<exemptions file>.audit.jsonl`, then replace the file atomically. Nothing changes on any error.
ExemptionChangeOutcome add_exemption(const ExemptionChangeContext& context, const config::model::ExemptionModel& entry);
ExemptionChangeOutcome revoke_exemption(const ExemptionChangeContext& context, const std::string& id);

/// file_digest() of the exemptions file: the version a form or an API client saw, handed back as expected_digest.
std::string exemptions_file_digest(const std::string& file);

/// An exemption as the audit log and the console's API show it.
nlohmann::json exemption_json(const config::model::ExemptionModel& e);

}  // namespace schoolgate::tools
