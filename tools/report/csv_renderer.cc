#include "tools/report/csv_renderer.h"

#include "tools/report/csv_field.h"

namespace schoolgate::tools::report {

namespace {

const char* kind_name(EventKind kind) {
    switch (kind) {
    case EventKind::Verdict: return "verdict";
    case EventKind::Circumvention: return "circumvention";
    case EventKind::Alert: return "alert";
    case EventKind::Gap: return "gap";
    }
    return "?";
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ";") + item;
    return out;
}

std::string reason_of(const ReportEvent& e) {
    if (e.kind != EventKind::Gap) return e.reason;
    return std::to_string(e.lost) + (e.lost == 1 ? " event" : " events") + " lost since " + e.gap_since + " (" + e.cause + ")";
}

}  // namespace

void render_csv(const ReportModel& model, std::ostream& out) {
    out << csv_row({std::begin(kCsvColumns), std::end(kCsvColumns)});
    for (const auto& e : model.events) {
        out << csv_row({e.ts_text, e.school_time, e.period, kind_name(e.kind), e.user, e.device, e.role, e.src_ip,
                        e.dst_ip, e.dst_port ? std::to_string(*e.dst_port) : "", e.transport, e.host, e.service,
                        e.verdict, e.kind == EventKind::Alert ? e.alert : e.rule, joined(e.techniques), reason_of(e)});
    }
}

}  // namespace schoolgate::tools::report
