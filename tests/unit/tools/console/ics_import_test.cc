#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tools/console/ics_import.h"

// The Timetable page's import of a local authority's term dates (.ics, read with libical): each kind of
// event mapped by its summary, the rest listed with the reason, malformed input an error or a skipped
// event, never a crash.
namespace {

namespace console = schoolgate::tools::console;

std::string fixture() {
    std::ifstream in{SG_SOURCE_DIR "/tests/fixtures/term-dates/northshire-2027-28.ics", std::ios::binary};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

console::IcsImport read(const std::string& text, const std::vector<console::IcsTerm>& existing = {}) {
    auto result = console::read_term_dates_ics(text, existing);
    BOOST_REQUIRE_MESSAGE(result.ok(), (result.ok() ? std::string{} : result.error()));
    return result.value();
}

std::string calendar(const std::string& events) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + events + "END:VCALENDAR\r\n";
}

std::string event(const std::string& summary, const std::string& start, const std::string& end = "") {
    return "BEGIN:VEVENT\r\nUID:" + summary + "@test\r\nDTSTAMP:20270101T000000Z\r\nDTSTART" + start + "\r\n" +
           (end.empty() ? "" : "DTEND" + end + "\r\n") + "SUMMARY:" + summary + "\r\nEND:VEVENT\r\n";
}

std::vector<std::string> terms_text(const console::IcsImport& import) {
    std::vector<std::string> out;
    for (const auto& t : import.terms) {
        std::string line = t.name + " " + console::date_text(t.first) + " " + console::date_text(t.last);
        for (const auto& h : t.half_terms) line += " [" + console::date_text(h.first) + " " + console::date_text(h.last) + "]";
        out.push_back(line);
    }
    return out;
}

std::vector<std::string> closures_text(const console::IcsImport& import) {
    std::vector<std::string> out;
    for (const auto& c : import.closures) {
        out.push_back(c.kind + " " + console::date_text(c.first) + " " + console::date_text(c.last) + " " + c.name);
    }
    return out;
}

std::vector<std::string> skipped_text(const console::IcsImport& import) {
    std::vector<std::string> out;
    for (const auto& s : import.skipped) out.push_back(s.summary + " | " + s.dates + " | " + s.reason);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(IcsImportTest)

BOOST_AUTO_TEST_CASE(a_local_authoritys_year_maps_to_terms_half_terms_and_closures) {
    const auto import = read(fixture());
    BOOST_TEST(import.events == 19u);
    const std::vector<std::string> terms{
        "Autumn term 2027-09-01 2027-12-17 [2027-10-25 2027-10-29]",
        "Spring term 2028-01-04 2028-03-31 [2028-02-14 2028-02-18]",
        "Summer term 2028-04-18 2028-07-21 [2028-05-29 2028-06-02]",
    };
    BOOST_TEST(terms_text(import) == terms, boost::test_tools::per_element());
    const std::vector<std::string> closures{
        "inset 2027-09-01 2027-09-01 INSET day (school closed to pupils)",
        "inset 2028-01-04 2028-01-04 Staff training day",
        "closure 2028-05-01 2028-05-01 Early May bank holiday",
    };
    for (const auto& c : closures_text(import)) BOOST_TEST_MESSAGE(c);
    BOOST_TEST(closures_text(import) == closures, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(what_is_not_imported_is_listed_with_the_reason) {
    const auto skipped = skipped_text(read(fixture()));
    const std::vector<std::string> expected{
        "Christmas holidays | 2027-12-20 to 2028-01-03 | a holiday between terms: the days outside every term are holidays already",
        "Key stage 2 SATs week | 2028-05-08 to 2028-05-11 | not a term, half term, INSET day or bank holiday by its summary (the "
        "rules: docs/console.md)",
        // A monthly meeting repeats (RRULE): not the school's calendar, so listed once, by its first date.
        "Governors' meeting | 2028-01-11 | not a term, half term, INSET day or bank holiday by its summary (the rules: "
        "docs/console.md)",
        // libical alone reads this date as 2 July: the import checks the date as written.
        "Summer term INSET day |  | malformed: DTSTART '2028-07-2X' is not a date (YYYYMMDD) or a date and time (YYYYMMDDTHHMMSS)",
        "INSET day | 2028-07-24 | outside every term: no school that day already",
        "Christmas Day (bank holiday) | 2027-12-25 | outside every term: no school that day already",
        "Good Friday | 2028-04-14 | outside every term: no school that day already",
        "Spring bank holiday | 2028-05-29 | in half term: no school that day already",
    };
    for (const auto& s : skipped) BOOST_TEST_MESSAGE(s);
    BOOST_REQUIRE(skipped.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        BOOST_TEST(skipped[i] == expected[i]);
    }
}

std::string repeating(const std::string& summary, const std::string& start, const std::string& lines) {
    return "BEGIN:VEVENT\r\nUID:" + summary + "@test\r\nDTSTAMP:20270101T000000Z\r\nDTSTART" + start + "\r\n" + lines +
           "SUMMARY:" + summary + "\r\nEND:VEVENT\r\n";
}

BOOST_AUTO_TEST_CASE(a_repeating_inset_day_or_bank_holiday_is_read_on_each_of_its_dates) {
    const auto import = read(calendar(
        event("Autumn term", ";VALUE=DATE:20270901", ";VALUE=DATE:20271218") +
        event("Autumn term", ";VALUE=DATE:20280901", ";VALUE=DATE:20281216") +
        // 2027-09-02 in term; 2028-09-02 left out by its EXDATE (else a closure in the 2028 term); 2029 in no term.
        repeating("INSET day", ";VALUE=DATE:20270902", "RRULE:FREQ=YEARLY;COUNT=3\r\nEXDATE;VALUE=DATE:20280902\r\n") +
        // For ever: read up to three years after the first, then cut, and said so.
        repeating("Christmas Day", ";VALUE=DATE:20271225", "RRULE:FREQ=YEARLY\r\n") +
        repeating("Weekly staff briefing", ";VALUE=DATE:20270906", "RRULE:FREQ=WEEKLY\r\n")));
    BOOST_TEST(closures_text(import) == std::vector<std::string>{"inset 2027-09-02 2027-09-02 INSET day"}, boost::test_tools::per_element());
    const std::vector<std::string> skipped{
        "Christmas Day | from 2031-12-25 | repeats on: only its dates up to 3 years after the first (at most 60) are read",
        "Weekly staff briefing | 2027-09-06 | not a term, half term, INSET day or bank holiday by its summary (the rules: "
        "docs/console.md)",
        "INSET day | 2029-09-02 | outside every term: no school that day already",
        "Christmas Day | 2027-12-25 | outside every term: no school that day already",
        "Christmas Day | 2028-12-25 | outside every term: no school that day already",
        "Christmas Day | 2029-12-25 | outside every term: no school that day already",
        "Christmas Day | 2030-12-25 | outside every term: no school that day already",
    };
    for (const auto& s : skipped_text(import)) BOOST_TEST_MESSAGE(s);
    BOOST_TEST(skipped_text(import) == skipped, boost::test_tools::per_element());
    // libical drops a rule it cannot read: the event is listed as malformed, not read as one day.
    const auto odd = skipped_text(read(calendar(repeating("Boxing Day", ";VALUE=DATE:20271226", "RRULE:FREQ=SOMETIMES\r\n"))));
    for (const auto& s : odd) BOOST_TEST_MESSAGE(s);
    BOOST_TEST((odd.size() == 1u && odd[0].starts_with("Boxing Day |  | malformed: ") && odd[0].find("RRULE") != std::string::npos));
}

BOOST_AUTO_TEST_CASE(an_odd_repeat_rule_ends_and_a_file_expands_at_most_16) {
    // Rules that never match (libical searches up to half a second), end before they start, or repeat within a
    // day: each read ends, and gives the day once at most.
    std::string events = event("Autumn term", ";VALUE=DATE:20270901", ";VALUE=DATE:20271218");
    for (const char* rule : {"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=SECONDLY", "FREQ=MINUTELY;INTERVAL=7",
                             "FREQ=MONTHLY;BYMONTHDAY=-31;BYMONTH=2", "FREQ=DAILY;UNTIL=20270901",
                             "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=0,30"}) {
        events += repeating(std::string{"INSET day "} + rule, ";VALUE=DATE:20270902", "RRULE:" + std::string{rule} + "\r\n");
    }
    // EXDATEs on every day of a daily rule: each occurrence libical gives counts, so this one ends early too.
    std::string every_day;
    for (int d = 3; d <= 30; ++d) every_day += "EXDATE;VALUE=DATE:202709" + std::string{d < 10 ? "0" : ""} + std::to_string(d) + "\r\n";
    events += repeating("INSET day excluded", ";VALUE=DATE:20270902", "RRULE:FREQ=DAILY\r\n" + every_day);
    for (int i = 0; i < 13; ++i) {  // 3 + 13 more repeat: the 17th (counted from the first expanded) is listed instead
        events += repeating("Staff training day " + std::to_string(i), ";VALUE=DATE:20271004", "RRULE:FREQ=YEARLY;COUNT=1\r\n");
    }
    const auto import = read(calendar(events));
    const auto skipped = skipped_text(import);
    for (const auto& s : skipped) BOOST_TEST_MESSAGE(s);
    BOOST_TEST(import.closures.size() == 12u + 60u);  // 16 expanded: 3 never or before the start, 60 days, 12 training days
    const auto listed = [&](const std::string& text) {
        return std::any_of(skipped.begin(), skipped.end(), [&](const std::string& s) { return s.find(text) != std::string::npos; });
    };
    BOOST_TEST(listed("INSET day FREQ=SECONDLY | 2027-09-02 | repeats within a day (RRULE FREQ=SECONDLY)"));
    BOOST_TEST(listed("Staff training day 12 | 2027-10-04 | one repeating event too many (the import reads 16)"));
    BOOST_TEST(listed("with BYHOUR, BYMINUTE or BYSECOND"));
}

BOOST_AUTO_TEST_CASE(term_start_and_end_events_pair_up_and_a_lone_one_is_listed) {
    const auto import = read(calendar(event("Spring term starts", ";VALUE=DATE:20280104") + event("Summer term ends", ";VALUE=DATE:20280721") +
                                      event("Spring term ends", ";VALUE=DATE:20280331")));
    BOOST_TEST(terms_text(import) == std::vector<std::string>{"Spring term 2028-01-04 2028-03-31"}, boost::test_tools::per_element());
    BOOST_REQUIRE(import.skipped.size() == 1u);
    BOOST_TEST(import.skipped[0].reason == "the end of a term with no start before it");
}

BOOST_AUTO_TEST_CASE(timed_events_take_their_dates_and_end_at_midnight_is_the_day_before) {
    const auto import = read(calendar(event("Autumn term", ";TZID=Europe/London:20270901T083000", ";TZID=Europe/London:20271217T153000") +
                                      event("Autumn half term", ":20271025T000000Z", ":20271030T000000Z")));
    BOOST_TEST(terms_text(import) == std::vector<std::string>{"Autumn term 2027-09-01 2027-12-17 [2027-10-25 2027-10-29]"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(half_terms_and_bank_holidays_fit_terms_the_timetable_has_already) {
    const std::vector<console::IcsTerm> existing{{"Autumn term", date::local_days{date::year{2026} / 9 / 3},
                                                  date::local_days{date::year{2026} / 12 / 18}, {}}};
    const auto import = read(calendar(event("Half term", ";VALUE=DATE:20261026", ";VALUE=DATE:20261031") +
                                      event("Bank holiday (school closed)", ";VALUE=DATE:20261102")), existing);
    BOOST_TEST(import.terms.empty());
    BOOST_REQUIRE(import.half_terms_of_existing.size() == 1u);
    BOOST_TEST(console::date_text(import.half_terms_of_existing[0].last) == "2026-10-30");
    BOOST_TEST(closures_text(import) == std::vector<std::string>{"closure 2026-11-02 2026-11-02 Bank holiday (school closed)"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_half_term_in_no_term_is_not_imported) {
    const auto import = read(calendar(event("Half term", ";VALUE=DATE:20261026", ";VALUE=DATE:20261031")));
    BOOST_REQUIRE(import.skipped.size() == 1u);
    BOOST_TEST(import.skipped[0].reason == "a half term inside no term (of the file or the timetable)");
}

BOOST_AUTO_TEST_CASE(malformed_files_are_refused_with_a_sentence) {
    for (const std::string& text : {std::string{"not a calendar at all"}, std::string{""}, std::string{"BEGIN:VEVENT\r\nEND:VEVENT\r\n"},
                                   std::string{"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2"}, std::string{"\x00\x01\x02", 3}}) {
        const auto result = console::read_term_dates_ics(text);
        if (result.ok()) {
            // libical may accept a truncated calendar: then nothing in it is imported.
            BOOST_TEST(result.value().terms.empty());
            BOOST_TEST(result.value().closures.empty());
        } else {
            BOOST_TEST(!result.error().empty());
        }
    }
    BOOST_TEST(!console::read_term_dates_ics("not a calendar at all").ok());
}

BOOST_AUTO_TEST_CASE(a_file_not_in_utf8_is_refused) {
    // Windows-1252's e-acute in a SUMMARY: JSON (the confirm form's plan) holds only UTF-8, so this was a 500.
    const auto result = console::read_term_dates_ics(calendar(event("Caf\xe9 closed", ";VALUE=DATE:20270104")));
    BOOST_REQUIRE(!result.ok());
    BOOST_TEST(result.error().find("not UTF-8 text") != std::string::npos, result.error());
    BOOST_TEST(read(calendar(event("Caf\xc3\xa9 closed", ";VALUE=DATE:20270104"))).events == 1u);
}

BOOST_AUTO_TEST_CASE(an_event_inside_another_component_is_refused) {
    // The dates as written are checked per BEGIN:VEVENT line; a nested one would shift them onto the next event.
    const auto text = calendar("BEGIN:VTODO\r\nUID:todo@test\r\nDTSTAMP:20270101T000000Z\r\n" + event("Odd", ";VALUE=DATE:2027010X") +
                               "END:VTODO\r\n" + event("INSET day", ";VALUE=DATE:20270104"));
    const auto result = console::read_term_dates_ics(text);
    BOOST_REQUIRE(!result.ok());
    BOOST_TEST(result.error().find("BEGIN:VEVENT") != std::string::npos, result.error());
}

BOOST_AUTO_TEST_CASE(an_oversized_file_is_refused_before_it_is_parsed) {
    const std::string big = calendar(std::string(console::kMaxIcsBytes, 'X'));
    const auto result = console::read_term_dates_ics(big);
    BOOST_REQUIRE(!result.ok());
    BOOST_TEST(result.error().find("over the 32 KiB") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_confirm_form_carries_the_import_and_refuses_a_damaged_one) {
    const auto import = read(fixture());
    const auto back = console::import_from_json(console::import_json(import).dump());
    BOOST_REQUIRE(back.ok());
    BOOST_TEST(terms_text(back.value()) == terms_text(import), boost::test_tools::per_element());
    BOOST_TEST(closures_text(back.value()) == closures_text(import), boost::test_tools::per_element());
    for (const char* damaged : {"", "[]", "{\"terms\": 3}", "{\"terms\": [], \"half_terms\": [], \"closures\": [{\"kind\": \"party\"}]}",
                                "{\"terms\": [{\"name\": \"A\", \"first\": \"2027-02-30\", \"last\": \"2027-03-01\", \"half_terms\": []}], "
                                "\"half_terms\": [], \"closures\": []}"}) {
        BOOST_TEST(!console::import_from_json(damaged).ok(), damaged);
    }
}

BOOST_AUTO_TEST_SUITE_END()
