#pragma once

#include <map>
#include <string>

#include "config/model/exemption_model.h"
#include "config/policy/subject_index.h"
#include "tools/console/console_store.h"

namespace schoolgate::tools::console {

/// What a governor (or a network manager: any role that may not see people) reads where the console would
/// otherwise show a person. They review who in the school did what and when, never whom it was about
/// (docs/console.md, roles): the annual review pack's governor copy, the exemptions page and the audit page
/// all name no pupil or member of staff but the console's own accounts.

/// True for an id the console made itself ("console-12"): it says nothing about anyone. An id written with
/// `schoolgate exempt --id` is free text ("zquinn-ipad").
bool console_made_id(const std::string& id);

/// Renames hand-written exemption ids to "exemption 1", "exemption 2", ... in the order first asked; the
/// console's own ids stay, so a governor can still match them across pages.
class ExemptionIdCover {
public:
    const std::string& operator()(const std::string& id);

private:
    std::map<std::string, std::string> renamed_;
};

/// Who an exemption is for without naming them: "role staff" and "network staff-wifi" as they are, a user as
/// "a person with the role ROLE", a device as "a device".
std::string subject_for_governor(const config::SubjectIndex& subjects, config::model::ExemptionSubjectKind kind,
                                 const std::string& subject);

/// The audit page's "what" column: a timeline viewed or exported names its person, a refused request's path
/// can hold one (/people/NAME/timeline), and an exemption may have a hand-written id. Only actions whose
/// "what" the console writes from numbers and fixed words are shown as they are.
std::string what_for_governor(const AuditRecord& record);

}  // namespace schoolgate::tools::console
