#include "tools/report/report_model.h"

#include <algorithm>

#include "tools/report/utc_time.h"

namespace schoolgate::tools::report {

namespace {

class Counter {
public:
    void add(const std::string& key) { ++counts_[key]; }
    Tally sorted() const {
        Tally out{counts_.begin(), counts_.end()};
        // map order already sorts names; stable_sort keeps it within equal counts.
        std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        return out;
    }

private:
    std::map<std::string, std::size_t> counts_;
};

std::string or_none(const std::string& value, const char* none) { return value.empty() ? none : value; }

// The school-local day of an event ("2026-03-04"); the UTC one if the event has no school time.
std::string local_day(const ReportEvent& event) {
    return std::string{date_part(event.school_time.size() >= 10 ? event.school_time : event.ts_text)};
}

std::string local_hour(const ReportEvent& event) {
    const std::string& text = event.school_time.size() >= 13 ? event.school_time : event.ts_text;
    return text.size() >= 13 ? text.substr(11, 2) + ":00" : "?";
}

void count_into(std::map<std::string, TimelineBucket>& buckets, const std::string& label, const ReportEvent& e) {
    auto& bucket = buckets[label];
    bucket.label = label;
    if (e.kind == EventKind::Circumvention) ++bucket.circumvention;
    else if (e.verdict == "block") ++bucket.blocked;
    if (e.verdict == "monitor") ++bucket.monitored;
}

std::vector<TimelineBucket> values(const std::map<std::string, TimelineBucket>& buckets) {
    std::vector<TimelineBucket> out;
    for (const auto& [label, bucket] : buckets) out.push_back(bucket);
    return out;
}

}  // namespace

std::string device_key(const ReportEvent& event) {
    if (!event.device.empty()) return event.device;
    return or_none(event.src_ip, "(unknown address)") + " (no device label)";
}

ReportModel build_report(std::vector<ReportEvent> events, const EventLog& log) {
    ReportModel model;
    Counter by_service, by_role, by_period, monitored_service, monitored_user, techniques, users, devices;
    std::map<std::string, TimelineBucket> days, hours;
    for (const auto& e : events) {
        switch (e.kind) {
        case EventKind::Alert: ++model.alerts; continue;
        case EventKind::Gap:
            ++model.gaps;
            model.events_lost += std::max<std::int64_t>(e.lost, 0);
            continue;
        case EventKind::Circumvention: ++model.circumvention; break;
        case EventKind::Verdict: break;
        }
        ++model.verdicts;
        if (e.verdict == "block") {
            ++model.blocked;
            by_service.add(or_none(e.service, "(not a listed service)"));
            by_role.add(or_none(e.role, "unknown"));
            by_period.add(or_none(e.period, "outside timetabled periods"));
        } else if (e.verdict == "monitor") {
            ++model.monitored;
            monitored_service.add(or_none(e.service, "(not a listed service)"));
            monitored_user.add(e.user.empty() ? device_key(e) : e.user);
        } else if (e.verdict == "allow") {
            ++model.allowed;
        }
        for (const auto& technique : e.techniques) techniques.add(technique);
        if (is_attempt(e)) {
            ++model.attempts;
            if (!e.user.empty()) users.add(e.user);
            devices.add(device_key(e));
        }
        count_into(days, local_day(e), e);
        count_into(hours, local_hour(e), e);
    }
    model.blocks_by_service = by_service.sorted();
    model.blocks_by_role = by_role.sorted();
    model.blocks_by_period = by_period.sorted();
    model.monitored_by_service = monitored_service.sorted();
    model.monitored_by_user = monitored_user.sorted();
    model.circumvention_by_technique = techniques.sorted();
    model.attempts_by_user = users.sorted();
    model.attempts_by_device = devices.sorted();
    model.by_day = values(days);
    if (days.size() == 1) model.by_hour = values(hours);
    model.events = std::move(events);
    model.files = log.files;
    model.lines = log.lines;
    model.skipped = log.skipped;
    model.unknown_kinds = log.unknown_kinds;
    model.unknown_kind_lines = log.unknown_total();
    return model;
}

}  // namespace schoolgate::tools::report
