#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace schoolgate::classifiers::services {
class ServiceCatalogue;
}

namespace schoolgate::config {

/// The candidate closest to `word` within two edits (Levenshtein), for "did you mean ...?" hints; empty
/// when nothing is that close.
std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

/// "did you mean 'x'? " or "" - ready to put in front of the fix in an error message.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

/// did_you_mean() for a service: over `names` (the catalogue's services and the policy's groups) and over the
/// catalogue's aliases, the nearer winning (a name on a tie), an alias named with the service it stands for: "twitter" gives "did you mean
/// 'x'? the catalogue calls twitter 'x'; ". For the policy's checks and for commands that take a service.
std::string did_you_mean_service(std::string_view name, const std::vector<std::string_view>& names,
                                 const classifiers::services::ServiceCatalogue& catalogue);

/// A person as a did-you-mean candidate: their id and, where known, the name people call them by.
struct PersonName {
    std::string_view id;
    std::string_view display_name;
};

/// did_you_mean() for a person: over their ids and their display names (case does not matter, and one word of a
/// display name, a first name or a surname, is enough), always answering with the id the commands take:
/// "did you mean 'sjones' (Sarah Jones)? ". "" when nobody is that close.
std::string did_you_mean_person(std::string_view word, const std::vector<PersonName>& people);

/// The names for a person to choose from, as a sentence: "a", "a or b", "a, b or c"; past `max_shown`,
/// "a, b, c, ... (12 in all)". "" for none.
std::string one_of(const std::vector<std::string_view>& names, std::size_t max_shown = 8);

}  // namespace schoolgate::config
