#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "classifiers/circumvention/technique.h"
#include "common/container/lru_map.h"
#include "common/net/keyed_hash.h"

namespace schoolgate::classifiers::dns {

/// What a DNS tunnel looks like from the queries alone, per registered domain over a sliding window:
/// long random-looking labels (iodine, dnscat2 and DNS-over-anything tools pack data into them), many
/// unique names under one domain, and bursts of TXT or NULL queries (the record types that carry data
/// back). Each signal alone is something a CDN or a mail check can do once; the detector reports Low or
/// Medium for one and High when they come together. Memory is bounded: at most kMaxDomains domains,
/// each remembering at most kMaxNamesPerDomain unique names; when full, the domain whose window started
/// longest ago is forgotten, in O(1) (domains are kept in order of window start). Domains are hashed with a
/// per-detector key, since a pupil chooses them freely. Not thread-safe: one per worker.
class TunnelDetector {
public:
    struct Thresholds {
        std::size_t long_label_bytes = 40;
        double long_label_bits_per_char = 3.5;   ///< Shannon entropy of the label's characters
        std::size_t unique_names = 40;           ///< distinct names under one domain in the window
        std::size_t data_record_queries = 20;    ///< TXT/NULL/ANY queries to one domain in the window
        std::uint64_t window_us = 60'000'000;
    };

    TunnelDetector() : TunnelDetector(Thresholds{}) {}
    explicit TunnelDetector(Thresholds thresholds) : thresholds_(thresholds) {}

    struct Finding {
        Confidence confidence;
        std::string evidence;
    };

    /// One query (name already normalised). Returns a finding when this query makes the domain look like a
    /// tunnel; later queries in the same window report again only when the confidence rises.
    std::optional<Finding> on_query(std::string_view name, std::uint16_t type, std::uint64_t time_us);

    std::size_t domains_tracked() const noexcept { return domains_.size(); }
    /// Whether `domain` (a registered domain) is remembered now.
    bool tracks(std::string_view domain) const { return domains_.contains(std::string{domain}); }
    /// Whether the last query had a tunnel's traits (a long random label, a data-carrying type): its flow
    /// is worth watching beyond the first answer.
    bool last_query_suspicious() const noexcept { return last_query_suspicious_; }

    static constexpr std::size_t kMaxDomains = 4096;
    static constexpr std::size_t kMaxNamesPerDomain = 256;

private:
    struct DomainWindow {
        std::uint64_t started_us = 0;
        std::unordered_set<std::uint64_t> name_hashes;  ///< capped at kMaxNamesPerDomain
        std::uint32_t data_record_queries = 0;
        std::uint32_t long_labels = 0;
        Confidence reported = Confidence::Low;
        bool reported_any = false;
    };

    Thresholds thresholds_;
    bool last_query_suspicious_ = false;
    net::KeyedStringHash name_hash_;  ///< keyed, so that a tool cannot pick names that count as one
    /// Oldest first by started_us: a domain becomes the newest when it is added and when its window restarts.
    container::LruMap<std::string, DomainWindow, net::KeyedStringHash> domains_;
};

/// The registrable part of a name, approximately: the last two labels, or three under a two-letter
/// country code with a short second level ("bbc.co.uk"). A public-suffix list would be exact; for
/// counting names under one owner this is close enough and needs no data file.
std::string_view registered_domain(std::string_view name) noexcept;

/// Shannon entropy in bits per character.
double bits_per_char(std::string_view text) noexcept;

}  // namespace schoolgate::classifiers::dns
