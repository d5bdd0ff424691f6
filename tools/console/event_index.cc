#include "tools/console/event_index.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "tools/report/event_parser.h"

namespace schoolgate::tools::console {

namespace {

constexpr std::size_t kBatchLines = 5000;
constexpr std::size_t kMaxLineBytes = 64 * 1024;

const char* kind_name(report::EventKind kind) {
    switch (kind) {
        case report::EventKind::Verdict: return "verdict";
        case report::EventKind::Circumvention: return "circumvention";
        case report::EventKind::Alert: return "alert";
        case report::EventKind::Gap: return "gap";
    }
    return "verdict";
}

IndexedEvent indexed(const report::ReportEvent& e) {
    IndexedEvent out;
    out.ts = std::chrono::duration_cast<std::chrono::seconds>(e.ts.time_since_epoch()).count();
    out.ts_text = e.ts_text;
    out.kind = kind_name(e.kind);
    out.user = e.user;
    out.device = e.device;
    out.role = e.role;
    out.src_ip = e.src_ip;
    out.host = e.host;
    out.service = e.service;
    out.verdict = e.verdict;
    out.rule = e.rule;
    out.reason = e.kind == report::EventKind::Gap ? "events lost: " + std::to_string(e.lost) + " (" + e.cause + ")" : e.reason;
    out.period = e.period;
    for (const auto& t : e.techniques) out.techniques += (out.techniques.empty() ? "" : ",") + t;
    out.alert = e.alert;
    return out;
}

// Reads whole lines from `offset` in batches; stores each batch with the offset after its last line.
bool ingest_file(Console& console, const std::string& path, IngestSummary& summary) {
    std::int64_t offset = 0;
    {
        std::lock_guard lock{console.mutex};
        auto stored = console.store->ingested_offset(path);
        if (!stored.ok()) return summary.error = stored.error(), false;
        offset = stored.value();
    }
    std::error_code ec;
    const auto size = static_cast<std::int64_t>(std::filesystem::file_size(path, ec));
    if (ec || size == offset) return true;
    if (size < offset) offset = 0;  // a new file under the old name
    std::ifstream in{path, std::ios::binary};
    in.seekg(offset);
    std::vector<IndexedEvent> batch;
    std::size_t lines = 0;
    std::string line;
    while (std::getline(in, line)) {
        if (in.eof()) break;  // no newline yet: the writer is mid-line
        offset += static_cast<std::int64_t>(line.size()) + 1;
        ++lines;
        const auto parsed = line.size() > kMaxLineBytes ? report::ParsedLine{report::MalformedLine{"too long"}}
                                                         : report::parse_event_line(line);
        if (const auto* event = std::get_if<report::ReportEvent>(&parsed)) batch.push_back(indexed(*event));
        if (std::holds_alternative<report::MalformedLine>(parsed)) ++summary.malformed;
        if (lines % kBatchLines == 0) {
            std::lock_guard lock{console.mutex};
            if (auto done = console.store->add_events(path, offset, batch); !done.ok()) return summary.error = done.error(), false;
            summary.events += batch.size();
            batch.clear();
        }
    }
    std::lock_guard lock{console.mutex};
    if (auto done = console.store->add_events(path, offset, batch); !done.ok()) return summary.error = done.error(), false;
    summary.events += batch.size();
    return true;
}

}  // namespace

IngestSummary ingest_events(Console& console) {
    IngestSummary summary;
    std::error_code ec;
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(console.config.events_directory, ec)) {
        if (entry.is_regular_file(ec) && entry.path().extension() == ".jsonl") files.push_back(entry.path().string());
    }
    if (ec) summary.error = console.config.events_directory + ": " + ec.message();
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        ++summary.files;
        if (!ingest_file(console, file, summary)) break;
    }
    std::lock_guard lock{console.mutex};
    const std::int64_t keep_from = console.now() - std::int64_t{console.config.retention_days} * 86400;
    if (auto forgot = console.store->forget_events_before(keep_from); !forgot.ok() && summary.error.empty()) summary.error = forgot.error();
    return summary;
}

}  // namespace schoolgate::tools::console
