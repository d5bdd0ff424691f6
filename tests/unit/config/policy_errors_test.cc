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

const Mistake kMistakes[] = {
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
     "E:2:5: exemptions[0].approved_by: 'office' is not a user with the headteacher role (exemptions are approved by the headteacher; use their user id)"},
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
}

BOOST_AUTO_TEST_SUITE_END()
