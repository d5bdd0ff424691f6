#include "config/yaml/timetable_reader.h"

#include <array>

#include "config/yaml/yaml_file.h"
#include "config/yaml/yaml_reader.h"

namespace schoolgate::config::yaml {

namespace {

using timetable::Written;

constexpr std::array<std::string_view, 7> kWeekdayKeys = {"monday", "tuesday", "wednesday", "thursday",
                                                          "friday", "saturday", "sunday"};

std::string indexed(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

Written written_at(MapReader& reader, const YAML::Node& node, std::string text = "") {
    const auto mark = reader.mark_of(node);
    return {std::move(text), mark.line, mark.column};
}

Written written(MapReader& reader, std::string_view key, bool required = true) {
    auto text = reader.get_string(key, required);
    return written_at(reader, reader.get(key), text.value_or(""));
}

std::optional<Written> optional_written(MapReader& reader, std::string_view key) {
    if (!reader.get(key).IsDefined()) return std::nullopt;
    return written(reader, key, false);
}

bool is_list(const YAML::Node& node, const std::string& path, const std::string& file, const char* example,
             ConfigErrors& errors) {
    if (node.IsSequence()) return true;
    errors.push_back(error_at(node, file, path, std::string{"must be a list, each item like '- "} + example + "'"));
    return false;
}

void read_periods(const YAML::Node& node, const std::string& path, const std::string& file,
                  timetable::DayModel& day, ConfigErrors& errors) {
    if (!is_list(node, path, file, "{name: P1, start: \"09:00\", end: \"10:00\", kind: lesson}", errors)) return;
    for (std::size_t i = 0; i < node.size(); ++i) {
        MapReader reader{node[i], indexed(path, i), file, errors, {"name", "start", "end", "kind"}};
        if (!reader.valid()) continue;
        day.periods.push_back({written(reader, "name"), written(reader, "start"), written(reader, "end"),
                               written(reader, "kind"), written_at(reader, node[i])});
    }
}

void read_days(const YAML::Node& node, const std::string& file, timetable::TimetableModel& model, ConfigErrors& errors) {
    if (!node.IsMap()) {
        errors.push_back(error_at(node, file, "timetable.days",
                                  "must be a mapping of day schedule names to lists of periods (e.g. standard: [...])"));
        return;
    }
    for (const auto& entry : node) {
        const std::string name = entry.first.as<std::string>("");
        const auto located = error_at(entry.first, file, "", "");
        timetable::DayModel day{{name, located.line, located.column}, {}};
        read_periods(entry.second, "timetable.days." + name, file, day, errors);
        model.days.push_back(std::move(day));
    }
}

std::optional<timetable::WeekModel> read_week(const YAML::Node& node, const std::string& path, const std::string& file,
                                              ConfigErrors& errors) {
    MapReader reader{node, path, file, errors, {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}};
    if (!reader.valid()) return std::nullopt;
    timetable::WeekModel week;
    week.at = written_at(reader, node);
    for (std::size_t d = 0; d < kWeekdayKeys.size(); ++d) week.days[d] = optional_written(reader, kWeekdayKeys[d]);
    return week;
}

void read_weeks(MapReader& top, const YAML::Node& node, const std::string& file, timetable::TimetableModel& model,
                ConfigErrors& errors) {
    const YAML::Node single = top.get("week");
    const YAML::Node cycle = top.get("weeks");
    if (single.IsDefined() && cycle.IsDefined()) {
        top.error(cycle, "timetable.weeks", "use either week: or weeks:, not both (weeks: is for a Week A/B cycle)");
        return;
    }
    if (single.IsDefined()) {
        if (auto week = read_week(single, "timetable.week", file, errors)) model.weeks.push_back(std::move(*week));
        return;
    }
    if (!cycle.IsDefined()) {
        top.error(node, "timetable.week",
                  "is required but missing (add week: {monday: standard, ...}, or weeks: for a Week A/B cycle)");
        return;
    }
    MapReader reader{cycle, "timetable.weeks", file, errors, {"starts", "cycle"}};
    if (!reader.valid()) return;
    model.cycle_starts = written(reader, "starts");
    const YAML::Node weeks = reader.get("cycle", true);
    if (!weeks.IsDefined() || !is_list(weeks, "timetable.weeks.cycle", file, "{monday: a-monday, ...}", errors)) return;
    if (weeks.size() == 0) reader.error(weeks, "timetable.weeks.cycle", "is empty (list each week of the cycle, Week A first)");
    for (std::size_t w = 0; w < weeks.size(); ++w) {
        auto week = read_week(weeks[w], indexed("timetable.weeks.cycle", w), file, errors);
        if (week) model.weeks.push_back(std::move(*week));
    }
}

void read_terms(const YAML::Node& node, const std::string& file, timetable::TimetableModel& model, ConfigErrors& errors) {
    if (!is_list(node, "timetable.terms", file, "{name: Autumn term, start: 2025-09-03, end: 2025-12-19}", errors)) return;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string path = indexed("timetable.terms", i);
        MapReader reader{node[i], path, file, errors, {"name", "start", "end", "half_terms"}};
        if (!reader.valid()) continue;
        timetable::TermModel term{written(reader, "name"), written(reader, "start"), written(reader, "end"), {},
                                  written_at(reader, node[i])};
        const YAML::Node halves = reader.get("half_terms");
        if (halves.IsDefined() && is_list(halves, path + ".half_terms", file, "{start: 2025-10-27, end: 2025-10-31}", errors)) {
            for (std::size_t h = 0; h < halves.size(); ++h) {
                MapReader half{halves[h], indexed(path + ".half_terms", h), file, errors, {"start", "end"}};
                if (!half.valid()) continue;
                term.half_terms.push_back({written(half, "start"), written(half, "end"), written_at(half, halves[h])});
            }
        }
        model.terms.push_back(std::move(term));
    }
}

void read_closures(const YAML::Node& node, const std::string& file, timetable::TimetableModel& model, ConfigErrors& errors) {
    if (!is_list(node, "timetable.closures", file, "{date: 2026-11-27, name: INSET day, kind: inset}", errors)) return;
    for (std::size_t i = 0; i < node.size(); ++i) {
        MapReader reader{node[i], indexed("timetable.closures", i), file, errors, {"date", "until", "name", "kind"}};
        if (!reader.valid()) continue;
        model.closures.push_back({written(reader, "date"), optional_written(reader, "until"),
                                  optional_written(reader, "name"), written(reader, "kind"), written_at(reader, node[i])});
    }
}

void read_special_days(const YAML::Node& node, const std::string& file, timetable::TimetableModel& model,
                       ConfigErrors& errors) {
    if (!is_list(node, "timetable.special_days", file, "{date: 2026-07-22, day: early-finish}", errors)) return;
    for (std::size_t i = 0; i < node.size(); ++i) {
        MapReader reader{node[i], indexed("timetable.special_days", i), file, errors, {"date", "day"}};
        if (!reader.valid()) continue;
        model.special_days.push_back({written(reader, "date"), written(reader, "day"), written_at(reader, node[i])});
    }
}

}  // namespace

timetable::TimetableModel read_timetable(const YAML::Node& node, const std::string& file, ConfigErrors& errors) {
    timetable::TimetableModel model;
    model.file = file;
    MapReader top{node, "timetable", file, errors,
                  {"school_hours", "days", "week", "weeks", "terms", "closures", "special_days"}};
    if (!top.valid()) return model;
    model.at = written_at(top, node);
    if (const YAML::Node hours = top.get("school_hours", true); hours.IsDefined()) {
        MapReader reader{hours, "timetable.school_hours", file, errors, {"start", "end"}};
        if (reader.valid()) {
            model.school_start = written(reader, "start");
            model.school_end = written(reader, "end");
        }
    }
    if (const YAML::Node days = top.get("days", true); days.IsDefined()) read_days(days, file, model, errors);
    read_weeks(top, node, file, model, errors);
    if (const YAML::Node terms = top.get("terms", true); terms.IsDefined()) read_terms(terms, file, model, errors);
    if (const YAML::Node closures = top.get("closures"); closures.IsDefined()) read_closures(closures, file, model, errors);
    if (const YAML::Node special = top.get("special_days"); special.IsDefined()) read_special_days(special, file, model, errors);
    return model;
}

std::optional<timetable::TimetableModel> load_timetable_file(const std::string& path, ConfigErrors& errors) {
    const auto root = load_yaml_file(path, "cannot read the timetable file (check the path in the policy's 'timetable:')", errors);
    if (!root) return std::nullopt;
    if (root->IsNull()) {
        errors.push_back({path, 0, 0, "", "is empty (a timetable file holds one key, timetable:, as a policy's would)"});
        return std::nullopt;
    }
    MapReader top{*root, "", path, errors, {"timetable"}};
    if (!top.valid()) return std::nullopt;
    const YAML::Node node = top.get("timetable", true);
    if (!node.IsDefined()) return std::nullopt;
    if (node.IsScalar()) {
        top.error(node, "timetable", "a timetable file holds the timetable itself, not the name of another file");
        return std::nullopt;
    }
    return read_timetable(node, path, errors);
}

Result<timetable::TimetableModel, ConfigErrors> read_timetable_text(const std::string& text, const std::string& file) {
    using Read = Result<timetable::TimetableModel, ConfigErrors>;
    ConfigErrors errors;
    timetable::TimetableModel model;
    try {
        const YAML::Node root = YAML::Load(text);
        MapReader top{root, "", file, errors, {"timetable"}};
        if (top.valid()) {
            if (const YAML::Node node = top.get("timetable", true); node.IsDefined()) model = read_timetable(node, file, errors);
        }
    } catch (const YAML::Exception& e) {
        // yaml-cpp marks are 0-based.
        errors.push_back({file, e.mark.line + 1, e.mark.column + 1, "", e.msg + " (fix the YAML syntax here)"});
    }
    if (!errors.empty()) return Read::failure(std::move(errors));
    return Read::success(std::move(model));
}

}  // namespace schoolgate::config::yaml
