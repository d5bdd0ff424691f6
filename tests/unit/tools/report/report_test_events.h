#pragma once

#include <sstream>
#include <string>

#include "tools/report/event_reader.h"
#include "tools/report/report_model.h"

namespace schoolgate::tools::report::testing {

// A verdict line as the writer writes it, with the fields a test varies.
inline std::string verdict_line(const std::string& ts, const std::string& verdict, const std::string& service,
                                const std::string& extra = "") {
    return R"({"schema_version":1,"ts":")" + ts + R"(","event":"verdict","policy_generation":1,"flow_id":"0000000000000001",)"
           R"("transport":"tcp","src_ip":"10.20.0.50","src_port":50000,"dst_ip":"203.0.113.10","dst_port":443,)"
           R"("host":"www.)" + service + R"(.com","service":")" + service + R"(","role":"pupil","verdict":")" + verdict +
           R"(","rule":"pupils-never","reason":"Pupils may not.","school_time":")" + ts.substr(0, 23) +
           R"j(+00:00","period":"P2 (lesson)","packets":3)j" + extra + "}";
}

inline EventLog read_text(const std::string& text, const std::string& file = "events.jsonl") {
    std::istringstream in{text};
    EventLog log;
    read_event_stream(in, file, log);
    sort_chronologically(log);
    return log;
}

inline ReportModel model_of(const std::string& text) {
    auto log = read_text(text);
    auto events = std::move(log.events);
    return build_report(std::move(events), log);
}

}  // namespace schoolgate::tools::report::testing
