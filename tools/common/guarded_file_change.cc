#include "tools/common/guarded_file_change.h"

#include <openssl/evp.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"
#include "gateway/events/event_json.h"
#include "gateway/time/clock.h"
#include "tools/common/atomic_file.h"
#include "tools/common/file_lock.h"
#include "tools/common/policy_loading.h"

namespace schoolgate::tools {

namespace {

std::string audit_text(const nlohmann::json& record) {
    return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

FileChangeOutcome failed(int code, std::vector<std::string> messages) {
    FileChangeOutcome outcome;
    outcome.exit_code = code;
    outcome.messages = std::move(messages);
    return outcome;
}

}  // namespace

std::optional<std::string> read_file_text(const std::string& file) {
    std::ifstream in{file, std::ios::binary};
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string file_digest(const std::string& file) {
    const auto text = read_file_text(file);
    return text ? text_digest(*text) : std::string{};
}

std::string text_digest(std::string_view text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1) return {};
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < size; ++i) out += {hex[digest[i] >> 4], hex[digest[i] & 15]};
    return out;
}

FileChangeOutcome config_failure(const config::ConfigErrors& errors) {
    std::vector<std::string> lines;
    for (const auto& error : errors) lines.push_back(error.to_string());
    lines.emplace_back("nothing was changed.");
    auto outcome = failed(kExitConfigError, std::move(lines));
    outcome.errors = errors;
    return outcome;
}

FileChangeOutcome with_file_lock(const std::string& file, const std::string& expected_digest,
                                 const std::function<FileChangeOutcome()>& change, bool digest_required) {
    if (digest_required && expected_digest.empty()) {
        auto outcome = failed(kExitConfigError, {file + ": the change does not say which version of the file it was made on; "
                                                        "nothing was changed (reopen the page, then retry)"});
        outcome.stale = true;
        return outcome;
    }
    const auto lock = FileLock::acquire(file + ".lock");
    if (!lock.ok()) return failed(kExitCaptureError, {lock.error()});
    if (!expected_digest.empty() && file_digest(file) != expected_digest) {
        auto outcome = failed(kExitConfigError, {file + ": changed since you opened it; nothing was changed (look again, then retry)"});
        outcome.stale = true;
        return outcome;
    }
    return change();
}

Result<std::shared_ptr<const config::CompiledPolicy>, config::ConfigErrors> compile_with_candidate(
    const std::string& policy, const std::string& catalogue, const std::string& file, const std::string& bytes,
    CandidateFile which, unsigned mode) {
    using Compiled = Result<std::shared_ptr<const config::CompiledPolicy>, config::ConfigErrors>;
    const std::string candidate = file + ".candidate";
    if (auto w = replace_file_atomically(candidate, bytes, mode); !w.ok()) {
        return Compiled::failure(config::ConfigErrors{{file, 0, 0, "", w.error()}});
    }
    config::yaml::FileOverrides overrides;
    (which == CandidateFile::Exemptions ? overrides.exemptions : overrides.timetable) = candidate;
    auto compiled = config::yaml::load_and_compile_policy(
        policy, catalogue.empty() ? config::yaml::default_catalogue_path() : catalogue, overrides);
    // Left-over candidates are harmless (nothing reads them) and the next change overwrites them, so a
    // failed clean-up is not worth failing the change for.
    (void)std::remove(candidate.c_str());
    (void)std::remove((candidate + ".bak").c_str());
    if (compiled.ok()) return compiled;
    auto errors = std::move(compiled).error();
    // Name the file the officer knows, not the candidate it was checked in.
    for (auto& error : errors) {
        if (error.file == candidate) error.file = file;
    }
    return Compiled::failure(std::move(errors));
}

FileChangeOutcome audited_replace(const std::string& file, const std::string& bytes, unsigned mode, const AuditedChange& change) {
    const auto now = gateway::events::format_utc(gateway::time::SystemClock{}.wall_now());
    const nlohmann::json audit = {{"ts", now},          {"by", change.by}, {"operator", change.operator_identity},
                                  {"action", change.action}, {"id", change.id}, {"before", change.before},
                                  {"after", change.after}};
    const auto audit_file = file + ".audit.jsonl";
    if (auto w = append_line(audit_file, audit_text(audit), mode); !w.ok()) {
        return failed(kExitCaptureError, {"the audit log cannot be written, so nothing was changed: " + w.error()});
    }
    if (auto w = replace_file_atomically(file, bytes, mode); !w.ok()) {
        // The audit already says it happened: say it did not.
        const nlohmann::json undone = {{"ts", now},          {"by", change.by}, {"operator", change.operator_identity},
                                       {"action", "failed"}, {"id", change.id}, {"error", w.error()}};
        (void)append_line(audit_file, audit_text(undone), mode);
        return failed(kExitCaptureError, {w.error()});
    }
    FileChangeOutcome outcome;
    outcome.done = change.action + " " + change.id + " in " + file + " (by " + change.by + ")";
    outcome.before = audit_text(change.before);
    outcome.after = audit_text(change.after);
    return outcome;
}

}  // namespace schoolgate::tools
