#include "gateway/engine/attempt_tracker.h"

#include <algorithm>

namespace schoolgate::gateway::engine {

void AttemptTracker::forget_idlest() {
    auto idlest = std::min_element(people_.begin(), people_.end(), [](const auto& a, const auto& b) {
        return a.second.last_seen_us < b.second.last_seen_us;
    });
    if (idlest != people_.end()) people_.erase(idlest);
}

std::optional<AttemptTracker::Alert> AttemptTracker::on_blocked(std::string_view who, std::string_view target,
                                                                std::uint64_t now_us, std::uint32_t threshold,
                                                                std::uint64_t window_us) {
    auto it = people_.find(std::string{who});
    if (it == people_.end()) {
        if (people_.size() >= capacity_) forget_idlest();
        it = people_.emplace(std::string{who}, Person{}).first;
    }
    auto& person = it->second;
    person.last_seen_us = now_us;
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
