#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"
#include "support/temp_file.h"

namespace {

namespace bdata = boost::unit_test::data;
using schoolgate::test::TempFile;

const std::string kCatalogue = std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml";

// The who-is-who and a timetable-free base every case below changes in one place.
const std::string kBase = R"(school: {name: S}
networks:
  - {name: pupil-wifi, cidr: 10.20.0.0/16, role: pupil}
users:
  head: {role: headteacher}
  office: {role: staff}
devices:
  - {name: office-pc, ip: 10.30.0.12, user: office}
)";

std::vector<std::string> errors_of(const std::string& policy_text, const std::string& exemptions_text = "") {
    TempFile exemptions{exemptions_text};
    std::string text = policy_text;
    if (!exemptions_text.empty()) text += "exemptions: " + exemptions.path() + "\n";
    TempFile policy{text};
    auto loaded = schoolgate::config::yaml::load_policy(policy.path(), kCatalogue);
    std::vector<std::string> messages;
    if (loaded.ok()) {
        auto compiled = schoolgate::config::compile_policy(std::move(loaded).value());
        if (!compiled.ok()) {
            for (const auto& e : compiled.error()) messages.push_back(e.to_string());
        }
    } else {
        for (const auto& e : loaded.error()) messages.push_back(e.to_string());
    }
    for (auto& m : messages) {
        for (const auto* path : {&policy.path(), &exemptions.path()}) {
            if (m.rfind(*path, 0) == 0) m.replace(0, path->size(), path == &policy.path() ? "P" : "E");
        }
    }
    return messages;
}

struct Mistake {
    const char* name;
    std::string policy;
    std::string exemptions;
    std::string expected;
};

std::ostream& operator<<(std::ostream& out, const Mistake& m) { return out << m.name; }

const std::string kRules = "rules: []\n";
const std::string kGoodExemption = "exemptions:\n  - {id: e1, who: {user: office}, services: [x], until: 2027-07-31, reason: r, approved_by: head}\n";

// A school run by two co-heads, with its own period names (issue 15, item 5: hints name this school's own).
const std::string kCoHeads = R"(school: {name: S}
networks:
  - {name: pupil-wifi, cidr: 10.20.0.0/16, role: pupil}
users:
  cohead-a: {role: headteacher}
  cohead-b: {role: headteacher}
  office: {role: staff}
timetable:
  school_hours: {start: "08:30", end: "15:30"}
  days:
    standard:
      - {name: Tutor, start: "08:45", end: "09:00", kind: registration}
      - {name: Lesson 1, start: "09:00", end: "10:00", kind: lesson}
      - {name: Lesson 2, start: "10:00", end: "11:00", kind: lesson}
  week: {monday: standard}
  terms:
    - {name: Autumn, start: 2026-09-03, end: 2026-12-18}
rules: []
)";

