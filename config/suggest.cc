#include "config/suggest.h"

#include <algorithm>
#include <cctype>
#include <numeric>

#include "classifiers/services/service_catalogue.h"

namespace schoolgate::config {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string lower(std::string_view text) {
    std::string out{text};
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// A display name and each of its words, lower-cased: "Sarah Jones" gives "sarah jones", "sarah", "jones".
std::vector<std::string> name_forms(std::string_view display_name) {
    std::vector<std::string> forms;
    if (display_name.empty()) return forms;
    const std::string whole = lower(display_name);
    forms.push_back(whole);
    std::size_t start = 0;
    while (start < whole.size()) {
        const auto end = std::min(whole.find(' ', start), whole.size());
        if (end > start && end - start < whole.size()) forms.push_back(whole.substr(start, end - start));
        start = end + 1;
    }
    return forms;
}

}  // namespace

std::string did_you_mean_person(std::string_view word, const std::vector<PersonName>& people) {
    // Every id and every form of every display name is a candidate; the winner is reported by its id.
    std::vector<std::string> forms;
    std::vector<std::size_t> owner;
    for (std::size_t i = 0; i < people.size(); ++i) {
        forms.push_back(lower(people[i].id));
        owner.push_back(i);
        for (auto& form : name_forms(people[i].display_name)) {
            forms.push_back(std::move(form));
            owner.push_back(i);
        }
    }
    const std::vector<std::string_view> candidates{forms.begin(), forms.end()};
    const auto best = closest_match(lower(word), candidates);
    if (best.empty()) return "";
    const auto& person = people[owner[static_cast<std::size_t>(std::find(forms.begin(), forms.end(), best) - forms.begin())]];
    std::string hint = "did you mean '" + std::string{person.id} + "'";
    if (!person.display_name.empty()) hint += " (" + std::string{person.display_name} + ")";
    return hint + "? ";
}

std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates) {
    constexpr std::size_t kMaxEdits = 2;
    std::string best;
    std::size_t best_distance = kMaxEdits + 1;
    for (const auto& candidate : candidates) {
        const auto gap = candidate.size() > word.size() ? candidate.size() - word.size() : word.size() - candidate.size();
        if (gap >= best_distance) continue;  // length alone already rules it out
        if (const auto distance = edit_distance(word, candidate); distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
    const auto best = closest_match(word, candidates);
    return best.empty() ? "" : "did you mean '" + best + "'? ";
}

std::string did_you_mean_service(std::string_view name, const std::vector<std::string_view>& names,
                                 const classifiers::services::ServiceCatalogue& catalogue) {
    // A near miss of a name, or another name for a service ("twitter") or a near miss of one: the nearer
    // wins, a name on a tie ("twiter" is twitter's, not twitch's).
    std::vector<std::string_view> aliases;
    for (std::size_t id = 1; id <= catalogue.size(); ++id) {
        for (const auto& alias : catalogue.definition(static_cast<classifiers::ServiceId>(id))->aliases) aliases.push_back(alias);
    }
    const auto named = closest_match(name, names);
    const auto alias = closest_match(name, aliases);
    if (alias.empty() || (!named.empty() && edit_distance(name, named) <= edit_distance(name, alias))) {
        return named.empty() ? "" : "did you mean '" + named + "'? ";
    }
    const std::string service{catalogue.name(catalogue.find_alias(alias))};
    return "did you mean '" + service + "'? the catalogue calls " + alias + " '" + service + "'; ";
}

std::string one_of(const std::vector<std::string_view>& names, std::size_t max_shown) {
    std::string text;
    if (names.size() > max_shown) {
        for (std::size_t i = 0; i < max_shown; ++i) text += std::string{names[i]} + ", ";
        return text + "... (" + std::to_string(names.size()) + " in all)";
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
        text += names[i];
    }
    return text;
}

}  // namespace schoolgate::config
