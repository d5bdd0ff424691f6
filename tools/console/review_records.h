#pragma once

#include <cstdint>
#include <string>

namespace schoolgate::tools::console {

/// A filtering or monitoring check recorded for the annual review (DfE standard 2: "record results and
/// actions"): what was checked on which day, what came of it and what was done. Recorded by a headteacher
/// or dsl account in the console (audited); the annual review pack lists the year's checks.
struct ReviewCheck {
    std::int64_t id = 0;
    std::string checked_on;  ///< the day of the check, YYYY-MM-DD (school-local)
    std::string what;        ///< e.g. "SWGfL test site from a pupil laptop on the pupil Wi-Fi"
    std::string result;      ///< "passed", "partly" or "failed"
    std::string action;      ///< what was done about it (required unless passed)
    std::string recorded_by; ///< the console account
    std::int64_t recorded_at = 0;
};

/// What was done about one incident (a circumvention or repeated-attempts alert of the event index), as
/// the dsl or headteacher recorded it. `incident` is the alert's key (annual_review.h incident_key).
struct IncidentAction {
    std::string incident;
    std::string action;
    std::string by;
    std::int64_t at = 0;
};

}  // namespace schoolgate::tools::console
