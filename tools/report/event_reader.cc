#include "tools/report/event_reader.h"

#include <algorithm>

#include "tools/report/event_parser.h"
#include "tools/report/limits.h"
#include "tools/report/line_reader.h"

namespace schoolgate::tools::report {

namespace {

bool blank(const std::string& line) {
    return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

}  // namespace

std::size_t EventLog::unknown_total() const noexcept {
    std::size_t total = 0;
    for (const auto& [kind, count] : unknown_kinds) total += count;
    return total;
}

void read_event_stream(std::istream& in, const std::string& file, EventLog& log) {
    log.files.push_back(file);
    BoundedLineReader reader{in, limits::kMaxLineBytes};
    std::string line;
    while (true) {
        const auto status = reader.next(line);
        if (status == LineStatus::End) break;
        ++log.lines;
        if (status == LineStatus::TooLong) {
            log.skipped.push_back({file, reader.line_number(),
                                   "longer than " + std::to_string(limits::kMaxLineBytes) + " bytes (not an event line)"});
            continue;
        }
        if (blank(line)) {
            --log.lines;
            continue;
        }
        auto parsed = parse_event_line(line);
        if (auto* event = std::get_if<ReportEvent>(&parsed)) {
            log.events.push_back(std::move(*event));
        } else if (const auto* unknown = std::get_if<UnknownKind>(&parsed)) {
            // Kinds are names from the file: bound how many distinct ones a hostile file can make us keep.
            const bool known = log.unknown_kinds.count(unknown->kind) > 0;
            const bool room = log.unknown_kinds.size() < limits::kMaxUnknownKinds;
            ++log.unknown_kinds[known || room ? unknown->kind.substr(0, 64) : std::string{"(other kinds)"}];
        } else {
            auto reason = std::get<MalformedLine>(parsed).reason;
            if (status == LineStatus::LastLine) reason += "; it is the last line and has no newline: the writer was cut off";
            log.skipped.push_back({file, reader.line_number(), std::move(reason)});
        }
    }
}

void sort_chronologically(EventLog& log) {
    std::stable_sort(log.events.begin(), log.events.end(),
                     [](const ReportEvent& a, const ReportEvent& b) { return a.ts < b.ts; });
}

}  // namespace schoolgate::tools::report
