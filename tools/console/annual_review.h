#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "config/model/policy_model.h"
#include "tools/console/console.h"

namespace schoolgate::config {
class CompiledPolicy;
}

namespace schoolgate::tools::console {

/// An English school's academic year: 1 September to 31 August, school-local time ("2025-26").
struct AcademicYear {
    int first = 0;                ///< the calendar year it starts in
    std::string label;            ///< "2025-26"
    std::string first_day;        ///< "2025-09-01"
    std::string end_day;          ///< "2026-09-01", the first day after it
    std::int64_t since = 0;       ///< seconds since the epoch: local midnight starting 1 September
    std::int64_t until = 0;       ///< ... and the next 1 September's
    bool contains_day(const std::string& day) const { return day >= first_day && day < end_day; }
};

/// The year `text` names ("2025-26"), or the one `now` is in when `text` is empty; a text of any other
/// form is refused with a message saying the form expected.
Result<AcademicYear, std::string> academic_year(const config::CompiledPolicy& policy, const std::string& text, std::int64_t now);

/// The academic year a day (YYYY-MM-DD, a real date) is in: "2025-26" for 2026-03-04.
std::string academic_year_of_day(const std::string& day);

/// The key of one incident (an alert of the event index): stable across ingests, 16 hex digits.
std::string incident_key(const IndexedEvent& alert);

/// An exemption granted in the year, from the exemptions file's audit log (who asked, who approved: the
/// accounts the change path recorded, never free text) and, for the console's own, the request store.
struct GrantedExemption {
    std::string id, who, services, from, until, reason, requested_by, approved_by, granted_on, revoked_on;
};

/// One incident: an alert (circumvention, or repeated blocked attempts) and what was done about it.
struct Incident {
    std::string key, when, month, technique, role, alert, detail;
    std::string person;  ///< display name: only in a copy that names people (empty otherwise)
    std::vector<IncidentAction> actions;  ///< the notes: only in a copy that names people (counted otherwise)
    std::size_t action_count = 0;
};

/// Everything the annual review pack says, gathered for one reader. A copy that does not name people (a
/// governor's) is built without them: exemption subjects become their role, incidents carry no person and
/// no free-text action note, so no renderer can print what the copy does not hold.
struct ReviewPack {
    AcademicYear year;
    bool names_people = false;
    config::model::PolicyModel policy;
    std::vector<std::pair<std::string, std::string>> responsible;  ///< role, the account's display name
    std::vector<GrantedExemption> exemptions;
    std::vector<std::string> in_force_unrecorded;  ///< exemptions in force in the year with no grant record in it
    std::vector<ReviewCheck> checks;
    std::string daemon;                ///< the daemon's generation and reloads, or why there are none
    std::size_t policy_changes = 0;    ///< exemption changes (added, revoked) in the year's audit log
    std::vector<Incident> incidents;   ///< oldest first
    bool incidents_cut = false;        ///< more alerts than the pack reads (kMaxIncidents)
    std::vector<std::string> problems; ///< what could not be read (shown on the pack)
};

inline constexpr std::size_t kMaxIncidents = 5000;

/// Gathers the pack for `year`; `names_people` false for a governor's copy. `policy` is the school's
/// policy as written (the Policy page's model).
ReviewPack build_review_pack(Console& console, const AcademicYear& year, const config::model::PolicyModel& policy, bool names_people);

/// The incidents of [since, until) with their actions, naming people or not. `cut`: there were more than
/// kMaxIncidents; `error`: the store could not be read (then no incident is returned: say so, never "none").
std::vector<Incident> incidents_between(Console& console, std::int64_t since, std::int64_t until, bool names_people, bool& cut,
                                        std::string& error);

/// What the pack's pages start from: the school's policy as written and the year asked for (`year_text`,
/// "" = the current one). Fails with the message for the person: a policy that does not load, a bad year.
struct ReviewInputs {
    config::model::PolicyModel policy;
    AcademicYear year;
};
Result<ReviewInputs, std::string> review_inputs(Console& console, const std::string& year_text);

}  // namespace schoolgate::tools::console
