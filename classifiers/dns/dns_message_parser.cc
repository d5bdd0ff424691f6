#include "classifiers/dns/dns_message_parser.h"

#include <utility>

#include "classifiers/limits.h"
#include "common/wire/byte_reader.h"

namespace schoolgate::classifiers::dns {

namespace {

using wire::ByteReader;
using wire::Bytes;

// RFC 1035 §4.1.4: the top two bits of a length octet select the label type. 01 and 10 were reserved and
// later used for the extended and binary labels of RFC 2671/2673, both since withdrawn (RFC 6891 §5).
constexpr std::uint8_t kLabelTypeMask = 0xC0;
constexpr std::uint8_t kPointerType = 0xC0;
constexpr std::uint8_t kPointerHighMask = 0x3F;
constexpr std::uint16_t kQrFlag = 0x8000;   // RFC 1035 §4.1.1 flags: QR|Opcode(4)|AA|TC|RD|RA|Z(3)|RCODE(4)
constexpr unsigned kOpcodeShift = 11;
constexpr std::uint16_t kNibbleMask = 0x0F;
constexpr std::size_t kIpv4Bytes = 4;
constexpr std::size_t kIpv6Bytes = 16;

std::size_t offset_of(Bytes message, const ByteReader& reader) noexcept {
    return message.size() - reader.remaining();
}

// Decodes the name at `reader`'s position and leaves `reader` after it: after the terminating zero, or
// after the first compression pointer (the rest of the name lives elsewhere in the message).
ParseResult<std::string> read_name(Bytes message, ByteReader& reader) {
    std::string name;
    ByteReader cursor = reader;
    bool jumped = false;
    std::size_t jumps = 0;
    std::size_t wire_bytes = 0;  // length octets + label bytes, as RFC 1035 §2.3.4 counts the 255
    // Where the labels now being read began. Every pointer must land strictly before it, so these starts
    // strictly decrease: a pointer to itself, a forward pointer, or a cycle through a run of labels that
    // leads back to an earlier pointer is rejected, however the loop is built.
    std::size_t segment_start = offset_of(message, cursor);
    for (;;) {
        const auto length = cursor.read_u8();
        if (!length) return ParseResult<std::string>::malformed(Anomaly::DnsTruncated);
        const std::uint8_t type = *length & kLabelTypeMask;
        if (type == kPointerType) {
            const auto low = cursor.read_u8();
            if (!low) return ParseResult<std::string>::malformed(Anomaly::DnsTruncated);
            const std::size_t target = (static_cast<std::size_t>(*length & kPointerHighMask) << 8) | *low;
            if (target >= segment_start) {
                return ParseResult<std::string>::malformed(Anomaly::DnsCompressionLoop);
            }
            // Zeek's dns_max_compression_chain_depth: a long backwards chain is not a loop but still costs
            // a read per hop, so a message cannot make one name arbitrarily expensive.
            if (++jumps > limits::kMaxDnsCompressionDepth) {
                return ParseResult<std::string>::malformed(Anomaly::DnsCompressionTooDeep);
            }
            if (!jumped) reader = cursor;
            jumped = true;
            cursor = ByteReader{message};
            cursor.skip(target);  // cannot fail: target < segment_start <= message.size()
            segment_start = target;
            continue;
        }
        if (type != 0) return ParseResult<std::string>::malformed(Anomaly::DnsBadLabelType);
        wire_bytes += 1 + std::size_t{*length};
        if (wire_bytes > limits::kMaxDnsNameBytes) {
            return ParseResult<std::string>::malformed(Anomaly::DnsNameTooLong);
        }
        if (*length == 0) break;
        const auto label = cursor.read_bytes(*length);
        if (!label) return ParseResult<std::string>::malformed(Anomaly::DnsTruncated);
        if (!name.empty()) name.push_back('.');
        // A '.' inside one label ("facebook.com" as a single label) is a different name from the dotted
        // one; escape it as presentation format does (RFC 4343 §2.1), so that it can never pass as that name.
        for (const std::uint8_t byte : *label) {
            if (byte == '.' || byte == '\\') name.push_back('\\');
            name.push_back(static_cast<char>(byte));
        }
    }
    if (!jumped) reader = cursor;
    return ParseResult<std::string>::ok(std::move(name));
}

ParseResult<DnsQuestion> read_question(Bytes message, ByteReader& reader) {
    auto name = read_name(message, reader);
    if (!name.is_ok()) return ParseResult<DnsQuestion>::malformed(name.anomaly());
    const auto type = reader.read_u16();
    const auto klass = reader.read_u16();
    if (!type || !klass) return ParseResult<DnsQuestion>::malformed(Anomaly::DnsTruncated);
    return ParseResult<DnsQuestion>::ok(DnsQuestion{std::move(name).value(), *type, *klass});
}

// RFC 1035 §3.4.1 / RFC 3596 §2.2: A and AAAA RDATA is the address itself; any other length is not an
// address we can trust, so the record is kept without one.
std::optional<net::IpAddress> address_from(std::uint16_t type, Bytes rdata) noexcept {
    if (type == kTypeA && rdata.size() == kIpv4Bytes) return net::IpAddress::from_network_bytes(rdata);
    if (type == kTypeAaaa && rdata.size() == kIpv6Bytes) return net::IpAddress::from_network_bytes(rdata);
    return std::nullopt;
}

ParseResult<DnsAnswer> read_answer(Bytes message, ByteReader& reader) {
    auto name = read_name(message, reader);
    if (!name.is_ok()) return ParseResult<DnsAnswer>::malformed(name.anomaly());
    const auto type = reader.read_u16();
    const auto klass = reader.read_u16();
    const auto ttl = reader.read_u32();
    if (!type || !klass || !ttl) return ParseResult<DnsAnswer>::malformed(Anomaly::DnsTruncated);
    auto rdata = reader.read_u16_prefixed();
    if (!rdata) return ParseResult<DnsAnswer>::malformed(Anomaly::DnsTruncated);
    DnsAnswer answer{std::move(name).value(), *type, *ttl, address_from(*type, rdata->rest())};
    return ParseResult<DnsAnswer>::ok(std::move(answer));
}

struct Header {
    std::uint16_t id = 0;
    std::uint16_t flags = 0;
    std::uint16_t questions = 0;
    std::uint16_t answers = 0;
};

// RFC 1035 §4.1.1. NSCOUNT and ARCOUNT are read only to keep the cursor right; those sections are not parsed.
std::optional<Header> read_header(ByteReader& reader) noexcept {
    const auto id = reader.read_u16();
    const auto flags = reader.read_u16();
    const auto questions = reader.read_u16();
    const auto answers = reader.read_u16();
    const auto authority = reader.read_u16();
    const auto additional = reader.read_u16();
    if (!id || !flags || !questions || !answers || !authority || !additional) return std::nullopt;
    return Header{*id, *flags, *questions, *answers};
}

}  // namespace

ParseResult<DnsMessage> parse_dns_message(std::span<const std::uint8_t> message) noexcept {
    using Result = ParseResult<DnsMessage>;
    ByteReader reader{message};
    const auto header = read_header(reader);
    if (!header) return Result::malformed(Anomaly::DnsTruncated);
    // The counts are the sender's claim, checked before any loop so that a forged 65535 costs nothing.
    if (header->questions > limits::kMaxDnsQuestions || header->answers > limits::kMaxDnsAnswers) {
        return Result::malformed(Anomaly::DnsTooManyRecords);
    }

    DnsMessage parsed;
    parsed.id = header->id;
    parsed.is_response = (header->flags & kQrFlag) != 0;
    parsed.opcode = static_cast<std::uint8_t>((header->flags >> kOpcodeShift) & kNibbleMask);
    parsed.rcode = static_cast<std::uint8_t>(header->flags & kNibbleMask);
    parsed.questions.reserve(header->questions);
    parsed.answers.reserve(header->answers);
    for (std::uint16_t i = 0; i < header->questions; ++i) {
        auto question = read_question(message, reader);
        if (!question.is_ok()) return Result::malformed(question.anomaly());
        parsed.questions.push_back(std::move(question).value());
    }
    for (std::uint16_t i = 0; i < header->answers; ++i) {
        auto answer = read_answer(message, reader);
        if (!answer.is_ok()) return Result::malformed(answer.anomaly());
        parsed.answers.push_back(std::move(answer).value());
    }
    return Result::ok(std::move(parsed));
}

}  // namespace schoolgate::classifiers::dns
