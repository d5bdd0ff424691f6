#include "tools/console/ics_import.h"

#include <libical/ical.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

namespace schoolgate::tools::console {

namespace {

using Read = Result<IcsImport, std::string>;

struct CalendarFree {
    void operator()(icalcomponent* c) const noexcept { icalcomponent_free(c); }
};

std::string lower(std::string_view text) {
    std::string out{text};
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool has(const std::string& text, std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return text.find(w) != std::string::npos; });
}

date::local_days day_of(const icaltimetype& t) {
    return date::local_days{date::year{t.year} / static_cast<unsigned>(t.month) / static_cast<unsigned>(t.day)};
}

bool valid_date(const icaltimetype& t) {
    return !icaltime_is_null_time(t) && (date::year{t.year} / static_cast<unsigned>(t.month) / static_cast<unsigned>(t.day)).ok();
}

bool is_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// RFC 5545's DATE (YYYYMMDD) or DATE-TIME (YYYYMMDDTHHMMSS[Z]) exactly.
bool date_value(std::string_view v) {
    if (v.size() == 8) return is_digits(v);
    if (v.size() != 15 && v.size() != 16) return false;
    return is_digits(v.substr(0, 8)) && v[8] == 'T' && is_digits(v.substr(9, 6)) && (v.size() == 15 || v[15] == 'Z');
}

// libical reads some malformed dates leniently ("2028-07-2X" as 2 July): each VEVENT's DTSTART and DTEND
// are checked as written first. One entry per VEVENT in file order: "" or what is wrong.
std::vector<std::string> written_date_mistakes(std::string_view folded) {
    std::string text;  // unfolded: a line break followed by a space or tab continues the line (RFC 5545 3.1)
    for (std::size_t i = 0; i < folded.size(); ++i) {
        if (folded[i] == '\r' && i + 2 < folded.size() && folded[i + 1] == '\n' && (folded[i + 2] == ' ' || folded[i + 2] == '\t')) {
            i += 2;
        } else if (folded[i] == '\n' && i + 1 < folded.size() && (folded[i + 1] == ' ' || folded[i + 1] == '\t')) {
            i += 1;
        } else {
            text += folded[i];
        }
    }
    std::vector<std::string> mistakes;
    bool in_event = false;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        std::string line{text.substr(at, end - at)};
        at = end + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string lowered = lower(line);
        if (lowered == "begin:vevent") {
            in_event = true;
            mistakes.emplace_back();
        } else if (lowered == "end:vevent") {
            in_event = false;
        } else if (in_event && (lowered.rfind("dtstart", 0) == 0 || lowered.rfind("dtend", 0) == 0) && mistakes.back().empty()) {
            const auto colon = line.rfind(':');
            const auto value = colon == std::string::npos ? std::string{} : line.substr(colon + 1);
            if (!date_value(value)) {
                mistakes.back() = "malformed: " + line.substr(0, line.find_first_of(";:")) + " '" + value +
                                  "' is not a date (YYYYMMDD) or a date and time (YYYYMMDDTHHMMSS)";
            }
        }
    }
    return mistakes;
}

// Whether `text` is UTF-8 (RFC 5545 3.1.4): what the preview shows and carries on is JSON, which holds
// only UTF-8, so a Windows-1252 file is refused here rather than failing later. nlohmann's own check.
bool utf8_text(std::string_view text) {
    try {
        (void)nlohmann::json(std::string{text}).dump();
        return true;
    } catch (const nlohmann::json::type_error&) {
        return false;
    }
}

// The VEVENTs libical sees directly in the calendar: the only ones the import reads.
std::size_t direct_events(icalcomponent* root) { return static_cast<std::size_t>(icalcomponent_count_components(root, ICAL_VEVENT_COMPONENT)); }

// One event as the mapping sees it: its summary and the days it covers (inclusive).
struct Event {
    std::string summary;
    date::local_days first;
    date::local_days last;
};

std::string dates_of(date::local_days first, date::local_days last) {
    return first == last ? date_text(first) : date_text(first) + " to " + date_text(last);
}

// The first libical error the parser left in the event (X-LIC-ERROR), or "".
std::string parse_error(icalcomponent* event) {
    icalproperty* error = icalcomponent_get_first_property(event, ICAL_XLICERROR_PROPERTY);
    return error ? std::string{icalproperty_get_xlicerror(error)} : std::string{};
}

