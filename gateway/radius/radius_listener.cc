#include "gateway/radius/radius_listener.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace schoolgate::gateway::radius {

namespace {

// The sender's address, IPv4-mapped IPv6 addresses read as IPv4 (a dual-stack socket).
net::IpAddress sender_address(const sockaddr_storage& from) {
    if (from.ss_family == AF_INET) {
        sockaddr_in in{};
        std::memcpy(&in, &from, sizeof in);
        return net::IpAddress::v4(ntohl(in.sin_addr.s_addr));
    }
    sockaddr_in6 in6{};
    std::memcpy(&in6, &from, sizeof in6);
    const std::span<const std::uint8_t, 16> bytes{in6.sin6_addr.s6_addr, 16};
    static constexpr std::array<std::uint8_t, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped.begin(), kMapped.end(), bytes.begin())) {
        return net::IpAddress::from_v4_bytes(bytes.subspan<12, 4>());
    }
    return net::IpAddress::from_v6_bytes(bytes);
}

socklen_t socket_address(const net::IpAddress& address, std::uint16_t port, sockaddr_storage& out) {
    out = {};
    if (address.is_v4()) {
        sockaddr_in in{};
        in.sin_family = AF_INET;
        in.sin_port = htons(port);
        std::memcpy(&in.sin_addr, address.bytes().data(), 4);
        std::memcpy(&out, &in, sizeof in);
        return sizeof in;
    }
    sockaddr_in6 in6{};
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(port);
    std::memcpy(&in6.sin6_addr, address.bytes().data(), 16);
    std::memcpy(&out, &in6, sizeof in6);
    return sizeof in6;
}

}  // namespace

Result<std::unique_ptr<RadiusListener>, std::string> RadiusListener::open(const net::IpAddress& address, std::uint16_t port,
                                                                          std::string secret, std::vector<net::Cidr> clients) {
    using Out = Result<std::unique_ptr<RadiusListener>, std::string>;
    std::unique_ptr<RadiusListener> listener{new RadiusListener};
    sockaddr_storage where{};
    const socklen_t length = socket_address(address, port, where);
    listener->fd_ = ::socket(where.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (listener->fd_ < 0 || ::bind(listener->fd_, reinterpret_cast<const sockaddr*>(&where), length) != 0) {
        return Out::failure("identity.radius_accounting.listen " + address.to_string() + ":" + std::to_string(port) +
                            ": cannot listen: " + std::strerror(errno) +
                            " (is the address this gateway's? is another RADIUS server on the port?)");
    }
    listener->reconfigure(std::move(secret), std::move(clients));
    return Out::success(std::move(listener));
}

RadiusListener::~RadiusListener() {
    if (fd_ >= 0) ::close(fd_);
}

void RadiusListener::reconfigure(std::string secret, std::vector<net::Cidr> clients) {
    secret_ = std::move(secret);
    clients_ = std::move(clients);
}

bool RadiusListener::from_client(const net::IpAddress& sender) const noexcept {
    return std::any_of(clients_.begin(), clients_.end(), [&](const net::Cidr& block) { return block.contains(sender); });
}

void RadiusListener::receive(const std::function<void(const AccountingRequest&)>& on_request) {
    std::array<std::uint8_t, kMaxPacketBytes> buffer{};
    while (true) {
        sockaddr_storage from{};
        socklen_t from_length = sizeof from;
        const auto n = ::recvfrom(fd_, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_length);
        if (n < 0) return;  // EAGAIN: nothing more waiting (other errors: the next poll tries again)
        if (!from_client(sender_address(from))) {
            ++counters_.refused_client;
            continue;
        }
        const auto parsed = parse_accounting_request(std::span{buffer}.first(static_cast<std::size_t>(n)));
        if (!parsed.request) {
            ++counters_.malformed;
            continue;
        }
        const auto& request = *parsed.request;
        if (!request_authenticator_ok(request, secret_)) {
            ++counters_.bad_authenticator;
            continue;
        }
        ++counters_.accepted;
        ++(request.status == StatusType::Start    ? counters_.starts
           : request.status == StatusType::Stop   ? counters_.stops
           : request.status == StatusType::InterimUpdate ? counters_.interim_updates
                                                  : counters_.others);
        on_request(request);
        // RFC 2866 section 2: answered only once recorded, so a client whose answer is lost sends again.
        const auto response = accounting_response(request, secret_);
        if (::sendto(fd_, response.data(), response.size(), 0, reinterpret_cast<const sockaddr*>(&from), from_length) < 0) {
            ++counters_.responses_failed;
        }
    }
}

Result<std::string, std::string> read_secret_file(const std::string& path) {
    std::ifstream in{path};
    std::string secret;
    if (!in || !std::getline(in, secret)) {
        return Result<std::string, std::string>::failure(path + ": cannot read the RADIUS shared secret (check the path and permissions)");
    }
    if (!secret.empty() && secret.back() == '\r') secret.pop_back();
    if (secret.empty()) {
        return Result<std::string, std::string>::failure(path + ": the RADIUS shared secret is empty (write it on the first line)");
    }
    return Result<std::string, std::string>::success(std::move(secret));
}

}  // namespace schoolgate::gateway::radius
