#include "config/suggest.h"

#include <algorithm>
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

}  // namespace

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