const Mistake kMistakes[] = {
    {"approver missing where two co-heads approve", kCoHeads, "exemptions:\n  - {id: e1, who: {user: office}, services: [x], until: 2027-07-31, reason: r}\n",
     "E:2:5: exemptions[0].approved_by: is missing: every exemption needs the approver (add approved_by: cohead-a or cohead-b, a headteacher's user id)"},
    {"approver near one of two co-heads", kCoHeads, "exemptions:\n  - {id: e1, who: {user: office}, services: [x], until: 2027-07-31, reason: r, approved_by: cohead-c}\n",
     "E:2:5: exemptions[0].approved_by: 'cohead-c' is not a user with the headteacher role (did you mean 'cohead-a'? exemptions are approved by a headteacher: cohead-a or cohead-b)"},
    {"approver missing where nobody is a headteacher", "school: {name: S}\nusers:\n  office: {role: staff}\n" + kRules,
     "exemptions:\n  - {id: e1, who: {user: office}, services: [x], until: 2027-07-31, reason: r}\n",
     "E:2:5: exemptions[0].approved_by: is missing: every exemption needs the approver (no user has the headteacher role: add the headteacher under users: with role: headteacher)"},
    {"period this school does not have", kCoHeads, "exemptions:\n  - {id: e1, who: {user: office}, services: [x], until: 2027-07-31, periods: [Lesson 3], reason: r, approved_by: cohead-a}\n",
     "E:2:5: exemptions[0].periods: unknown period 'Lesson 3' (did you mean 'Lesson 1'? the timetable's periods are Tutor, Lesson 1 or Lesson 2)"},
    {"period where the school has no timetable", kBase + kRules, "exemptions:\n  - {id: e1, who: {user: office}, services: [x], until: 2027-07-31, periods: [P1], reason: r, approved_by: head}\n",
     "E:2:5: exemptions[0].periods: unknown period 'P1' (this school's timetable has no periods: leave periods: out)"},
    {"exemption for a misspelt user", kBase + kRules, "exemptions:\n  - {id: e1, who: {user: ofice}, services: [x], until: 2027-07-31, reason: r, approved_by: head}\n",
     "E:2:5: exemptions[0].who: 'ofice' is not a known user, device, role or network of that kind (did you mean 'office'? check the name in the policy)"},
    {"exemption for a misspelt network", kBase + kRules, "exemptions:\n  - {id: e1, who: {network: pupil-wifii}, services: [x], until: 2027-07-31, reason: r, approved_by: head}\n",
     "E:2:5: exemptions[0].who: 'pupil-wifii' is not a known user, device, role or network of that kind (did you mean 'pupil-wifi'? check the name in the policy)"},
    {"twitter, the catalogue's other name for x", kBase + "rules:\n  - {name: r, services: [twitter], action: block, reason: x}\n", "",
     "P:10:26: rules[0].services[0]: unknown service or group 'twitter' (did you mean 'x'? the catalogue calls twitter 'x'; use a name from the catalogue, a group, or 'any')"},
    {"a near miss of an alias", kBase + "rules:\n  - {name: r, services: [twiter], action: block, reason: x}\n", "",
     "P:10:26: rules[0].services[0]: unknown service or group 'twiter' (did you mean 'x'? the catalogue calls twitter 'x'; use a name from the catalogue, a group, or 'any')"},
    {"twitter in a group", kBase + "groups:\n  social: [facebook, twitter]\n" + kRules, "",
     "P:10:3: groups.social: unknown service 'twitter' (did you mean 'x'? the catalogue calls twitter 'x'; services are defined under 'services:')"},
    {"exemption starting in the hour the clocks skip", kBase + kRules, "exemptions:\n  - {id: e1, who: {user: office}, services: [x], from: 2026-03-29T01:30, until: 2027-07-31, reason: r, approved_by: head}\n",
     "E:2:5: exemptions[0].from: '2026-03-29T01:30': that time does not exist in Europe/London (the clocks go forward at 01:00); use 2026-03-29T00:59 GMT or 2026-03-29T02:00 BST"},
    {"exemption ending in the hour the clocks repeat", kBase + kRules, "exemptions:\n  - {id: e1, who: {user: office}, services: [x], until: 2026-10-25T01:30, reason: r, approved_by: head}\n",
     "E:2:5: exemptions[0].until: '2026-10-25T01:30': that time happens twice in Europe/London (the clocks go back at 02:00); say 2026-10-25T01:30+01:00 (BST) or 2026-10-25T01:30+00:00 (GMT)"},
    {"unknown role on a network", "school: {name: S}\nnetworks:\n  - {name: n, cidr: 10.20.0.0/16, role: pupils}\n" + kRules, "",
     "P:3:41: networks[0].role: unknown role 'pupils' (did you mean 'pupil'? roles are pupil, staff, headteacher, visitor, unknown, or those under 'roles:')"},
    {"network without address or vlan", "school: {name: S}\nnetworks:\n  - {name: n, role: pupil}\n" + kRules, "",
     "P:3:5: networks[0]: a network needs a cidr, a vlan or both (add cidr: 10.20.0.0/16)"},
    {"bad vlan", "school: {name: S}\nnetworks:\n  - {name: n, vlan: 5000, role: pupil}\n" + kRules, "",
     "P:3:21: networks[0].vlan: '5000' is not a VLAN id (use 1..4094)"},
    {"bad MAC", kBase + "  - {name: d2, mac: 02:00:5e:10:00, user: office}\n" + kRules, "",
     "P:9:21: devices[1].mac: '02:00:5e:10:00' is not a MAC address (write it as 02:00:5e:10:00:01)"},
    {"device of an unknown user", kBase + "  - {name: d2, ip: 10.30.0.13, user: ofice}\n" + kRules, "",
     "P:9:38: devices[1].user: unknown user 'ofice' (did you mean 'office'? list the user under 'users:' first)"},
    {"two devices on one IP", kBase + "  - {name: d2, ip: 10.30.0.12, user: head}\n" + kRules, "",
     "P:9:5: devices[1]: device 'd2' has the same IP as an earlier device (each device once)"},
    {"unknown role in a rule", kBase + "rules:\n  - {name: r, who: {roles: [staf]}, services: [x], action: block, reason: x}\n", "",
     "P:10:20: rules[0].who.roles: unknown role 'staf' (did you mean 'staff'? use a built-in role or one under 'roles:')"},
    {"condition without a timetable", kBase + "rules:\n  - {name: r, services: [x], when: lesson, action: block, reason: x}\n", "",
     "P:10:36: rules[0].when: 'lesson' needs the school's timetable (add a 'timetable:' section)"},
    {"unknown condition", kBase + "rules:\n  - {name: r, services: [x], when: lessons, action: block, reason: x}\n", "",
     "P:10:36: rules[0].when: unknown condition 'lessons' (did you mean 'lesson'? use lesson, break, lunch, registration, school_hours, outside_school_hours, term, holiday or always)"},
    {"role rule shadowed by an earlier one", kBase + "rules:\n  - {name: a, who: {roles: [pupil, staff]}, services: [any], action: block, reason: x}\n  - {name: b, who: {roles: [pupil]}, services: [facebook], action: allow, reason: y}\n", "",
     "P:11:5: rules[1]: rule 'b' can never match because rule 'a' above it always matches first (move it above 'a' or remove it)"},
    {"exemption without an end", kBase + kRules, "exemptions:\n  - {id: e1, who: {user: office}, services: [x], reason: r, approved_by: head}\n",
     "E:2:5: exemptions[0].until: is missing: every exemption needs an end date (add until: 2027-07-31)"},
    {"exemption without an approver", kBase + kRules, "exemptions:\n  - {id: e1, who: {user: office}, services: [x], until: 2027-07-31, reason: r}\n",
     "E:2:5: exemptions[0].approved_by: is missing: every exemption needs the approver (add approved_by: head, the headteacher's user id)"},
    {"exemption approved by someone who is not the head", kBase + kRules, "exemptions:\n  - {id: e1, who: {user: office}, services: [x], until: 2027-07-31, reason: r, approved_by: office}\n",
     "E:2:5: exemptions[0].approved_by: 'office' is not a user with the headteacher role (exemptions are approved by the headteacher: head)"},
    {"exemption naming two subjects", kBase + kRules, "exemptions:\n  - {id: e1, who: {user: office, role: staff}, services: [x], until: 2027-07-31, reason: r, approved_by: head}\n",
     "E:2:19: exemptions[0].who: must name exactly one of user, device, role or network (e.g. who: {user: office})"},
    {"exemption ending before it starts", kBase + kRules, "exemptions:\n  - {id: e1, who: {user: office}, services: [x], from: 2027-08-01, until: 2027-07-31, reason: r, approved_by: head}\n",
     "E:2:5: exemptions[0].until: ends (2027-07-31) before it starts (2027-08-01) (put the end after the start)"},
    {"exemption with a bad date", kBase + kRules, "exemptions:\n  - {id: e1, who: {user: office}, services: [x], until: 31/07/2027, reason: r, approved_by: head}\n",
     "E:2:5: exemptions[0].until: '31/07/2027' is not a date (write it as 2027-07-31)"},
    {"duplicate exemption id", kBase + kRules, kGoodExemption + "  - {id: e1, who: {user: office}, services: [x], until: 2027-07-31, reason: r, approved_by: head}\n",
     "E:3:5: exemptions[1].id: id 'e1' is used twice (give each exemption its own id)"},
    {"unknown technique", kBase + kRules + "circumvention:\n  rules:\n    - {name: c, techniques: [vpn.openvnp], action: block}\n", "",
     "P:12:30: circumvention.rules[0].techniques[0]: unknown technique 'vpn.openvnp' (did you mean 'vpn.openvpn'? use a technique such as vpn.openvpn, a family such as vpn, or any)"},
    {"unknown circumvention action", kBase + kRules + "circumvention:\n  rules:\n    - {name: c, techniques: [vpn], action: deny}\n", "",
     "P:12:44: circumvention.rules[0].action: 'deny' is not a circumvention action (use log, block or alert)"},
    {"unknown role for block_quic", kBase + kRules + "circumvention:\n  block_quic: [pupils]\n", "",
     "P:11:15: circumvention.block_quic.who.roles: unknown role 'pupils' (did you mean 'pupil'? use a built-in role or one under 'roles:')"},
    {"bad resolver address", kBase + kRules + "circumvention:\n  school_resolvers: [10.0.0.300]\n", "",
     "P:11:22: circumvention.school_resolvers[0]: '10.0.0.300' is not an IPv4 or IPv6 address (write an address such as 10.20.0.1, or a block such as 10.20.0.0/29)"},
    {"bad repeated-attempts window", kBase + kRules + "circumvention:\n  repeated_attempts: {count: 5, within: ten minutes}\n", "",
     "P:11:41: circumvention.repeated_attempts.within: 'ten minutes' is not a duration (write 90s, 10m or 1h)"},
    {"indicator list for a technique that takes none", kBase + kRules + "indicators:\n  proxy.sites: {domains: [example.org]}\n", "",
     "P:11:3: indicators.proxy.sites: unknown technique 'proxy.sites' (did you mean 'proxy.site'? indicator lists are for dns.doh, proxy.site, vpn.app and tls.ech)"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(PolicyErrorsTest)

BOOST_DATA_TEST_CASE(each_mistake_is_reported_with_place_and_fix, bdata::make(kMistakes), mistake) {
    const auto errors = errors_of(mistake.policy, mistake.exemptions);
    BOOST_REQUIRE_EQUAL(errors.size(), 1u);
    BOOST_TEST(errors.front() == mistake.expected);
}

BOOST_AUTO_TEST_CASE(the_base_policy_is_valid) {
    BOOST_TEST(errors_of(kBase + kRules, kGoodExemption).empty());
    BOOST_TEST(errors_of(kCoHeads, "exemptions:\n  - {id: e1, who: {user: office}, services: [x], until: 2027-07-31, periods: [Lesson 2], reason: r, approved_by: cohead-b}\n").empty());
}

BOOST_AUTO_TEST_CASE(an_offset_settles_a_repeated_hour_in_an_exemption) {
    BOOST_TEST(errors_of(kBase + kRules, "exemptions:\n  - {id: e1, who: {user: office}, services: [x], until: 2026-10-25T01:30+00:00, reason: r, approved_by: head}\n").empty());
}

BOOST_AUTO_TEST_SUITE_END()
