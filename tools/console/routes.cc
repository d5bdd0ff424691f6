#include "tools/console/routes.h"

#include "tools/console/handlers.h"
#include "tools/console/handlers_review.h"
#include "tools/console/timetable_handlers.h"

namespace schoolgate::tools::console {

std::string_view access_name(Access access) noexcept {
    switch (access) {
        case Access::Public: return "public";
        case Access::SignedIn: return "signed-in";
        case Access::People: return "people";
        case Access::Request: return "request";
        case Access::Approve: return "approve";
        case Access::Oversight: return "oversight";
    }
    return "approve";
}

bool role_may(Role role, Access access) noexcept {
    switch (access) {
        case Access::Public:
        case Access::SignedIn: return true;
        case Access::People:
        case Access::Request: return role == Role::Headteacher || role == Role::Dsl;
        case Access::Approve: return role == Role::Headteacher;
        case Access::Oversight: return role != Role::NetworkManager;
    }
    return false;
}

const std::vector<Route>& routes() {
    using namespace handlers;
    using A = Access;
    static const std::vector<Route> table{
        {"GET", "/login", A::Public, false, login_form, "/login"},
        {"POST", "/login", A::Public, false, login_submit, "/login"},
        {"GET", "/static/console.css", A::Public, false, stylesheet, "/static/console.css"},
        {"POST", "/logout", A::SignedIn, false, logout_submit, "/logout"},
        {"GET", "/account", A::SignedIn, false, account_page, "/account"},
        {"POST", "/account/password", A::SignedIn, false, password_submit, "/account/password"},
        {"GET", "/", A::SignedIn, false, dashboard, "/"},
        {"GET", "/people", A::People, false, people_page, "/people"},
        {"GET", R"(/people/(.+)/timeline)", A::People, false, timeline_page, "/people/office/timeline"},
        {"GET", R"(/people/(.+)/timeline\.csv)", A::People, false, timeline_csv, "/people/office/timeline.csv"},
        {"GET", "/exemptions", A::Oversight, false, exemptions_page, "/exemptions"},
        {"GET", "/exemptions/new", A::Request, false, request_form, "/exemptions/new"},
        {"POST", "/exemptions/new", A::Request, false, request_submit, "/exemptions/new"},
        {"POST", R"(/exemption-requests/(\d+)/approve)", A::Approve, false, approve_submit, "/exemption-requests/1/approve"},
        {"POST", R"(/exemption-requests/(\d+)/decline)", A::Approve, false, decline_submit, "/exemption-requests/1/decline"},
        {"POST", R"(/exemptions/([^/]+)/revoke)", A::Request, false, revoke_submit, "/exemptions/x/revoke"},
        {"GET", "/timetable", A::SignedIn, false, timetable_page, "/timetable"},
        {"POST", "/timetable/edit", A::Request, false, timetable_edit_submit, "/timetable/edit"},
        {"GET", "/timetable/week", A::SignedIn, false, timetable_week_page, "/timetable/week"},
        {"GET", "/timetable/import", A::Request, false, timetable_import_form, "/timetable/import"},
        {"POST", "/timetable/import", A::Request, false, timetable_import_preview, "/timetable/import"},
        {"POST", "/timetable/import/apply", A::Request, false, timetable_import_apply, "/timetable/import/apply"},
        {"GET", "/policy", A::SignedIn, false, policy_page, "/policy"},
        {"GET", "/explain", A::SignedIn, false, explain_page, "/explain"},
        {"GET", "/reports", A::Oversight, false, reports_page, "/reports"},
        {"GET", "/reports/weekly.csv", A::Oversight, false, report_csv, "/reports/weekly.csv"},
        // The annual review pack and its records (handlers_review.h)
        {"GET", "/reports/annual", A::Oversight, false, annual_review_page, "/reports/annual"},
        {"GET", R"(/reports/annual\.csv)", A::Oversight, false, annual_review_csv, "/reports/annual.csv"},
        {"GET", "/reports/annual/checks/new", A::Request, false, check_form, "/reports/annual/checks/new"},
        {"POST", "/reports/annual/checks", A::Request, false, check_submit, "/reports/annual/checks"},
        {"GET", "/reports/annual/incidents", A::People, false, incidents_page, "/reports/annual/incidents"},
        {"POST", R"(/reports/annual/incidents/([0-9a-f]{16})/action)", A::People, false, incident_action_submit,
         "/reports/annual/incidents/0123456789abcdef/action"},
        {"GET", "/status", A::SignedIn, false, status_page, "/status"},
        {"GET", "/audit", A::Oversight, false, audit_page, "/audit"},
        {"POST", "/api/v1/login", A::Public, true, api_login, "/api/v1/login"},
        {"POST", "/api/v1/logout", A::SignedIn, true, api_logout, "/api/v1/logout"},
        {"GET", "/api/v1/exemptions", A::Oversight, true, api_exemptions, "/api/v1/exemptions"},
        {"GET", "/api/v1/exemption-requests", A::Oversight, true, api_requests, "/api/v1/exemption-requests"},
        {"POST", "/api/v1/exemption-requests", A::Request, true, api_request_create, "/api/v1/exemption-requests"},
        {"POST", R"(/api/v1/exemption-requests/(\d+)/approve)", A::Approve, true, api_approve, "/api/v1/exemption-requests/1/approve"},
        {"POST", R"(/api/v1/exemption-requests/(\d+)/decline)", A::Approve, true, api_decline, "/api/v1/exemption-requests/1/decline"},
        {"GET", "/api/v1/events", A::People, true, api_events, "/api/v1/events"},
        {"GET", "/api/v1/explain", A::SignedIn, true, api_explain, "/api/v1/explain"},
        {"GET", "/api/v1/status", A::SignedIn, true, api_status, "/api/v1/status"},
        {"GET", "/api/v1/timetable", A::SignedIn, true, api_timetable, "/api/v1/timetable"},
    };
    return table;
}

}  // namespace schoolgate::tools::console
