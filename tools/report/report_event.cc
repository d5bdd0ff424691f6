#include "tools/report/report_event.h"

namespace schoolgate::tools::report {

bool is_attempt(const ReportEvent& event) noexcept {
    return event.kind == EventKind::Circumvention || (event.kind == EventKind::Verdict && event.verdict == "block");
}

}  // namespace schoolgate::tools::report
