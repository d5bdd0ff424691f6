#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/net/ip_address.h"

namespace schoolgate::classifiers::dns {

inline constexpr std::uint16_t kTypeA = 1;
inline constexpr std::uint16_t kTypeCname = 5;
inline constexpr std::uint16_t kTypeAaaa = 28;

/// Names are the decoded wire labels joined with '.', raw bytes unvalidated (the classifier normalises
/// them before use); no trailing dot; the root is "".
struct DnsQuestion {
    std::string name;
    std::uint16_t type = 0;
    std::uint16_t klass = 0;
};

struct DnsAnswer {
    std::string name;
    std::uint16_t type = 0;
    std::uint32_t ttl = 0;
    std::optional<net::IpAddress> address;  ///< for A and AAAA records with a well-formed RDATA
};

/// A DNS message (RFC 1035 §4.1): header flags, questions and answer-section records. Authority and
/// additional sections are not read.
struct DnsMessage {
    std::uint16_t id = 0;
    bool is_response = false;
    std::uint8_t opcode = 0;
    std::uint8_t rcode = 0;
    std::vector<DnsQuestion> questions;  ///< at most limits::kMaxDnsQuestions
    std::vector<DnsAnswer> answers;      ///< at most limits::kMaxDnsAnswers
};

}  // namespace schoolgate::classifiers::dns
