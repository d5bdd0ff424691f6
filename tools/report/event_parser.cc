#include "tools/report/event_parser.h"

#include <nlohmann/json.hpp>

#include "tools/report/utc_time.h"

namespace schoolgate::tools::report {

namespace {

using nlohmann::json;

// Reads the fields an event may have. A field that is present with the wrong type makes the line
// malformed (the report would otherwise silently misattribute it); an absent one stays empty.
class FieldReader {
public:
    explicit FieldReader(const json& object) : object_{object} {}

    void text(const char* key, std::string& out) {
        const auto it = object_.find(key);
        if (it == object_.end()) return;
        if (!it->is_string()) return fail(key, "a string");
        out = it->get_ref<const std::string&>();
    }
    void integer(const char* key, std::int64_t& out) {
        const auto it = object_.find(key);
        if (it == object_.end()) return;
        if (!it->is_number_integer()) return fail(key, "an integer");
        out = it->get<std::int64_t>();
    }
    void optional_integer(const char* key, std::optional<std::int64_t>& out) {
        std::int64_t value = 0;
        if (object_.find(key) == object_.end()) return;
        integer(key, value);
        if (error_.empty()) out = value;
    }
    void texts(const char* key, std::vector<std::string>& out) {
        const auto it = object_.find(key);
        if (it == object_.end()) return;
        if (!it->is_array()) return fail(key, "a list of strings");
        for (const auto& item : *it) {
            if (!item.is_string()) return fail(key, "a list of strings");
            out.push_back(item.get<std::string>());
        }
    }
    const std::string& error() const noexcept { return error_; }

private:
    void fail(const char* key, const char* wanted) {
        if (error_.empty()) error_ = std::string{"'"} + key + "' is not " + wanted;
    }

    const json& object_;
    std::string error_;
};

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ";") + item;
    return out;
}

ParsedLine parse_object(const json& object) {
    const auto kind_it = object.find("event");
    if (kind_it == object.end() || !kind_it->is_string()) return MalformedLine{"no 'event' field"};
    const auto& kind = kind_it->get_ref<const std::string&>();
    ReportEvent event;
    if (kind == "verdict") event.kind = EventKind::Verdict;
    else if (kind == "circumvention") event.kind = EventKind::Circumvention;
    else if (kind == "alert") event.kind = EventKind::Alert;
    else if (kind == "gap") event.kind = EventKind::Gap;
    else return UnknownKind{kind};

    FieldReader fields{object};
    fields.text("ts", event.ts_text);
    const auto ts = parse_event_ts(event.ts_text);
    if (!ts) return MalformedLine{"'ts' is missing or not an RFC 3339 UTC time"};
    event.ts = *ts;
    fields.text("school_time", event.school_time);
    fields.text("period", event.period);
    fields.text("user", event.user);
    fields.text("device", event.device);
    fields.text("role", event.role);
    fields.text("src_ip", event.src_ip);
    fields.text("dst_ip", event.dst_ip);
    fields.optional_integer("dst_port", event.dst_port);
    fields.text("transport", event.transport);
    fields.text("host", event.host);
    fields.text("verdict", event.verdict);
    fields.text("rule", event.rule);
    fields.text("reason", event.reason);
    fields.texts("techniques", event.techniques);
    if (event.kind == EventKind::Alert) {
        std::vector<std::string> services;
        fields.texts("services", services);
        event.service = joined(services);
        fields.text("alert", event.alert);
        fields.integer("attempts", event.attempts);
    } else {
        fields.text("service", event.service);
    }
    if (event.kind == EventKind::Gap) {
        fields.text("since", event.gap_since);
        fields.integer("lost", event.lost);
        fields.text("cause", event.cause);
        // A gap without a readable start covers at least the moment it was written.
        event.gap_since_ts = parse_event_ts(event.gap_since).value_or(event.ts);
    }
    if (!fields.error().empty()) return MalformedLine{fields.error()};
    return event;
}

}  // namespace

ParsedLine parse_event_line(std::string_view line) noexcept {
    try {
        // allow_exceptions = false: a parse error gives a discarded value instead of throwing.
        const json object = json::parse(line.begin(), line.end(), nullptr, false);
        if (object.is_discarded()) return MalformedLine{"not valid JSON (cut short by a crash, or not an event file?)"};
        if (!object.is_object()) return MalformedLine{"not a JSON object"};
        return parse_object(object);
    } catch (const std::exception& e) {
        // Reached only for what nlohmann still throws with exceptions off (e.g. out of memory on a
        // hostile line); keep going with the next line.
        return MalformedLine{std::string{"unreadable: "} + e.what()};
    }
}

}  // namespace schoolgate::tools::report
