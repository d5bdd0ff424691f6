#include <httplib.h>

#include "tools/console/auth.h"
#include "tools/console/handlers.h"
#include "tools/console/html.h"
#include "tools/console/secrets.h"

namespace schoolgate::tools::console::handlers {

namespace {

constexpr const char* kStylesheet = R"css(
:root{--ink:#1b1b1b;--muted:#555;--line:#ccc;--accent:#0b5cad;--bad:#a40000;--ok:#1b6e1b;--bg:#fff;--panel:#f4f6f8}
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:var(--bg)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#ff0;padding:4px}
header{background:#12355b;color:#fff;padding:8px 16px}header a,header span{color:#fff}.brand{margin:0;font-weight:700}
nav ul{list-style:none;margin:4px 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}nav a{text-decoration:underline}
.logout{margin:4px 0}main{padding:16px;max-width:1100px}h1{font-size:1.5rem;margin-top:0}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--panel)}.scroll{overflow-x:auto}label{display:block;margin-top:8px;font-weight:600}
input,select,textarea,button{font:inherit;padding:6px 8px;max-width:100%}input[type=text],input[type=password],textarea{width:28rem}
button{background:var(--accent);color:#fff;border:0;border-radius:4px;cursor:pointer}button.secondary{background:#666}
:focus{outline:3px solid #fd0;outline-offset:2px}.error{color:var(--bad);font-weight:600}.ok{color:var(--ok);font-weight:600}
.alert{border-left:6px solid var(--bad);background:#fff0f0;padding:8px 12px;margin:8px 0}.card{background:var(--panel);padding:8px 12px;margin:8px 0;border-radius:4px}
.verdict-block{color:var(--bad);font-weight:600}.verdict-allow{color:var(--ok)}.muted{color:var(--muted)}img{max-width:100%}
.item{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:flex-start;border-bottom:1px solid var(--line);padding:6px 0;margin:0}
.item .field{display:flex;flex-direction:column;max-width:100%}.item label{margin-top:0}.item input[type=text]{width:11rem}
.item .buttons{justify-content:flex-end;flex-direction:row;gap:6px;align-self:flex-end}.hint{font-size:.85em}
.field-error{display:block;max-width:24rem}.daykind{font-weight:400}.day{border-top:2px solid var(--line);margin-top:12px}
.day-off h2{color:var(--muted)}.day table{min-width:560px}.day td,.day th{overflow-wrap:normal}ul.steps li.add{font-weight:600}
@media (max-width:600px){.item input[type=text],.item select{width:100%}.item .field{flex:1 1 100%}}
@media (max-width:600px){body{font-size:17px}input[type=text],input[type=password],textarea{width:100%}th,td{padding:4px}}
@media print{@page{size:A4;margin:12mm}header,form,.skip,.no-print{display:none}main{padding:0;max-width:none}}
.pack th,.pack td,.incidents td{overflow-wrap:break-word}.incidents input[type=text]{width:100%}.pack th{white-space:nowrap}.pack h2{font-size:1.15rem;margin:14px 0 4px}.pack h3{font-size:1rem;margin:10px 0 4px}.pack table{margin:4px 0 8px}.pack ol.rules{margin:4px 0}
.months td,.months th{padding:3px 4px;text-align:right}.months td:first-child,.months th:first-child{text-align:left}
@media print{.pack{font-size:9pt;line-height:1.3}.pack h2{font-size:11pt;margin:8px 0 2px}.pack h3{font-size:10pt;margin:6px 0 2px}
.pack th,.pack td{padding:2px 4px}.pack p{margin:3px 0}h1{font-size:14pt;margin:0 0 4px}a{color:inherit;text-decoration:none}}
)css";

std::string login_page(const std::string& token, const std::string& message) {
    return page(nullptr, "Sign in",
                (message.empty() ? std::string{} : "<p class=\"error\" role=\"alert\">" + esc(message) + "</p>") +
                    "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"" + esc(token) +
                    "\"><label for=\"username\">Account</label><input type=\"text\" id=\"username\" name=\"username\" "
                    "autocomplete=\"username\" required autofocus><label for=\"password\">Password</label>"
                    "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>"
                    "<p><button type=\"submit\">Sign in</button></p></form>");
}

void show_login(Console& console, httplib::Response& response, const std::string& message, int status) {
    const auto token = random_token(16);
    std::string cookie = std::string{kLoginCookie} + "=" + token + "; Path=/login; HttpOnly; SameSite=Strict";
    if (console.https()) cookie += "; Secure";
    response.set_header("Set-Cookie", cookie);
    send_html(response, login_page(token, message), status);
}

}  // namespace

void stylesheet(Console&, const httplib::Request&, httplib::Response& response, const Caller&) {
    response.set_content(kStylesheet, "text/css; charset=utf-8");
}

void login_form(Console& console, const httplib::Request&, httplib::Response& response, const Caller&) {
    show_login(console, response, "", 200);
}

void login_submit(Console& console, const httplib::Request& request, httplib::Response& response, const Caller&) {
    // The login form's CSRF: the token in the form must be the one this browser was given with it.
    if (!same_secret(request.get_param_value("csrf"), cookie_value(request, kLoginCookie))) {
        return show_login(console, response, "The form had expired. Please sign in again.", 403);
    }
    const auto login = log_in(console, request, request.get_param_value("username"), request.get_param_value("password"));
    if (login.result == LoginResult::Throttled) {
        return show_login(console, response, "Too many failed sign-ins. Wait 15 minutes, then try again.", 429);
    }
    if (login.result != LoginResult::Ok) return show_login(console, response, "That account and password do not match.", 401);
    response.set_header("Set-Cookie", session_cookie(console, login.session_id));
    response.set_redirect("/", 303);
}

void logout_submit(Console& console, const httplib::Request&, httplib::Response& response, const Caller& caller) {
    log_out(console, caller);
    response.set_header("Set-Cookie", session_cookie(console, ""));
    response.set_redirect("/login", 303);
}

void account_page(Console&, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto done = request.get_param_value("changed") == "1" ? "<p class=\"ok\" role=\"status\">Password changed.</p>" : "";
    send_html(response, page(&caller, "Your account",
                             std::string{done} + "<p>Signed in as <strong>" + esc(caller.account.name) + "</strong> (" +
                                 std::string{role_name(caller.account.role)} + ").</p><h2>Change password</h2>"
                                 "<form method=\"post\" action=\"/account/password\">" + csrf_field(caller) +
                                 "<label for=\"current\">Current password</label><input type=\"password\" id=\"current\" "
                                 "name=\"current\" autocomplete=\"current-password\" required><label for=\"new\">New password "
                                 "(at least 12 characters)</label><input type=\"password\" id=\"new\" name=\"new\" "
                                 "autocomplete=\"new-password\" minlength=\"12\" required><p><button type=\"submit\">"
                                 "Change password</button></p></form>"));
}

void password_submit(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto current = request.get_param_value("current");
    const auto next = request.get_param_value("new");
    auto fail = [&](const std::string& message) {
        send_html(response, page(&caller, "Your account", "<p class=\"error\" role=\"alert\">" + esc(message) +
                                                              "</p><p><a href=\"/account\">Back</a></p>"), 400);
    };
    if (!verify_password(current, caller.account.password_hash)) return fail("The current password is not right.");
    if (next.size() < 12) return fail("The new password needs at least 12 characters.");
    auto hash = hash_password(next);
    if (!hash.ok()) return fail(hash.error());
    Account changed = caller.account;
    changed.password_hash = hash.value();
    if (!console.store->put_account(changed).ok()) return fail("The password could not be saved.");
    // Every other session of this account ends: a stolen one does not survive the change.
    (void)console.store->delete_sessions_of(caller.account.name);
    (void)console.store->put_session(caller.session);
    (void)console.audit(caller.account.name, "password_changed", caller.account.name);
    response.set_redirect("/account?changed=1", 303);
}

}  // namespace schoolgate::tools::console::handlers
