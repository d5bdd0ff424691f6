#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "config/config_error.h"

namespace schoolgate::config {
class CompiledPolicy;
}

namespace schoolgate::tools {

/// What a change to one of the policy's own files did: the exit code (kExitOk, kExitConfigError,
/// kExitCaptureError), the lines for stderr (errors, or a note) and, on success, the one line for stdout.
/// `errors` keeps the compiler's located errors when validation refused the change (the console shows each
/// beside its field).
struct FileChangeOutcome {
    int exit_code = 0;
    std::vector<std::string> messages;
    std::string done;
    bool stale = false;  ///< refused because the file changed since expected_digest was taken
    config::ConfigErrors errors;
    std::string before;  ///< on success: the audit record's before and after (JSON text), for the console's audit
    std::string after;
    bool ok() const noexcept { return exit_code == 0; }
};

/// Who made a change and what it was, for the audit record beside the file (`<file>.audit.jsonl`).
struct AuditedChange {
    std::string by;                    ///< the person (a policy user id, or a login)
    nlohmann::json operator_identity;  ///< who they are to the machine: a login, or a console account
    std::string action;                ///< "added", "revoked", "changed", "removed", "imported"
    std::string id;                    ///< what was changed ("e7", "closures[2]")
    nlohmann::json before;             ///< null when added
    nlohmann::json after;              ///< null when removed
};

/// Which of the policy's files a candidate stands in for when it is validated.
enum class CandidateFile { Exemptions, Timetable };

/// The file's bytes as they are (std::nullopt when it cannot be read).
std::optional<std::string> read_file_text(const std::string& file);

/// SHA-256 (hex) of the file's bytes as they are now ("" when it cannot be read): the version a form or an
/// API client saw, handed back to with_file_lock() as `expected_digest`.
std::string file_digest(const std::string& file);

/// SHA-256 (hex) of `bytes`: file_digest() of bytes already read, so a page's model and digest come from one read.
std::string text_digest(std::string_view bytes);

/// Holds `file`.lock (waiting for it) and runs `change`, which reads the file again itself: two changes made
/// at the same moment are applied one after the other and neither is lost. When `expected_digest` is not
/// empty and the file is different now, `change` does not run: "changed since you opened it" (stale).
/// `digest_required` (the console's forms and API): an empty `expected_digest` is refused the same way,
/// "reopen the page", so a form that lost its digest can never skip the check.
FileChangeOutcome with_file_lock(const std::string& file, const std::string& expected_digest,
                                 const std::function<FileChangeOutcome()>& change, bool digest_required = false);

/// Validates `bytes` as the new `file` with the whole policy (the daemon's and `schoolgate check`'s compile
/// path): writes them beside the file as `file.candidate`, compiles the policy reading the candidate in the
/// file's place, removes the candidate. Errors that name the candidate name `file`.
Result<std::shared_ptr<const config::CompiledPolicy>, config::ConfigErrors> compile_with_candidate(
    const std::string& policy, const std::string& catalogue, const std::string& file, const std::string& bytes,
    CandidateFile which, unsigned mode);

/// No record, no change: appends the audit record (ts, by, operator, action, id, before, after) to
/// `file.audit.jsonl` and syncs it, then replaces `file` with `bytes` atomically (a `failed` record follows
/// when the replacement fails). Call under with_file_lock().
FileChangeOutcome audited_replace(const std::string& file, const std::string& bytes, unsigned mode, const AuditedChange& change);

/// The outcome of a change refused by the compiler: every error (FILE:LINE:COL: path: message), then
/// "nothing was changed.".
FileChangeOutcome config_failure(const config::ConfigErrors& errors);

}  // namespace schoolgate::tools
