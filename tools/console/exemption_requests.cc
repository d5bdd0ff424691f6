#include "tools/console/exemption_requests.h"

#include <iostream>
#include <sstream>

#include "config/yaml/policy_loader.h"
#include "tools/common/exemption_change.h"

namespace schoolgate::tools::console {

namespace {

using config::model::ExemptionModel;
using config::model::ExemptionSubjectKind;

std::vector<std::string> list_of(const nlohmann::json& value) {
    std::vector<std::string> out;
    if (value.is_array()) {
        for (const auto& item : value) {
            if (item.is_string() && !item.get<std::string>().empty()) out.push_back(item.get<std::string>());
        }
    } else if (value.is_string()) {
        std::istringstream in{value.get<std::string>()};
        for (std::string item; std::getline(in, item, ',');) {
            item.erase(0, item.find_first_not_of(' '));
            item.erase(item.find_last_not_of(' ') + 1);
            if (!item.empty()) out.push_back(item);
        }
    }
    return out;
}

std::string text_of(const nlohmann::json& fields, const char* key) {
    const auto it = fields.find(key);
    return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

bool read_who(const nlohmann::json& who, ExemptionModel& out) {
    if (who.is_string()) {
        out.subject_kind = ExemptionSubjectKind::User;
        out.subject = who.get<std::string>();
        return !out.subject.empty();
    }
    if (!who.is_object() || who.size() != 1 || !who.begin()->is_string()) return false;
    const std::pair<const char*, ExemptionSubjectKind> kinds[] = {{"user", ExemptionSubjectKind::User},
                                                                  {"device", ExemptionSubjectKind::Device},
                                                                  {"role", ExemptionSubjectKind::Role},
                                                                  {"network", ExemptionSubjectKind::Network}};
    for (const auto& [name, kind] : kinds) {
        if (who.begin().key() == name) {
            out.subject_kind = kind;
            out.subject = who.begin()->get<std::string>();
            return !out.subject.empty();
        }
    }
    return false;
}

ExemptionChangeContext context_for(const Console& console, const Caller& caller, const std::string& digest) {
    const nlohmann::json who = {{"console_account", caller.account.name}, {"role", role_name(caller.account.role)}};
    return {console.config.policy_file, console.config.catalogue_file, caller.account.name, who, digest, false, false};
}

RequestOutcome refused(int status, std::vector<std::string> messages) {
    RequestOutcome outcome;
    outcome.status = status;
    outcome.messages = std::move(messages);
    return outcome;
}

std::optional<ExemptionRequest> pending(Console& console, std::int64_t id, RequestOutcome& outcome) {
    auto request = console.store->request(id);
    if (!request.ok() || !request.value()) {
        outcome = refused(404, {"no exemption request " + std::to_string(id)});
        return std::nullopt;
    }
    if (request.value()->state != "pending") {
        outcome = refused(409, {"request " + std::to_string(id) + " was already " + request.value()->state});
        return std::nullopt;
    }
    return *request.value();
}

void note_audit(RequestOutcome& outcome, bool written) {
    if (written) return;
    outcome.audit_failed = true;
    outcome.messages.emplace_back(
        "the change is made, but the console's audit record of it could not be written (the exemptions file's own audit "
        "log holds it): tell the network manager, the console's store may be full or read-only");
    std::cerr << "schoolgate-console: the audit record of an exemption change could not be written (the exemptions file's "
                 "audit log holds it)\n";
}

}  // namespace

RequestOutcome read_exemption(const nlohmann::json& fields, ExemptionModel& out) {
    std::vector<std::string> problems;
    if (!fields.is_object()) return refused(400, {"the request must be a JSON object"});
    if (!fields.contains("who") || !read_who(fields["who"], out)) {
        problems.emplace_back("who: say who, e.g. {\"user\": \"office\"} (user, device, role or network)");
    }
    out.services = fields.contains("services") ? list_of(fields["services"]) : std::vector<std::string>{};
    if (out.services.empty()) problems.emplace_back("services: name at least one service or group, e.g. facebook");
    out.from_text = text_of(fields, "from");
    out.until_text = text_of(fields, "until");
    if (out.until_text.empty()) problems.emplace_back("until: every exemption needs a last day, e.g. 2027-07-31");
    out.periods = fields.contains("periods") ? list_of(fields["periods"]) : std::vector<std::string>{};
    out.reason = text_of(fields, "reason");
    if (out.reason.empty()) problems.emplace_back("reason: say why, for the headteacher and the audit");
    if (!problems.empty()) return refused(400, std::move(problems));
    return {};
}

std::string exemptions_file(const Console& console) {
    const auto catalogue = console.config.catalogue_file.empty() ? config::yaml::default_catalogue_path()
                                                                 : console.config.catalogue_file;
    auto model = config::yaml::load_policy(console.config.policy_file, catalogue);
    return model.ok() ? model.value().exemptions_file : std::string{};
}

RequestOutcome create_request(Console& console, const Caller& caller, const nlohmann::json& fields) {
    ExemptionModel entry;
    if (auto read = read_exemption(fields, entry); !read.ok()) return read;
    // Checked now, with the head's approval as it will be written, so the head is never asked to approve
    // something the daemon would refuse. The approver is any headteacher for this check.
    entry.id = "console-check";
    entry.approved_by = caller.account.role == Role::Headteacher ? caller.account.name : std::string{};
    entry.created_by = caller.account.name;
    auto context = context_for(console, caller, "");
    context.dry_run = true;
    if (entry.approved_by.empty()) entry.approver_missing = false;
    const auto check = add_exemption(context, entry);
    std::vector<std::string> problems;
    for (const auto& message : check.messages) {
        // Only the approver is unknown at this stage; every other message is the person's to fix.
        if (message.find("approved_by") == std::string::npos && message != "nothing was changed.") problems.push_back(message);
    }
    if (!problems.empty()) return refused(400, std::move(problems));
    ExemptionRequest request;
    request.fields = fields.dump();
    request.requested_by = caller.account.name;
    request.requested_at = console.now();
    auto id = console.store->add_request(request);
    if (!id.ok()) return refused(500, {id.error()});
    if (!console.audit(caller.account.name, "exemption_requested", "request " + std::to_string(id.value()), "", request.fields)) {
        return refused(500, {"the audit record could not be written"});
    }
    RequestOutcome outcome;
    outcome.status = 201;
    outcome.id = id.value();
    return outcome;
}

RequestOutcome approve_request(Console& console, const Caller& caller, std::int64_t id, const std::string& reason,
                               const std::string& expected_digest) {
    if (caller.account.role != Role::Headteacher) return refused(403, {"only a headteacher account can approve"});
    RequestOutcome outcome;
    auto request = pending(console, id, outcome);
    if (!request) return outcome;
    ExemptionModel entry;
    (void)read_exemption(nlohmann::json::parse(request->fields, nullptr, false), entry);  // read when it was made
    entry.id = "console-" + std::to_string(id);
    entry.approved_by = caller.account.name;  // the account, never free text
    entry.created_by = request->requested_by;
    const auto change = add_exemption(context_for(console, caller, expected_digest), entry);
    if (!change.ok()) return refused(change.stale ? 409 : 400, change.messages);
    request->state = "approved";
    request->decided_by = caller.account.name;
    request->decided_at = console.now();
    request->decision_reason = reason;
    request->exemption_id = entry.id;
    if (!console.store->decide_request(*request).ok()) return refused(500, {"the request's state could not be saved"});
    outcome.status = 200;
    outcome.id = id;
    outcome.exemption_id = entry.id;
    outcome.messages = change.messages;
    note_audit(outcome, console.audit(caller.account.name, "exemption_approved", "request " + std::to_string(id) + " as " + entry.id,
                                      request->fields, exemption_json(entry).dump()));
    return outcome;
}

RequestOutcome decline_request(Console& console, const Caller& caller, std::int64_t id, const std::string& reason) {
    if (caller.account.role != Role::Headteacher) return refused(403, {"only a headteacher account can decline"});
    if (reason.empty()) return refused(400, {"reason: say why it is declined"});
    RequestOutcome outcome;
    auto request = pending(console, id, outcome);
    if (!request) return outcome;
    request->state = "declined";
    request->decided_by = caller.account.name;
    request->decided_at = console.now();
    request->decision_reason = reason;
    if (!console.store->decide_request(*request).ok()) return refused(500, {"the request's state could not be saved"});
    RequestOutcome declined{200, {}, id, {}};
    note_audit(declined, console.audit(caller.account.name, "exemption_declined", "request " + std::to_string(id), request->fields, reason));
    return declined;
}

RequestOutcome revoke(Console& console, const Caller& caller, const std::string& exemption_id, const std::string& expected_digest) {
    const auto change = revoke_exemption(context_for(console, caller, expected_digest), exemption_id);
    if (!change.ok()) return refused(change.stale ? 409 : 400, change.messages);
    RequestOutcome revoked{200, change.messages, 0, exemption_id};
    note_audit(revoked, console.audit(caller.account.name, "exemption_revoked", exemption_id));
    return revoked;
}

}  // namespace schoolgate::tools::console
