#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tools/console/console.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace schoolgate::tools::console {

/// Who may use a route. Every route names one; the server checks it before the handler runs, and the
/// security tests (tests/console) walk this table for every role.
enum class Access {
    Public,     ///< the login page and form, static assets
    SignedIn,   ///< any role: dashboard (summaries), policy, explain, status, own password
    People,     ///< a person's events and timeline, each incident by person and its action: headteacher, dsl
    Request,    ///< asking for and revoking exemptions, recording a check: headteacher, dsl
    Approve,    ///< approving or declining: headteacher only
    Oversight,  ///< exemptions, audit, reports, the annual review pack: headteacher, dsl, governor
};
std::string_view access_name(Access access) noexcept;
bool role_may(Role role, Access access) noexcept;

/// The signed-in caller of a request (empty on public routes).
struct Caller {
    Account account;
    Session session;
};

using Handler = std::function<void(Console&, const httplib::Request&, httplib::Response&, const Caller&)>;

struct Route {
    std::string method;   ///< GET or POST; every POST but the logins needs the session's CSRF token
    std::string pattern;  ///< the path as a regular expression (cpp-httplib matches the whole path)
    Access access;
    bool api;             ///< /api/v1: JSON answers (401/403 as JSON) instead of pages and redirects
    Handler handler;
    std::string example;  ///< a concrete path the security tests can request
};

/// The console's whole route table: pages, API and static assets.
const std::vector<Route>& routes();

}  // namespace schoolgate::tools::console
