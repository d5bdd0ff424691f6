#pragma once

#include <optional>
#include <string>

#include "tools/console/routes.h"

namespace schoolgate::tools::console {

inline constexpr const char* kSessionCookie = "sg_session";
inline constexpr const char* kLoginCookie = "sg_login";  ///< the login form's own CSRF token (double submit)
inline constexpr int kAccountFailures = 5;    ///< failed logins per account in kThrottleSeconds
inline constexpr int kAddressFailures = 20;   ///< failed logins per client address in kThrottleSeconds
inline constexpr std::int64_t kThrottleSeconds = 15 * 60;

/// The value of cookie `name` in the request, or "".
std::string cookie_value(const httplib::Request& request, const std::string& name);

/// The caller of a request: a live session (not idle past the timeout) of an existing account. An idle
/// session is deleted. Touches the session's last use.
std::optional<Caller> signed_in_caller(Console& console, const httplib::Request& request);

/// Whether the write carries the session's CSRF token (form field `csrf` or header X-CSRF-Token).
bool csrf_ok(const httplib::Request& request, const Caller& caller);

enum class LoginResult { Ok, Wrong, Throttled, Failed };
struct Login {
    LoginResult result = LoginResult::Failed;
    std::string session_id;  ///< the new session's cookie value (a fresh one, never one the client offered)
    std::string csrf;
};

/// Checks the password (argon2id), throttling by account and by client address; on success ends any
/// session the client came with and starts a new one. Every attempt is audited.
Login log_in(Console& console, const httplib::Request& request, const std::string& name, const std::string& password);

/// Ends the caller's session (audited).
void log_out(Console& console, const Caller& caller);

/// The Set-Cookie value for a session id ("" id: an expired cookie that clears it).
std::string session_cookie(const Console& console, const std::string& id);

}  // namespace schoolgate::tools::console
