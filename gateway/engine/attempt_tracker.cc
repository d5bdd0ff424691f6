#include "gateway/engine/attempt_tracker.h"

#include <algorithm>

namespace schoolgate::gateway::engine {

std::optional<AttemptTracker::Alert> AttemptTracker::on_blocked(std::string_view who, std::string_view target,
                                                                std::uint64_t now_us, std::uint32_t threshold,
                                                                std::uint64_t window_us) {
    std::string key{who};
    Person* found = people_.find_and_make_newest(key);
    if (!found) {
        // The idlest is the one whose latest attempt is oldest: the list's oldest end.
        if (people_.size() >= capacity_) people_.erase_oldest();
        found = &people_.insert_newest(std::move(key), Person{});
    }
    auto& person = *found;
    const bool same_attempt = std::any_of(person.attempts.begin(), person.attempts.end(), [&](const Attempt& a) {
        return a.target == target && now_us - a.at_us < kSameAttemptUs;
    });
    if (same_attempt) return std::nullopt;

    std::erase_if(person.attempts, [&](const Attempt& a) { return now_us - a.at_us > window_us; });
    if (person.attempts.size() >= kMaxRemembered) person.attempts.erase(person.attempts.begin());
    person.attempts.push_back({now_us, std::string{target}});

    const auto needed = std::min<std::size_t>(threshold, kMaxRemembered);
    if (person.attempts.size() < needed || now_us < person.quiet_until_us) return std::nullopt;
    person.quiet_until_us = now_us + window_us;
    Alert alert;
    alert.attempts = static_cast<std::uint32_t>(person.attempts.size());
    alert.first_attempt_us = person.attempts.front().at_us;
    for (const auto& attempt : person.attempts) alert.targets.push_back(attempt.target);
    std::sort(alert.targets.begin(), alert.targets.end());
    alert.targets.erase(std::unique(alert.targets.begin(), alert.targets.end()), alert.targets.end());
    return alert;
}

}  // namespace schoolgate::gateway::engine
