#include <algorithm>
#include <charconv>
#include <optional>

#include "tools/console/ics_import.h"

namespace schoolgate::tools::console {

namespace {

using config::yaml::TimetableItemEdit;
using Read = Result<IcsImport, std::string>;

std::optional<date::local_days> parse_day(const std::string& text) {
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const char* s = text.data();
    if (std::from_chars(s, s + 4, y).ptr != s + 4 || std::from_chars(s + 5, s + 7, m).ptr != s + 7 ||
        std::from_chars(s + 8, s + 10, d).ptr != s + 10) {
        return std::nullopt;
    }
    const date::year_month_day ymd{date::year{y} / m / d};
    if (!ymd.ok()) return std::nullopt;
    return date::local_days{ymd};
}

std::string span(date::local_days first, date::local_days last) {
    return first == last ? date_text(first) : date_text(first) + " to " + date_text(last);
}

TimetableItemEdit half_term_edit(std::size_t term, const IcsHalfTerm& h) {
    return {"half_terms", std::nullopt, term, "", false, {{"start", date_text(h.first)}, {"end", date_text(h.last)}}};
}

// Adds each half term the term has not got yet.
void plan_half_terms(ImportPlan& plan, const std::string& term_name, std::size_t term,
                     const std::vector<config::timetable::HalfTermModel>* have, const std::vector<IcsHalfTerm>& halves) {
    for (const auto& h : halves) {
        const bool there = have && std::any_of(have->begin(), have->end(), [&](const auto& x) {
            return x.start.text == date_text(h.first) && x.end.text == date_text(h.last);
        });
        if (there) {
            plan.steps.push_back({"already in the timetable: half term " + span(h.first, h.last) + " of " + term_name, false});
        } else {
            plan.steps.push_back({"add half term " + span(h.first, h.last) + " (in " + term_name + ")", true});
            plan.edits.push_back(half_term_edit(term, h));
        }
    }
}

void plan_terms(ImportPlan& plan, const IcsImport& import, const config::timetable::TimetableModel& current) {
    std::size_t next_index = current.terms.size();
    for (const auto& t : import.terms) {
        const auto& have = current.terms;
        const auto found = std::find_if(have.begin(), have.end(), [&](const config::timetable::TermModel& x) {
            return x.start.text == date_text(t.first) && x.end.text == date_text(t.last);
        });
        const std::string label = t.name + " " + span(t.first, t.last);
        if (found != have.end()) {
            plan.steps.push_back({"already in the timetable: " + label, false});
            plan_half_terms(plan, label, static_cast<std::size_t>(found - have.begin()), &found->half_terms, t.half_terms);
            continue;
        }
        plan.steps.push_back({"add " + label, true});
        plan.edits.push_back({"terms", std::nullopt, 0, "", false,
                              {{"name", t.name}, {"start", date_text(t.first)}, {"end", date_text(t.last)}}});
        plan_half_terms(plan, label, next_index++, nullptr, t.half_terms);
    }
    for (const auto& h : import.half_terms_of_existing) {
        for (std::size_t i = 0; i < current.terms.size(); ++i) {
            const auto& x = current.terms[i];
            if (x.start.text <= date_text(h.first) && date_text(h.last) <= x.end.text) {
                plan_half_terms(plan, x.name.text + " " + x.start.text + " to " + x.end.text, i, &x.half_terms, {h});
                break;
            }
        }
    }
}

void plan_closures(ImportPlan& plan, const IcsImport& import, const config::timetable::TimetableModel& current) {
    for (const auto& c : import.closures) {
        const bool there = std::any_of(current.closures.begin(), current.closures.end(), [&](const auto& x) {
            return x.date.text == date_text(c.first) && x.kind.text == c.kind;
        });
        const std::string label = (c.kind == "inset" ? "INSET day" : "closure") + std::string{" "} + span(c.first, c.last) + " (" + c.name + ")";
        if (there) {
            plan.steps.push_back({"already in the timetable: " + label, false});
            continue;
        }
        plan.steps.push_back({"add " + label, true});
        plan.edits.push_back({"closures", std::nullopt, 0, "", false,
                              {{"date", date_text(c.first)}, {"until", c.first == c.last ? "" : date_text(c.last)},
                               {"name", c.name}, {"kind", c.kind}}});
    }
}

std::optional<IcsHalfTerm> half_from_json(const nlohmann::json& j) {
    if (!j.is_object() || !j.value("first", nlohmann::json{}).is_string() || !j.value("last", nlohmann::json{}).is_string()) return std::nullopt;
    const auto first = parse_day(j["first"].get<std::string>());
    const auto last = parse_day(j["last"].get<std::string>());
    if (!first || !last) return std::nullopt;
    return IcsHalfTerm{*first, *last};
}

nlohmann::json half_json(const IcsHalfTerm& h) { return {{"first", date_text(h.first)}, {"last", date_text(h.last)}}; }

}  // namespace

ImportPlan plan_import(const IcsImport& import, const config::timetable::TimetableModel& current) {
    ImportPlan plan;
    plan_terms(plan, import, current);
    plan_closures(plan, import, current);
    return plan;
}

std::vector<IcsTerm> terms_of(const config::timetable::TimetableModel& model) {
    std::vector<IcsTerm> terms;
    for (const auto& t : model.terms) {
        const auto first = parse_day(t.start.text);
        const auto last = parse_day(t.end.text);
        if (!first || !last) continue;
        IcsTerm term{t.name.text, *first, *last, {}};
        for (const auto& h : t.half_terms) {
            const auto h_first = parse_day(h.start.text);
            const auto h_last = parse_day(h.end.text);
            if (h_first && h_last) term.half_terms.push_back({*h_first, *h_last});
        }
        terms.push_back(std::move(term));
    }
    return terms;
}

nlohmann::json import_json(const IcsImport& import) {
    nlohmann::json terms = nlohmann::json::array();
    for (const auto& t : import.terms) {
        nlohmann::json halves = nlohmann::json::array();
        for (const auto& h : t.half_terms) halves.push_back(half_json(h));
        terms.push_back({{"name", t.name}, {"first", date_text(t.first)}, {"last", date_text(t.last)}, {"half_terms", halves}});
    }
    nlohmann::json loose = nlohmann::json::array();
    for (const auto& h : import.half_terms_of_existing) loose.push_back(half_json(h));
    nlohmann::json closures = nlohmann::json::array();
    for (const auto& c : import.closures) {
        closures.push_back({{"name", c.name}, {"kind", c.kind}, {"first", date_text(c.first)}, {"last", date_text(c.last)}});
    }
    return {{"terms", terms}, {"half_terms", loose}, {"closures", closures}};
}

Read import_from_json(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    const auto bad = Read::failure("the import to confirm is damaged: upload the file again");
    if (!j.is_object() || !j.value("terms", nlohmann::json{}).is_array() || !j.value("closures", nlohmann::json{}).is_array() ||
        !j.value("half_terms", nlohmann::json{}).is_array()) {
        return bad;
    }
    IcsImport import;
    for (const auto& t : j["terms"]) {
        const auto days = half_from_json(t);
        if (!days || !t.value("name", nlohmann::json{}).is_string() || !t.value("half_terms", nlohmann::json{}).is_array()) return bad;
        IcsTerm term{t["name"].get<std::string>(), days->first, days->last, {}};
        for (const auto& h : t["half_terms"]) {
            const auto half = half_from_json(h);
            if (!half) return bad;
            term.half_terms.push_back(*half);
        }
        import.terms.push_back(std::move(term));
    }
    for (const auto& h : j["half_terms"]) {
        const auto half = half_from_json(h);
        if (!half) return bad;
        import.half_terms_of_existing.push_back(*half);
    }
    for (const auto& c : j["closures"]) {
        const auto days = half_from_json(c);
        const bool has_kind = c.is_object() && c.value("kind", nlohmann::json{}).is_string();
        const std::string kind = has_kind ? c["kind"].get<std::string>() : std::string{};
        if (!days || (kind != "inset" && kind != "closure") || !c.value("name", nlohmann::json{}).is_string()) return bad;
        import.closures.push_back({c["name"].get<std::string>(), kind, days->first, days->last});
    }
    return Read::success(std::move(import));
}

}  // namespace schoolgate::tools::console
