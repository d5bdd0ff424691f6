#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace schoolgate::tools {

/// The same inputs a flow gives the engine, in the asker's words.
struct ExplainOptions {
    std::string policy;
    std::string catalogue;
    // Who: one of these (plus the VLAN the packets came on).
    std::string ip;
    std::string mac;
    std::string user;
    std::string device;
    std::uint16_t vlan = 0;
    // What: a name the flow carried, or a service by its catalogue id.
    std::string host;
    std::string other_host;  ///< events' other_host: the other copy's name (tcp.overlap)
    std::string service;
    std::string server;  ///< the server's address (published ranges, resolvers); empty = unknown
    std::uint16_t port = 443;
    std::string transport = "tcp";  ///< tcp, udp, or another IP protocol by name (esp, gre) or number
    std::string classifier;         ///< the classifier that named the flow (tls, quic, dns, http...); default by port
    std::string host_source;        ///< how the name was learnt (events' host_source); default by classifier
    std::vector<std::string> alpn;  ///< ALPN the ClientHello offered
    bool ech = false;               ///< the ClientHello carried encrypted_client_hello
    std::vector<std::string> techniques;  ///< "vpn.wireguard" or "vpn.wireguard:medium" (default high)
    std::string ndpi;                     ///< nDPI's reading, e.g. "TLS.Facebook"
    std::string at;      ///< school-local time; empty = now
    std::string format = "text";  ///< text or json
};

}  // namespace schoolgate::tools
