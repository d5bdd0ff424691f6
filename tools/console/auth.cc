#include "tools/console/auth.h"

#include <httplib.h>

#include "tools/console/secrets.h"

namespace schoolgate::tools::console {

std::string cookie_value(const httplib::Request& request, const std::string& name) {
    const auto header = request.get_header_value("Cookie");
    std::size_t at = 0;
    while (at < header.size()) {
        const auto end = std::min(header.find(';', at), header.size());
        std::string pair = header.substr(at, end - at);
        pair.erase(0, pair.find_first_not_of(' '));
        if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
        at = end + 1;
    }
    return {};
}

std::optional<Caller> signed_in_caller(Console& console, const httplib::Request& request) {
    const auto id = cookie_value(request, kSessionCookie);
    if (id.empty()) return std::nullopt;
    const auto digest = sha256_hex(id);
    auto session = console.store->session(digest);
    if (!session.ok() || !session.value()) return std::nullopt;
    const auto now = console.now();
    if (now - session.value()->last_seen > std::int64_t{console.config.idle_timeout_minutes} * 60) {
        (void)console.store->delete_session(digest);  // gone either way: the caller signs in again
        return std::nullopt;
    }
    auto account = console.store->account(session.value()->account);
    if (!account.ok() || !account.value()) return std::nullopt;
    (void)console.store->touch_session(digest, now);  // a missed touch only shortens the idle time
    return Caller{*account.value(), *session.value()};
}

bool csrf_ok(const httplib::Request& request, const Caller& caller) {
    // A file upload (multipart/form-data) carries the form's fields as parts, not as parameters.
    const auto token = request.has_header("X-CSRF-Token") ? request.get_header_value("X-CSRF-Token")
                       : request.has_file("csrf")         ? request.get_file_value("csrf").content
                                                          : request.get_param_value("csrf");
    return same_secret(token, caller.session.csrf);
}

namespace {

bool throttled(Console& console, const std::string& key, int limit) {
    const auto failures = console.store->login_failures_since(key, console.now() - kThrottleSeconds);
    return !failures.ok() || failures.value() >= limit;
}

}  // namespace

Login log_in(Console& console, const httplib::Request& request, const std::string& name, const std::string& password) {
    const std::string address_key = "address:" + request.remote_addr;
    const std::string account_key = "account:" + name;
    if (throttled(console, account_key, kAccountFailures) || throttled(console, address_key, kAddressFailures)) {
        (void)console.audit(name, "login_throttled", "from " + request.remote_addr);
        return {LoginResult::Throttled, {}, {}};
    }
    auto account = console.store->account(name);
    if (!account.ok()) return {LoginResult::Failed, {}, {}};
    if (!account.value() || !verify_password(password, account.value()->password_hash)) {
        (void)console.store->record_login_failure(account_key, console.now());
        (void)console.store->record_login_failure(address_key, console.now());
        (void)console.audit(name, "login_failed", "from " + request.remote_addr);
        return {LoginResult::Wrong, {}, {}};
    }
    // No fixation: whatever session the client came with ends here, and the new id is ours.
    if (const auto old = cookie_value(request, kSessionCookie); !old.empty()) (void)console.store->delete_session(sha256_hex(old));
    Login login{LoginResult::Ok, random_token(), random_token()};
    const Session session{sha256_hex(login.session_id), name, login.csrf, console.now(), console.now()};
    if (!console.store->put_session(session).ok() || !console.audit(name, "login", "from " + request.remote_addr)) {
        return {LoginResult::Failed, {}, {}};
    }
    return login;
}

void log_out(Console& console, const Caller& caller) {
    (void)console.store->delete_session(caller.session.id_digest);
    (void)console.audit(caller.account.name, "logout", "");
}

std::string session_cookie(const Console& console, const std::string& id) {
    std::string cookie = std::string{kSessionCookie} + "=" + id + "; Path=/; HttpOnly; SameSite=Strict";
    if (console.https()) cookie += "; Secure";
    if (id.empty()) cookie += "; Max-Age=0";
    return cookie;
}

}  // namespace schoolgate::tools::console
