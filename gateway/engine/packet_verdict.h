#pragma once

#include <cstdint>

namespace schoolgate::gateway::engine {

/// What the engine asks the enforcement layer to do with one packet. Replay and passive modes ignore it;
/// inline mode turns it into an NFQUEUE verdict and a connection mark.
enum class PacketVerdict : std::uint8_t {
    Pass,         ///< still being inspected: let it through, keep queueing this connection's first packets
    PassSettled,  ///< decided and allowed: let it through and tell the kernel to stop queueing the connection
    /// decided and allowed so far, but a conversation whose next message may name something else (DNS, plain
    /// HTTP, QUIC before its handshake ends): let it through and keep queueing the connection past the window
    PassWatched,
    Block,        ///< decided and blocked: drop it and mark the connection so the kernel drops or resets the rest
};

}  // namespace schoolgate::gateway::engine
