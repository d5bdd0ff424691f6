#pragma once

#include "tools/console/routes.h"

/// The annual review's handlers (the pack: pages_annual_review.cc; its records, checks and incident
/// actions: pages_review_records.cc). Signatures are all Handler's.
namespace schoolgate::tools::console::handlers {

#define SG_CONSOLE_HANDLER(name) void name(Console&, const httplib::Request&, httplib::Response&, const Caller&)
SG_CONSOLE_HANDLER(annual_review_page);
SG_CONSOLE_HANDLER(annual_review_csv);
SG_CONSOLE_HANDLER(check_form);
SG_CONSOLE_HANDLER(check_submit);
SG_CONSOLE_HANDLER(incidents_page);
SG_CONSOLE_HANDLER(incident_action_submit);
#undef SG_CONSOLE_HANDLER

}  // namespace schoolgate::tools::console::handlers