// The days an event covers, or the reason it is malformed. An all-day DTEND is the day after the last;
// a timed event ends on DTEND's date, the day before when it ends at midnight.
std::optional<Event> event_days(icalcomponent* event, std::string& why) {
    const char* summary = icalcomponent_get_summary(event);
    Event out{summary ? summary : "", {}, {}};
    const icaltimetype start = icalcomponent_get_dtstart(event);
    if (!valid_date(start)) {
        const auto error = parse_error(event);
        why = "malformed: " + (error.empty() ? std::string{"no valid DTSTART"} : error);
        return std::nullopt;
    }
    if (const auto error = parse_error(event); !error.empty()) {
        why = "malformed: " + error;  // a line libical could not read (a bad RRULE) was dropped: not half an event
        return std::nullopt;
    }
    out.first = out.last = day_of(start);
    const icaltimetype end = icalcomponent_get_dtend(event);
    if (valid_date(end)) {
        const bool midnight = end.is_date || (end.hour == 0 && end.minute == 0 && end.second == 0);
        out.last = day_of(end) - date::days{midnight ? 1 : 0};
        if (out.last < out.first) out.last = out.first;  // a zero-length all-day event: the one day
    }
    if (out.last - out.first > date::days{200}) {
        why = "malformed: it lasts more than 200 days (" + dates_of(out.first, out.last) + ")";
        return std::nullopt;
    }
    return out;
}

// "autumn", "spring" or "summer" when the summary names one of those terms, else "".
std::string season_of(const std::string& summary) {
    for (const char* season : {"autumn", "spring", "summer"}) {
        if (summary.find(std::string{season} + " term") != std::string::npos) return season;
    }
    return "";
}

std::string term_name(const std::string& season) {
    return std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(season[0])))) + season.substr(1) + " term";
}

// A term's first or last day on its own ("Autumn term starts"), kept until its partner is found.
struct TermMark {
    std::string season;
    date::local_days day;
    bool start;
    std::string summary;
};

struct Mapping {
    IcsImport import;
    std::vector<TermMark> marks;
    std::vector<Event> half_terms;
    std::vector<Event> bank_holidays;
    std::vector<Event> insets;
    std::size_t repeating_read = 0;  ///< repeating events expanded so far (map_repeats)
};

void map_term(Mapping& m, const Event& e, const std::string& s, const std::string& season) {
    const bool starts = has(s, {"start", "begin", "open", "first day"});
    const bool ends = has(s, {" end", "finish", "close", "last day"});
    if (starts != ends) {
        m.marks.push_back({season, starts ? e.first : e.last, starts, e.summary});
    } else if (e.first != e.last) {
        m.import.terms.push_back({term_name(season), e.first, e.last, {}});
    } else {
        m.import.skipped.push_back({e.summary, dates_of(e.first, e.last),
                                    "a term of one day: give the term as one event from its first to its last day, or "
                                    "as a '... term starts' and a '... term ends' event"});
    }
}

void map_event(Mapping& m, const Event& e) {
    const std::string s = lower(e.summary);
    if (has(s, {"half term", "half-term"})) {
        m.half_terms.push_back(e);
    } else if (has(s, {"inset", "training day", "staff development"})) {
        m.insets.push_back(e);
    } else if (has(s, {"bank holiday", "christmas day", "boxing day", "new year", "good friday", "easter monday"})) {
        m.bank_holidays.push_back(e);
    } else if (const auto season = season_of(s); !season.empty()) {
        map_term(m, e, s, season);
    } else if (has(s, {"holiday", "vacation"})) {
        m.import.skipped.push_back({e.summary, dates_of(e.first, e.last),
                                    "a holiday between terms: the days outside every term are holidays already"});
    } else {
        m.import.skipped.push_back({e.summary, dates_of(e.first, e.last),
                                    "not a term, half term, INSET day or bank holiday by its summary (the rules: docs/console.md)"});
    }
}

// Each "... term starts" with the first "... term ends" of the same term after it.
void pair_marks(Mapping& m) {
    std::sort(m.marks.begin(), m.marks.end(), [](const TermMark& a, const TermMark& b) { return a.day < b.day; });
    std::vector<bool> used(m.marks.size(), false);
    for (std::size_t i = 0; i < m.marks.size(); ++i) {
        if (!m.marks[i].start) continue;
        std::size_t j = i + 1;
        while (j < m.marks.size() && (m.marks[j].start || used[j] || m.marks[j].season != m.marks[i].season)) ++j;
        if (j == m.marks.size()) continue;
        used[i] = used[j] = true;
        m.import.terms.push_back({term_name(m.marks[i].season), m.marks[i].day, m.marks[j].day, {}});
    }
    for (std::size_t i = 0; i < m.marks.size(); ++i) {
        if (used[i]) continue;
        m.import.skipped.push_back({m.marks[i].summary, date_text(m.marks[i].day),
                                    m.marks[i].start ? "the start of a term with no end after it" : "the end of a term with no start before it"});
    }
}

