#include "classifiers/ndpi/ndpi_flow.h"

#include <ndpi/ndpi_api.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <string_view>

#include "classifiers/host_name.h"
#include "classifiers/ndpi/ndpi_module.h"

namespace schoolgate::classifiers::ndpi {

namespace {

// Protocols for which nDPI's host_server_name holds the name of the server the client asked for (SNI,
// Host, DNS question). For others it may hold the client's own device name (DHCP, NetBIOS, mDNS, LLMNR),
// which is personal data and no server name at all.
bool names_a_server(std::uint16_t id) noexcept {
    switch (id) {
        case NDPI_PROTOCOL_TLS:
        case NDPI_PROTOCOL_QUIC:
        case NDPI_PROTOCOL_DTLS:
        case NDPI_PROTOCOL_HTTP:
        case NDPI_PROTOCOL_HTTP_CONNECT:
        case NDPI_PROTOCOL_HTTP_PROXY:
        case NDPI_PROTOCOL_DNS:
        case NDPI_PROTOCOL_DOH_DOT:
        case NDPI_PROTOCOL_MAIL_SMTPS:
        case NDPI_PROTOCOL_MAIL_POPS:
        case NDPI_PROTOCOL_MAIL_IMAPS: return true;
        default: return false;
    }
}

NdpiConfidence confidence_of(ndpi_confidence_t confidence) noexcept {
    switch (confidence) {
        case NDPI_CONFIDENCE_MATCH_BY_PORT: return NdpiConfidence::MatchByPort;
        case NDPI_CONFIDENCE_MATCH_BY_IP: return NdpiConfidence::MatchByIp;
        case NDPI_CONFIDENCE_DPI_CACHE: return NdpiConfidence::DpiCache;
        case NDPI_CONFIDENCE_DPI: return NdpiConfidence::Dpi;
        default: return NdpiConfidence::Unknown;
    }
}

// nDPI 4.2 stores server names with ndpi_hostname_sni_set, which keeps the LAST 79 bytes of a longer name:
// a name that fills the field may have lost its start, so its first (possibly partial) label is dropped
// and what is left is still a true suffix of the name the client sent.
std::string_view whole_labels(std::string_view name, std::size_t capacity) noexcept {
    if (name.size() < capacity) return name;
    const auto dot = name.find('.');
    return dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
}

}  // namespace

NdpiFlow::NdpiFlow(NdpiModule& module)
    : module_(module), state_(static_cast<ndpi_flow_struct*>(ndpi_flow_malloc(NdpiModule::flow_state_bytes()))) {
    if (!state_) throw std::bad_alloc{};
    // nDPI 4.2 requires a zeroed flow struct (it keeps no constructor of its own).
    std::memset(state_, 0, NdpiModule::flow_state_bytes());
}

// ndpi_free_flow frees what the dissectors allocated (HTTP URL, TLS names...) and then the struct itself.
NdpiFlow::~NdpiFlow() { ndpi_free_flow(state_); }

NdpiReading NdpiFlow::feed(std::span<const std::uint8_t> ip_packet, std::uint64_t time_ms, bool from_client) noexcept {
    advance(ip_packet, time_ms, from_client);
    return reading();
}

bool NdpiFlow::advance(std::span<const std::uint8_t> ip_packet, std::uint64_t time_ms, bool from_client) noexcept {
    if (done_ || ip_packet.empty()) return done_;
    ++packets_;
    if (from_client) ++client_packets_;
    // nDPI takes a 16-bit length. A longer datagram (GSO/GRO) is cut; nDPI then finds the IP header's
    // length larger than what it was given and skips the packet rather than read past the end.
    const auto length = static_cast<std::uint16_t>(std::min<std::size_t>(ip_packet.size(), 0xffff));
    const ndpi_protocol result =
        ndpi_detection_process_packet(module_.module_, state_, ip_packet.data(), length, time_ms);
    master_ = result.master_protocol;
    app_ = result.app_protocol;
    category_ = result.category;

    // As ndpiReader: a flow is named once the application slot is set (plain TLS comes back as app TLS);
    // then nDPI may still want a packet or two more (the server's certificate) before it is done.
    const bool named = app_ != NDPI_PROTOCOL_UNKNOWN;
    const auto budget = state_->l4_proto == IPPROTO_TCP ? kMaxTcpPackets : kMaxUdpPackets;
    if (named && !ndpi_extra_dissection_possible(module_.module_, state_)) {
        done_ = true;
    } else if (packets_ >= budget) {
        take_best_guess();
    }
    return done_;
}

NdpiReading NdpiFlow::giveup() noexcept {
    take_best_guess();
    return reading();
}

void NdpiFlow::take_best_guess() noexcept {
    if (!done_ && packets_ > 0) {
        std::uint8_t guessed = 0;
        const ndpi_protocol result = ndpi_detection_giveup(module_.module_, state_, 1, &guessed);
        master_ = result.master_protocol;
        app_ = result.app_protocol;
        category_ = result.category;
        guessed_ = guessed != 0;
    }
    done_ = true;
}

NdpiReading NdpiFlow::reading() const noexcept {
    NdpiReading reading;
    reading.done = done_;
    reading.guessed = guessed_;
    reading.packets = packets_;
    reading.master_id = master_;
    reading.app_id = app_;
    reading.known = master_ != NDPI_PROTOCOL_UNKNOWN || app_ != NDPI_PROTOCOL_UNKNOWN;

    ndpi_protocol protocol{};
    protocol.master_protocol = master_;
    protocol.app_protocol = app_;
    protocol.category = static_cast<ndpi_protocol_category_t>(category_);
    char name[96];
    reading.protocol = ndpi_protocol2name(module_.module_, protocol, name, sizeof name);
    if (master_ != NDPI_PROTOCOL_UNKNOWN) reading.master = module_.protocol_name(master_);
    if (app_ != NDPI_PROTOCOL_UNKNOWN) reading.app = module_.protocol_name(app_);
    // Categories come from nDPI's own results, so always in range (an out-of-range one would get a
    // shared static buffer back).
    if (const char* category = ndpi_category_get_name(module_.module_, protocol.category)) reading.category = category;
    reading.confidence = confidence_of(state_->confidence);
    reading.ip_protocol = state_->l4_proto;

    for (int risk = 1; risk < NDPI_MAX_RISK; ++risk) {
        if (NDPI_ISSET_BIT(state_->risk, risk)) {
            reading.risks.emplace_back(ndpi_risk2str(static_cast<ndpi_risk_enum>(risk)));
        }
    }

    if (names_a_server(master_) || names_a_server(app_)) {
        const auto& field = state_->host_server_name;
        const std::string_view raw{field, strnlen(field, sizeof field)};
        if (!raw.empty()) {
            auto normalised = normalise_host_name(whole_labels(raw, sizeof field - 1));
            if (normalised) {
                reading.server_name = std::move(*normalised);
            } else {
                reading.server_name_invalid = true;
            }
        }
    }
    return reading;
}

}  // namespace schoolgate::classifiers::ndpi
