#pragma once

#include "tools/console/routes.h"

/// The route handlers, by page or API group (each .cc one group). Signatures are all Handler's.
namespace schoolgate::tools::console::handlers {

#define SG_CONSOLE_HANDLER(name) void name(Console&, const httplib::Request&, httplib::Response&, const Caller&)
// Signing in and out, the account (pages_login.cc)
SG_CONSOLE_HANDLER(login_form);
SG_CONSOLE_HANDLER(login_submit);
SG_CONSOLE_HANDLER(logout_submit);
SG_CONSOLE_HANDLER(account_page);
SG_CONSOLE_HANDLER(password_submit);
SG_CONSOLE_HANDLER(stylesheet);
// Dashboard, people and timelines (pages_people.cc)
SG_CONSOLE_HANDLER(dashboard);
SG_CONSOLE_HANDLER(people_page);
SG_CONSOLE_HANDLER(timeline_page);
SG_CONSOLE_HANDLER(timeline_csv);
// Exemptions and requests (pages_exemptions.cc)
SG_CONSOLE_HANDLER(exemptions_page);
SG_CONSOLE_HANDLER(request_form);
SG_CONSOLE_HANDLER(request_submit);
SG_CONSOLE_HANDLER(approve_submit);
SG_CONSOLE_HANDLER(decline_submit);
SG_CONSOLE_HANDLER(revoke_submit);
// Policy, explain, reports, status, audit (pages_school.cc)
SG_CONSOLE_HANDLER(policy_page);
SG_CONSOLE_HANDLER(explain_page);
SG_CONSOLE_HANDLER(reports_page);
SG_CONSOLE_HANDLER(report_csv);
SG_CONSOLE_HANDLER(status_page);
SG_CONSOLE_HANDLER(audit_page);
// JSON API (api.cc)
SG_CONSOLE_HANDLER(api_login);
SG_CONSOLE_HANDLER(api_logout);
SG_CONSOLE_HANDLER(api_exemptions);
SG_CONSOLE_HANDLER(api_requests);
SG_CONSOLE_HANDLER(api_request_create);
SG_CONSOLE_HANDLER(api_approve);
SG_CONSOLE_HANDLER(api_decline);
SG_CONSOLE_HANDLER(api_events);
SG_CONSOLE_HANDLER(api_explain);
SG_CONSOLE_HANDLER(api_status);
#undef SG_CONSOLE_HANDLER

}  // namespace schoolgate::tools::console::handlers
