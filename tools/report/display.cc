#include "tools/report/display.h"

#include <cctype>

#include "tools/report/technique_names.h"

namespace schoolgate::tools::report {

std::string display_time(const ReportEvent& event) {
    const std::string& text = event.school_time.size() >= 19 ? event.school_time : event.ts_text;
    if (text.size() < 19) return text;
    return text.substr(0, 10) + " " + text.substr(11, 8);
}

std::string display_covered(const std::vector<ReportEvent>& events) {
    if (events.empty()) return "no events in that window";
    return "events from " + display_time(events.front()) + " to " + display_time(events.back()) + " (school time)";
}

std::string display_who(const ReportEvent& event) {
    std::string details = event.role.empty() ? "unknown role" : event.role;
    if (!event.device.empty()) details += ", device " + event.device;
    if (!event.src_ip.empty()) details += ", " + event.src_ip;
    if (!event.user.empty()) return event.user + " (" + details + ")";
    return details;
}

std::string display_destination(const ReportEvent& event) {
    if (!event.host.empty()) return event.host;
    if (event.dst_ip.empty()) return "";
    return event.dst_ip + (event.dst_port ? ":" + std::to_string(*event.dst_port) : "");
}

std::string display_verdict(const ReportEvent& event) {
    switch (event.kind) {
    case EventKind::Alert: return "ALERT";
    case EventKind::Gap: return "GAP";
    default: break;
    }
    std::string word = event.verdict.empty() ? "?" : event.verdict;
    for (auto& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return word;
}

std::string display_techniques(const ReportEvent& event) {
    std::string out;
    for (const auto& technique : event.techniques) {
        // An alert about repeated attempts says so already; naming it as a technique too is noise.
        if (event.kind == EventKind::Alert && technique == event.alert) continue;
        out += (out.empty() ? "" : ", ") + technique_title(technique);
    }
    return out;
}

std::string display_window(const ReportHeading& heading) {
    if (heading.since.empty() && heading.until.empty()) return "every event in the files";
    std::string out;
    if (!heading.since.empty()) out += "from " + heading.since;
    if (!heading.until.empty()) out += std::string{out.empty() ? "" : " "} + "until " + heading.until;
    return out + " (" + heading.zone + ")";
}

std::string plural(std::size_t count, std::string_view one, std::string_view many) {
    return std::to_string(count) + " " + std::string{count == 1 ? one : many};
}

}  // namespace schoolgate::tools::report
