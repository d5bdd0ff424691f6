#include <httplib.h>

#include <algorithm>
#include <cctype>

#include "tools/common/exemption_change.h"
#include "tools/common/policy_loading.h"
#include "tools/console/exemption_requests.h"
#include "tools/console/governor_copy.h"
#include "tools/console/handlers.h"
#include "tools/console/html.h"

namespace schoolgate::tools::console::handlers {

namespace {

std::string messages_html(const std::vector<std::string>& messages, const char* css) {
    std::string html;
    for (const auto& m : messages) html += "<p class=\"" + std::string{css} + "\" role=\"alert\">" + esc(m) + "</p>";
    return html;
}

std::string who_text(const config::model::ExemptionModel& e) {
    static const char* kinds[] = {"user", "device", "role", "network"};
    return std::string{kinds[static_cast<int>(e.subject_kind)]} + " " + e.subject;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

// One exemption's row. A reader who may not see people (a governor, the network manager) reads whom it is for
// as a role, a hand-written id as "exemption N" and no reason: the governor's copy of the annual review pack
// says the same.
std::string active_row(Console& console, const Caller& caller, const config::CompiledExemption& e, const std::string& digest,
                       ExemptionIdCover& cover, const config::SubjectIndex& subjects) {
    const auto& w = e.written;
    const bool people = role_may(caller.account.role, Access::People);
    const auto now = console.clock->wall_now();
    const bool soon = now < e.until && e.until - now < std::chrono::hours{24 * 14};
    const char* status = now >= e.until ? "expired" : now < e.from ? "not started" : soon ? "expires soon" : "active";
    const auto who = people ? display_name(console, who_text(w)) : subject_for_governor(subjects, w.subject_kind, w.subject);
    std::string html = "<tr><td>" + esc(people ? w.id : cover(w.id)) + "</td><td>" + esc(who) + "</td><td>" + esc(joined(w.services)) +
                       "</td><td>" + esc(w.from_text.empty() ? "-" : w.from_text) + " - " + esc(w.until_text) +
                       (w.periods.empty() ? "" : " (" + esc(joined(w.periods)) + ")") + "</td><td>" + status + "</td><td>" +
                       esc(w.approved_by) + "</td><td>" + esc(people ? w.reason : "(shown to the headteacher and the dsl)") + "</td>";
    if (role_may(caller.account.role, Access::Request)) {
        html += "<td><form method=\"post\" action=\"/exemptions/" + esc(url_encode(w.id)) + "/revoke\">" + csrf_field(caller) +
                "<input type=\"hidden\" name=\"digest\" value=\"" + esc(digest) +
                "\"><button type=\"submit\" class=\"secondary\">Revoke " + esc(w.id) + "</button></form></td>";
    }
    return html + "</tr>";
}

std::string active_table(Console& console, const Caller& caller, const std::string& digest) {
    const auto snapshot = load_policy_snapshot(console.config.policy_file, console.config.catalogue_file, 0);
    if (!snapshot) return "<p class=\"error\">The policy does not load: run schoolgate check.</p>";
    const bool may_revoke = role_may(caller.account.role, Access::Request);
    std::string html = "<h2>In the exemptions file</h2><div class=\"scroll\"><table><tr><th scope=\"col\">id</th><th scope=\"col\">who"
                       "</th><th scope=\"col\">services</th><th scope=\"col\">from - until</th><th scope=\"col\">status</th>"
                       "<th scope=\"col\">approved by</th><th scope=\"col\">reason</th>" +
                       std::string{may_revoke ? "<th scope=\"col\">revoke</th>" : ""} + "</tr>";
    ExemptionIdCover cover;
    for (const auto& e : snapshot->policy->exemptions()) {
        html += active_row(console, caller, e, digest, cover, snapshot->policy->subjects());
    }
    return html + "</table></div>";
}

std::string decision_form(const Caller& caller, const ExemptionRequest& r, const std::string& digest) {
    const auto id = std::to_string(r.id);
    return "<form method=\"post\" action=\"/exemption-requests/" + id + "/approve\">" + csrf_field(caller) +
           "<input type=\"hidden\" name=\"digest\" value=\"" + esc(digest) + "\"><label for=\"reason-" + id +
           "\">Your reason</label><input type=\"text\" id=\"reason-" + id + "\" name=\"reason\" required> "
           "<button type=\"submit\" name=\"decision\" value=\"approve\">Approve request " + id + "</button> "
           "<button type=\"submit\" class=\"secondary\" formaction=\"/exemption-requests/" + id +
           "/decline\">Decline request " + id + "</button></form>";
}

// Whom a request is for and why, as the reader may see it (a governor: the role, no reason).
std::string asked_text(Console& console, bool people, const config::model::ExemptionModel& e, const config::SubjectIndex* subjects) {
    const auto who = people ? display_name(console, who_text(e))
                     : subjects ? subject_for_governor(*subjects, e.subject_kind, e.subject)
                                : std::string{"someone"};
    return esc(who) + ": " + esc(joined(e.services)) + " until " + esc(e.until_text) +
           (e.periods.empty() ? "" : " in " + esc(joined(e.periods))) + ". " +
           esc(people ? e.reason : "(The reason is shown to the headteacher and the dsl.)");
}

std::string requests_table(Console& console, const Caller& caller, const std::string& digest) {
    auto requests = console.store->requests();
    const bool people = role_may(caller.account.role, Access::People);
    const auto snapshot = people ? nullptr : load_policy_snapshot(console.config.policy_file, console.config.catalogue_file, 0);
    const auto* subjects = snapshot ? &snapshot->policy->subjects() : nullptr;
    std::string html = "<h2>Requests</h2><div class=\"scroll\"><table><tr><th scope=\"col\">#</th><th scope=\"col\">asked</th>"
                       "<th scope=\"col\">exemption asked for</th><th scope=\"col\">state</th><th scope=\"col\">decision</th></tr>";
    for (const auto& r : requests.ok() ? requests.value() : std::vector<ExemptionRequest>{}) {
        config::model::ExemptionModel e;
        (void)read_exemption(nlohmann::json::parse(r.fields, nullptr, false), e);
        html += "<tr><td>" + std::to_string(r.id) + "</td><td>" + esc(r.requested_by) + ", " + esc(utc_text(r.requested_at)) +
                "</td><td>" + asked_text(console, people, e, subjects) + "</td><td>" + esc(r.state) +
                (r.exemption_id.empty() ? "" : " as " + esc(r.exemption_id)) + "</td><td>";
        if (r.state == "pending" && role_may(caller.account.role, Access::Approve)) {
            html += decision_form(caller, r, digest);
        } else if (r.state != "pending") {
            html += esc(r.decided_by) + (people ? ": " + esc(r.decision_reason) : std::string{});
        } else {
            html += "<span class=\"muted\">waiting for the headteacher</span>";
        }
        html += "</td></tr>";
    }
    return html + "</table></div>";
}

void show_exemptions(Console& console, httplib::Response& response, const Caller& caller, const std::string& notice,
                     const std::vector<std::string>& errors, int status) {
    const auto digest = exemptions_file_digest(exemptions_file(console));
    std::string body = (notice.empty() ? "" : "<p class=\"ok\" role=\"status\">" + esc(notice) + "</p>") + messages_html(errors, "error");
    if (role_may(caller.account.role, Access::Request)) body += "<p><a href=\"/exemptions/new\">Ask for an exemption</a></p>";
    body += requests_table(console, caller, digest) + active_table(console, caller, digest);
    send_html(response, page(&caller, "Exemptions", body), status);
}

std::string field(const char* id, const char* label, const std::string& value, const char* hint) {
    return std::string{"<label for=\""} + id + "\">" + label + "</label><input type=\"text\" id=\"" + id + "\" name=\"" + id +
           "\" value=\"" + esc(value) + "\" aria-describedby=\"" + id + "-hint\"><div id=\"" + id + "-hint\" class=\"muted\">" +
           hint + "</div>";
}

std::string kind_select(const std::string& chosen) {
    std::string html = "<label for=\"kind\">Who is it for</label><select id=\"kind\" name=\"kind\">";
    for (const char* kind : {"user", "device", "role", "network"}) {
        html += std::string{"<option value=\""} + kind + "\"" + (chosen == kind ? " selected" : "") + ">a " + kind + "</option>";
    }
    return html + "</select>";
}

std::string request_form_html(const Caller& caller, const httplib::Request& request) {
    auto v = [&](const char* key) { return request.get_param_value(key); };
    return "<form method=\"post\" action=\"/exemptions/new\">" + csrf_field(caller) + kind_select(v("kind")) +
           field("who", "Their id in the policy", v("who"), "a user id (e.g. office), device name, role or network name") +
           field("services", "Services", v("services"), "comma-separated services or groups, e.g. facebook, x") +
           field("from", "From (first day)", v("from"), "e.g. 2026-12-07; empty: from now") +
           field("until", "Until (last day)", v("until"), "required, e.g. 2027-07-31") +
           field("periods", "Only in these periods", v("periods"), "optional, e.g. P3, P4") +
           field("reason", "Reason", v("reason"), "for the headteacher and the audit") +
           "<p><button type=\"submit\">Send to the headteacher</button></p></form>";
}

nlohmann::json form_fields(const httplib::Request& request) {
    const auto kind = request.get_param_value("kind");
    const std::string key = kind == "device" || kind == "role" || kind == "network" ? kind : "user";
    return {{"who", {{key, request.get_param_value("who")}}}, {"services", request.get_param_value("services")},
            {"from", request.get_param_value("from")},            {"until", request.get_param_value("until")},
            {"periods", request.get_param_value("periods")},      {"reason", request.get_param_value("reason")}};
}

/// Carried on the redirect so the page after it says the console's audit record is missing.
std::string audit_flag(const RequestOutcome& outcome) { return outcome.audit_failed ? "&audit=failed" : ""; }

}  // namespace

void exemptions_page(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    // Only the console's own notices: a link cannot put words of its own on the page.
    const auto done = request.get_param_value("done");
    const auto id = request.get_param_value("id");
    std::string notice;
    if (done == "requested") notice = "Request " + id + " sent to the headteacher.";
    if (done == "approved") notice = "Approved as " + id + ": written to the exemptions file.";
    if (done == "declined") notice = "Declined.";
    if (done == "revoked") notice = "Revoked " + id + ".";
    if (!notice.empty() && request.get_param_value("audit") == "failed") {
        notice += " The console's own audit record of it could not be written (the exemptions file's audit log holds the change): "
                  "tell the network manager.";
    }
    const bool plain_id = std::all_of(id.begin(), id.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
    show_exemptions(console, response, caller, plain_id ? notice : "", {}, 200);
}

void request_form(Console&, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    send_html(response, page(&caller, "Ask for an exemption", request_form_html(caller, request)));
}

void request_submit(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto outcome = create_request(console, caller, form_fields(request));
    if (!outcome.ok()) {
        return send_html(response, page(&caller, "Ask for an exemption",
                                        messages_html(outcome.messages, "error") + request_form_html(caller, request)),
                         outcome.status);
    }
    response.set_redirect("/exemptions?done=requested&id=" + std::to_string(outcome.id), 303);
}

void approve_submit(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto id = matched_id(request);
    const auto outcome = approve_request(console, caller, id, request.get_param_value("reason"), request.get_param_value("digest"));
    if (!outcome.ok()) return show_exemptions(console, response, caller, "", outcome.messages, outcome.status);
    response.set_redirect("/exemptions?done=approved&id=" + url_encode(outcome.exemption_id) + audit_flag(outcome), 303);
}

void decline_submit(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto outcome = decline_request(console, caller, matched_id(request), request.get_param_value("reason"));
    if (!outcome.ok()) return show_exemptions(console, response, caller, "", outcome.messages, outcome.status);
    response.set_redirect("/exemptions?done=declined" + audit_flag(outcome), 303);
}

void revoke_submit(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto outcome = revoke(console, caller, request.matches[1], request.get_param_value("digest"));
    if (!outcome.ok()) return show_exemptions(console, response, caller, "", outcome.messages, outcome.status);
    response.set_redirect("/exemptions?done=revoked&id=" + url_encode(request.matches[1].str()) + audit_flag(outcome), 303);
}

}  // namespace schoolgate::tools::console::handlers
