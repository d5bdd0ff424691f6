#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace schoolgate::test {

/// Builds DNS wire messages (RFC 1035 §4.1) for tests. Sections are written in call order, so add the
/// questions before the answers. The header counts follow the records added unless counts() overrides them
/// (for lying headers). With compress(), each name reuses the longest suffix already written, through a
/// compression pointer, as a real server does. raw() appends arbitrary bytes for malformed cases; offset()
/// says where the next byte will sit, so a test can aim a pointer at it.
class DnsMessageBuilder {
public:
    static constexpr std::size_t kHeaderBytes = 12;
    static constexpr std::uint16_t kClassIn = 1;
    static constexpr std::uint16_t kFlagResponse = 0x8000;
    static constexpr std::uint16_t kFlagRecursionDesired = 0x0100;
    static constexpr std::uint16_t kFlagRecursionAvailable = 0x0080;

    DnsMessageBuilder& id(std::uint16_t value) {
        id_ = value;
        return *this;
    }
    /// Raw header flags: QR|Opcode(4)|AA|TC|RD|RA|Z(3)|RCODE(4).
    DnsMessageBuilder& flags(std::uint16_t value) {
        flags_ = value;
        return *this;
    }
    DnsMessageBuilder& response() {
        flags_ = static_cast<std::uint16_t>(flags_ | kFlagResponse | kFlagRecursionAvailable);
        return *this;
    }
    DnsMessageBuilder& opcode(std::uint8_t value) {
        flags_ = static_cast<std::uint16_t>((flags_ & ~0x7800u) | ((value & 0x0Fu) << 11));
        return *this;
    }
    DnsMessageBuilder& rcode(std::uint8_t value) {
        flags_ = static_cast<std::uint16_t>((flags_ & ~0x000Fu) | (value & 0x0Fu));
        return *this;
    }
    DnsMessageBuilder& compress(bool on = true) {
        compress_ = on;
        return *this;
    }
    /// Header counts written instead of the numbers of records added.
    DnsMessageBuilder& counts(std::uint16_t questions, std::uint16_t answers, std::uint16_t authority = 0,
                              std::uint16_t additional = 0) {
        counts_ = {questions, answers, authority, additional};
        return *this;
    }

    /// `name` is dotted text; a trailing dot is the root and optional. Labels are written byte for byte.
    DnsMessageBuilder& question(std::string_view name, std::uint16_t type = 1, std::uint16_t klass = kClassIn) {
        put_name(name);
        put_u16(type);
        put_u16(klass);
        ++questions_;
        return *this;
    }
    DnsMessageBuilder& answer(std::string_view name, std::uint16_t type, std::uint32_t ttl,
                              std::span<const std::uint8_t> rdata) {
        put_record_head(name, type, ttl);
        put_u16(static_cast<std::uint16_t>(rdata.size()));
        body_.insert(body_.end(), rdata.begin(), rdata.end());
        ++answers_;
        return *this;
    }
    DnsMessageBuilder& answer_a(std::string_view name, std::array<std::uint8_t, 4> address, std::uint32_t ttl) {
        return answer(name, 1, ttl, address);
    }
    DnsMessageBuilder& answer_aaaa(std::string_view name, std::array<std::uint8_t, 16> address,
                                   std::uint32_t ttl) {
        return answer(name, 28, ttl, address);
    }
    /// The target is compressed too when compress() is on (RFC 1035 §4.1.4 allows it in CNAME RDATA).
    DnsMessageBuilder& answer_cname(std::string_view name, std::string_view target, std::uint32_t ttl) {
        put_record_head(name, 5, ttl);
        const std::size_t length_at = body_.size();
        put_u16(0);
        const std::size_t rdata_start = body_.size();
        put_name(target);
        const auto rdata_length = static_cast<std::uint16_t>(body_.size() - rdata_start);
        body_.at(length_at) = static_cast<std::uint8_t>(rdata_length >> 8);
        body_.at(length_at + 1) = static_cast<std::uint8_t>(rdata_length & 0xFF);
        ++answers_;
        return *this;
    }

    DnsMessageBuilder& raw(std::span<const std::uint8_t> bytes) {
        body_.insert(body_.end(), bytes.begin(), bytes.end());
        return *this;
    }
    DnsMessageBuilder& raw(std::initializer_list<std::uint8_t> bytes) {
        body_.insert(body_.end(), bytes.begin(), bytes.end());
        return *this;
    }

    /// Offset in the message of the next byte to be written.
    std::size_t offset() const { return kHeaderBytes + body_.size(); }

    std::vector<std::uint8_t> build() const {
        std::vector<std::uint8_t> out;
        const auto counts = counts_.value_or(std::array<std::uint16_t, 4>{questions_, answers_, 0, 0});
        append_u16(out, id_);
        append_u16(out, flags_);
        for (std::uint16_t count : counts) append_u16(out, count);
        out.insert(out.end(), body_.begin(), body_.end());
        return out;
    }

    /// The two bytes of a compression pointer to `target` (< 0x4000).
    static std::array<std::uint8_t, 2> pointer(std::size_t target) {
        return {static_cast<std::uint8_t>(0xC0 | ((target >> 8) & 0x3F)), static_cast<std::uint8_t>(target & 0xFF)};
    }
    /// RFC 1035 §4.2.2: the message behind its 2-byte length, as sent over TCP.
    static std::vector<std::uint8_t> tcp_frame(std::span<const std::uint8_t> message) {
        std::vector<std::uint8_t> out;
        append_u16(out, static_cast<std::uint16_t>(message.size()));
        out.insert(out.end(), message.begin(), message.end());
        return out;
    }

private:
    static void append_u16(std::vector<std::uint8_t>& out, std::uint16_t value) {
        out.push_back(static_cast<std::uint8_t>(value >> 8));
        out.push_back(static_cast<std::uint8_t>(value & 0xFF));
    }
    void put_u16(std::uint16_t value) { append_u16(body_, value); }
    void put_u32(std::uint32_t value) {
        put_u16(static_cast<std::uint16_t>(value >> 16));
        put_u16(static_cast<std::uint16_t>(value & 0xFFFF));
    }
    void put_record_head(std::string_view name, std::uint16_t type, std::uint32_t ttl) {
        put_name(name);
        put_u16(type);
        put_u16(kClassIn);
        put_u32(ttl);
    }
    void put_name(std::string_view name) {
        if (!name.empty() && name.back() == '.') name.remove_suffix(1);
        while (!name.empty()) {
            if (compress_) {
                if (auto known = suffixes_.find(std::string{name}); known != suffixes_.end()) {
                    const auto bytes = pointer(known->second);
                    body_.insert(body_.end(), bytes.begin(), bytes.end());
                    return;
                }
            }
            if (offset() < 0x4000) suffixes_.emplace(std::string{name}, offset());
            const std::size_t dot = name.find('.');
            const std::string_view label = name.substr(0, dot);
            body_.push_back(static_cast<std::uint8_t>(label.size()));
            body_.insert(body_.end(), label.begin(), label.end());
            name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
        }
        body_.push_back(0);
    }

    std::uint16_t id_ = 0;
    std::uint16_t flags_ = kFlagRecursionDesired;
    bool compress_ = false;
    std::optional<std::array<std::uint16_t, 4>> counts_;
    std::uint16_t questions_ = 0;
    std::uint16_t answers_ = 0;
    std::vector<std::uint8_t> body_;
    std::map<std::string, std::size_t> suffixes_;  ///< dotted suffix -> offset where it was written in full
};

}  // namespace schoolgate::test