template <typename Terms>
auto term_holding(Terms& terms, date::local_days first, date::local_days last) -> decltype(&terms.front()) {
    for (auto& t : terms) {
        if (t.first <= first && last <= t.last) return &t;
    }
    return nullptr;
}

bool in_half_term(const IcsTerm& term, const std::vector<IcsHalfTerm>& loose, const Event& e) {
    const auto inside = [&](const IcsHalfTerm& h) { return h.first <= e.first && e.last <= h.last; };
    return std::any_of(term.half_terms.begin(), term.half_terms.end(), inside) || std::any_of(loose.begin(), loose.end(), inside);
}

void place_in_terms(Mapping& m, const std::vector<IcsTerm>& existing) {
    std::sort(m.import.terms.begin(), m.import.terms.end(), [](const IcsTerm& a, const IcsTerm& b) { return a.first < b.first; });
    for (const auto& e : m.half_terms) {
        if (auto* mine = term_holding(m.import.terms, e.first, e.last)) {
            mine->half_terms.push_back({e.first, e.last});
        } else if (term_holding(existing, e.first, e.last)) {
            m.import.half_terms_of_existing.push_back({e.first, e.last});
        } else {
            m.import.skipped.push_back({e.summary, dates_of(e.first, e.last), "a half term inside no term (of the file or the timetable)"});
        }
    }
    for (const auto* days_off : {&m.insets, &m.bank_holidays}) {
        const bool inset = days_off == &m.insets;
        for (const auto& e : *days_off) {
            const auto* term = term_holding(m.import.terms, e.first, e.last);
            if (!term) term = term_holding(existing, e.first, e.last);
            if (!term) {
                m.import.skipped.push_back({e.summary, dates_of(e.first, e.last), "outside every term: no school that day already"});
            } else if (in_half_term(*term, m.import.half_terms_of_existing, e)) {
                m.import.skipped.push_back({e.summary, dates_of(e.first, e.last), "in half term: no school that day already"});
            } else {
                m.import.closures.push_back({e.summary, inset ? "inset" : "closure", e.first, e.last});
            }
        }
    }
}

// Whether a summary names something the import maps (a term, a half term, an INSET day, a bank holiday):
// only such a repeating event is worth its dates; a weekly meeting is listed once, not once a week.
bool school_calendar(const std::string& summary) {
    const std::string s = lower(summary);
    return has(s, {"half term", "half-term", "inset", "training day", "staff development", "bank holiday", "christmas day",
                   "boxing day", "new year", "good friday", "easter monday"}) ||
           !season_of(s).empty();
}

struct RecurFree {
    void operator()(icalrecur_iterator* i) const noexcept { icalrecur_iterator_free(i); }
};

// A repeating event's days (RRULE from DTSTART, less its EXDATEs), each as long as the first, up to
// kRepeatYears after the first and at most kRepeats of them: a term-dates file repeats a bank holiday or an
// INSET day yearly, and an event that repeats for ever is cut there (and says so).
constexpr int kRepeatYears = 3;
constexpr std::size_t kRepeats = 60;
constexpr std::size_t kOccurrencesAsked = 4 * kRepeats;

// libical looks for a rule that never matches (BYMONTH=2;BYMONTHDAY=30) for up to half a second: a file's
// repeating events are expanded up to this many, so an upload cannot hold the console's lock for long.
constexpr std::size_t kRepeatingEvents = 16;

