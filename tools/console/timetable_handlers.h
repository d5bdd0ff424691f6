#pragma once

#include "tools/console/routes.h"

/// The Timetable page's handlers (pages_timetable.cc, pages_timetable_week.cc, pages_timetable_import.cc);
/// signatures are all Handler's. Kept apart from handlers.h so that the page is one group of files.
namespace schoolgate::tools::console::handlers {

#define SG_CONSOLE_HANDLER(name) void name(Console&, const httplib::Request&, httplib::Response&, const Caller&)
SG_CONSOLE_HANDLER(timetable_page);
SG_CONSOLE_HANDLER(timetable_edit_submit);
SG_CONSOLE_HANDLER(timetable_week_page);
SG_CONSOLE_HANDLER(timetable_import_form);
SG_CONSOLE_HANDLER(timetable_import_preview);
SG_CONSOLE_HANDLER(timetable_import_apply);
SG_CONSOLE_HANDLER(api_timetable);
#undef SG_CONSOLE_HANDLER

}  // namespace schoolgate::tools::console::handlers
