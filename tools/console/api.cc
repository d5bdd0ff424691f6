#include <httplib.h>

#include "tools/common/exemption_change.h"
#include "tools/common/policy_loading.h"
#include "tools/console/auth.h"
#include "tools/console/daemon_status.h"
#include "tools/console/exemption_requests.h"
#include "tools/console/explain_request.h"
#include "tools/console/handlers.h"
#include "tools/console/html.h"
#include "tools/report/utc_time.h"

namespace schoolgate::tools::console::handlers {

namespace {

using nlohmann::json;

void send(httplib::Response& response, const json& body, int status = 200) {
    send_json(response, body.dump(-1, ' ', false, json::error_handler_t::replace), status);
}

void send_outcome(httplib::Response& response, const RequestOutcome& outcome) {
    json body = {{"ok", outcome.ok()}, {"messages", outcome.messages}};
    if (outcome.id) body["id"] = outcome.id;
    if (!outcome.exemption_id.empty()) body["exemption_id"] = outcome.exemption_id;
    send(response, body, outcome.status);
}

json request_json(const ExemptionRequest& r) {
    return {{"id", r.id},
            {"fields", json::parse(r.fields, nullptr, false)},
            {"requested_by", r.requested_by},
            {"requested_at", utc_text(r.requested_at)},
            {"state", r.state},
            {"decided_by", r.decided_by},
            {"decision_reason", r.decision_reason},
            {"exemption_id", r.exemption_id}};
}

// A time filter as `schoolgate report` takes it ("2026-03-04", "2026-03-04T10:15:00Z"), UTC; nullopt when malformed.
std::optional<std::int64_t> time_filter(const std::string& text, std::int64_t absent) {
    if (text.empty()) return absent;
    bool date_only = false;
    const auto parsed = report::parse_utc_bound(text, date_only);
    if (!parsed) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::seconds>(parsed->time_since_epoch()).count();
}

json body_of(const httplib::Request& request) { return json::parse(request.body, nullptr, false); }

}  // namespace

void api_login(Console& console, const httplib::Request& request, httplib::Response& response, const Caller&) {
    const auto body = body_of(request);
    if (!body.is_object() || !body.contains("username") || !body.contains("password") || !body["username"].is_string() ||
        !body["password"].is_string()) {
        return send(response, {{"error", "send {\"username\": ..., \"password\": ...}"}}, 400);
    }
    const auto login = log_in(console, request, body["username"], body["password"]);
    if (login.result == LoginResult::Throttled) return send(response, {{"error", "too many failed logins; wait 15 minutes"}}, 429);
    if (login.result != LoginResult::Ok) return send(response, {{"error", "that account and password do not match"}}, 401);
    response.set_header("Set-Cookie", session_cookie(console, login.session_id));
    send(response, {{"csrf", login.csrf}});
}

void api_logout(Console& console, const httplib::Request&, httplib::Response& response, const Caller& caller) {
    log_out(console, caller);
    response.set_header("Set-Cookie", session_cookie(console, ""));
    send(response, {{"ok", true}});
}

void api_exemptions(Console& console, const httplib::Request&, httplib::Response& response, const Caller&) {
    const auto snapshot = load_policy_snapshot(console.config.policy_file, console.config.catalogue_file, 0);
    if (!snapshot) return send(response, {{"error", "the policy does not load (run schoolgate check)"}}, 500);
    json list = json::array();
    const auto now = console.clock->wall_now();
    for (const auto& e : snapshot->policy->exemptions()) {
        auto item = exemption_json(e.written);
        item["status"] = now >= e.until ? "expired" : now < e.from ? "not started" : "active";
        list.push_back(item);
    }
    send(response, {{"exemptions", list}, {"digest", exemptions_file_digest(snapshot->policy->exemptions_file())}});
}

void api_requests(Console& console, const httplib::Request&, httplib::Response& response, const Caller&) {
    auto requests = console.store->requests();
    if (!requests.ok()) return send(response, {{"error", requests.error()}}, 500);
    json list = json::array();
    for (const auto& r : requests.value()) list.push_back(request_json(r));
    send(response, {{"requests", list}});
}

void api_request_create(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    send_outcome(response, create_request(console, caller, body_of(request)));
}

void api_approve(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto body = body_of(request);
    const auto reason = body.is_object() ? body.value("reason", std::string{}) : std::string{};
    const auto digest = body.is_object() ? body.value("digest", std::string{}) : std::string{};
    send_outcome(response, approve_request(console, caller, matched_id(request), reason, digest));
}

void api_decline(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto body = body_of(request);
    const auto reason = body.is_object() ? body.value("reason", std::string{}) : std::string{};
    send_outcome(response, decline_request(console, caller, matched_id(request), reason));
}

void api_events(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto since = time_filter(request.get_param_value("since"), 0);
    const auto until = time_filter(request.get_param_value("until"), INT64_MAX);
    if (!since || !until) return send(response, {{"error", "since and until are RFC 3339 UTC times or dates"}}, 400);
    EventQuery query{*since, *until, request.get_param_value("person"), request.get_param_value("verdict"), 1000};
    auto events = console.store->events(query);
    if (!events.ok()) return send(response, {{"error", events.error()}}, 500);
    json list = json::array();
    for (const auto& e : events.value()) {
        list.push_back({{"ts", e.ts_text}, {"event", e.kind},    {"user", e.user},       {"device", e.device},
                        {"role", e.role},  {"src_ip", e.src_ip}, {"host", e.host},       {"service", e.service},
                        {"verdict", e.verdict}, {"rule", e.rule}, {"reason", e.reason},  {"period", e.period},
                        {"techniques", e.techniques}, {"alert", e.alert}});
    }
    if (!query.person.empty()) (void)console.audit(caller.account.name, "events_read", query.person);
    send(response, {{"events", list}});
}

void api_explain(Console& console, const httplib::Request& request, httplib::Response& response, const Caller&) {
    const auto answer = explain_flow(console, request, true);
    if (!answer.ok) return send(response, {{"error", answer.text}}, 400);
    send_json(response, answer.text);
}

void api_status(Console& console, const httplib::Request&, httplib::Response& response, const Caller&) {
    send(response, {{"daemon", daemon_stats(console.config.stats_socket)}});
}

}  // namespace schoolgate::tools::console::handlers