void map_repeats(Mapping& m, icalcomponent* e, const Event& first) {
    const icalrecurrencetype rule = icalproperty_get_rrule(icalcomponent_get_first_property(e, ICAL_RRULE_PROPERTY));
    const auto dates = dates_of(first.first, first.last);
    if (rule.freq == ICAL_NO_RECURRENCE) return m.import.skipped.push_back({first.summary, dates, "malformed: its RRULE does not read"});
    const bool within_a_day = rule.by_hour[0] != ICAL_RECURRENCE_ARRAY_MAX || rule.by_minute[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                              rule.by_second[0] != ICAL_RECURRENCE_ARRAY_MAX;  // FREQ=DAILY;BYHOUR=0,...,23: 24 a day
    if (within_a_day || rule.freq == ICAL_SECONDLY_RECURRENCE || rule.freq == ICAL_MINUTELY_RECURRENCE ||
        rule.freq == ICAL_HOURLY_RECURRENCE) {
        return m.import.skipped.push_back({first.summary, dates, "repeats within a day (RRULE FREQ=" +
                                           std::string{icalrecur_freq_to_string(rule.freq)} +
                                           (within_a_day ? " with BYHOUR, BYMINUTE or BYSECOND" : "") + "): give its dates as events"});
    }
    if (++m.repeating_read > kRepeatingEvents) {
        return m.import.skipped.push_back({first.summary, dates, "one repeating event too many (the import reads " +
                                           std::to_string(kRepeatingEvents) + "): give its dates as events"});
    }
    std::vector<date::local_days> excluded;
    for (icalproperty* x = icalcomponent_get_first_property(e, ICAL_EXDATE_PROPERTY); x;
         x = icalcomponent_get_next_property(e, ICAL_EXDATE_PROPERTY)) {
        if (const auto t = icalproperty_get_exdate(x); valid_date(t)) excluded.push_back(day_of(t));
    }
    const auto length = first.last - first.first;
    const auto horizon = date::local_days{date::year_month_day{first.first} + date::years{kRepeatYears}};
    std::unique_ptr<icalrecur_iterator, RecurFree> next{icalrecur_iterator_new(rule, icalcomponent_get_dtstart(e))};
    std::size_t taken = 0;
    date::local_days previous{};
    std::size_t asked = 0;  // every occurrence libical gives counts, excluded ones too: EXDATEs cannot stretch it
    for (icaltimetype t = next ? icalrecur_iterator_next(next.get()) : icaltime_null_time(); valid_date(t);
         t = icalrecur_iterator_next(next.get())) {
        const auto day = day_of(t);
        if (day > horizon || taken == kRepeats || ++asked > kOccurrencesAsked) {
            m.import.skipped.push_back({first.summary, "from " + date_text(day),
                                        "repeats on: only its dates up to " + std::to_string(kRepeatYears) + " years after the first (at most " +
                                            std::to_string(kRepeats) + ") are read"});
            return;
        }
        if (std::find(excluded.begin(), excluded.end(), day) != excluded.end() || (taken > 0 && day == previous)) continue;
        previous = day;  // an hourly rule on a day: the day once
        ++taken;
        map_event(m, {first.summary, day, day + length});
    }
}

}  // namespace

std::string date_text(date::local_days day) { return date::format("%F", day); }

Read read_term_dates_ics(std::string_view text, const std::vector<IcsTerm>& existing_terms) {
    if (text.size() > kMaxIcsBytes) {
        return Read::failure("the file is " + std::to_string(text.size()) + " bytes, over the " + std::to_string(kMaxIcsBytes / 1024) +
                             " KiB a term-dates file needs (is it the right file?)");
    }
    if (text.find('\0') != std::string_view::npos) return Read::failure("this is not an iCalendar file (it holds binary bytes)");
    if (!utf8_text(text)) {
        return Read::failure("the file is not UTF-8 text (it may be saved as Windows-1252): export the term dates again as "
                             "UTF-8 .ics");
    }
    icalerror_set_errors_are_fatal(0);
    const std::string terminated{text};
    std::unique_ptr<icalcomponent, CalendarFree> root{icalparser_parse_string(terminated.c_str())};
    if (!root || icalcomponent_isa(root.get()) != ICAL_VCALENDAR_COMPONENT) {
        return Read::failure("this is not an iCalendar file (no BEGIN:VCALENDAR ... END:VCALENDAR): export the term dates as .ics");
    }
    const auto mistakes = written_date_mistakes(text);
    // The dates are checked as written per BEGIN:VEVENT line, in file order: they match libical's events only
    // when every VEVENT is directly in the calendar.
    if (mistakes.size() != direct_events(root.get())) {
        return Read::failure("malformed: the file has " + std::to_string(mistakes.size()) + " BEGIN:VEVENT lines but " +
                             std::to_string(direct_events(root.get())) + " events directly in the calendar (an event inside "
                             "another component, or one not closed): export the term dates again");
    }
    Mapping m;
    for (icalcomponent* e = icalcomponent_get_first_component(root.get(), ICAL_VEVENT_COMPONENT); e;
         e = icalcomponent_get_next_component(root.get(), ICAL_VEVENT_COMPONENT)) {
        ++m.import.events;
        std::string why;
        const char* summary = icalcomponent_get_summary(e);
        const std::size_t index = m.import.events - 1;
        if (index < mistakes.size() && !mistakes[index].empty()) {
            m.import.skipped.push_back({summary ? summary : "(no summary)", "", mistakes[index]});
        } else if (auto event = event_days(e, why)) {
            const bool repeats = icalcomponent_get_first_property(e, ICAL_RRULE_PROPERTY) != nullptr;
            if (repeats && school_calendar(event->summary)) {
                map_repeats(m, e, *event);
            } else {
                map_event(m, *event);  // a weekly meeting: listed once, by its first date
            }
        } else {
            m.import.skipped.push_back({summary ? summary : "(no summary)", "", why});
        }
    }
    pair_marks(m);
    place_in_terms(m, existing_terms);
    return Read::success(std::move(m.import));
}

}  // namespace schoolgate::tools::console
