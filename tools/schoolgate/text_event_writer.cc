#include "tools/schoolgate/text_event_writer.h"

#include <string>

namespace schoolgate::tools {

void TextEventWriter::record(const gateway::events::VerdictEvent& e) {
    // school_time is "YYYY-MM-DDTHH:MM:SS.mmm+hh:mm": show the local clock time.
    const std::string clock = e.school_time.size() >= 19 ? e.school_time.substr(11, 8) : e.school_time;
    std::string verdict{e.verdict};
    for (auto& c : verdict) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string who = e.role + (e.user.empty() ? "" : "/" + e.user);
    std::string what = e.host.empty() ? e.dst_ip.to_string() + ":" + std::to_string(e.dst_port) : e.host;
    std::string facts = (e.service.empty() ? "-" : e.service) + ", " + std::string{classifiers::host_source_name(e.host_source)};
    for (const auto& technique : e.techniques) facts += ", " + std::string{technique.name};
    std::fprintf(out_, "%s %-7s %-18s %-15s -> %-28s [%s] %s%s%s\n", clock.c_str(), verdict.c_str(), who.c_str(),
                 e.src_ip.to_string().c_str(), what.c_str(), facts.c_str(), e.rule.c_str(), e.period.empty() ? "" : ", ",
                 e.period.c_str());
}

void TextEventWriter::record(const gateway::events::AlertEvent& e) {
    const std::string clock = e.school_time.size() >= 19 ? e.school_time.substr(11, 8) : e.school_time;
    std::string who = e.role + (e.user.empty() ? "" : "/" + e.user);
    std::fprintf(out_, "%s ALERT   %-18s %-15s %s\n", clock.c_str(), who.c_str(), e.src_ip.to_string().c_str(),
                 e.reason.c_str());
}

}  // namespace schoolgate::tools
