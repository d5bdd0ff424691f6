#include "gateway/enforce/bypass_counter.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

extern "C" {
#include <libmnl/libmnl.h>
#include <libnftnl/object.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
}

#include "gateway/enforce/firewall_rules.h"

namespace schoolgate::gateway::enforce {

namespace {

struct Reply {
    std::optional<std::uint64_t> packets;
};

int on_object(const nlmsghdr* message, void* data) {
    nftnl_obj* object = nftnl_obj_alloc();
    if (!object) return MNL_CB_ERROR;
    if (nftnl_obj_nlmsg_parse(message, object) == 0 && nftnl_obj_is_set(object, NFTNL_OBJ_CTR_PKTS)) {
        static_cast<Reply*>(data)->packets = nftnl_obj_get_u64(object, NFTNL_OBJ_CTR_PKTS);
    }
    nftnl_obj_free(object);
    return MNL_CB_OK;
}

}  // namespace

Result<std::uint64_t, std::string> read_bypass_counter() {
    using Out = Result<std::uint64_t, std::string>;
    mnl_socket* socket = mnl_socket_open(NETLINK_NETFILTER);
    if (!socket) return Out::failure(std::string{"netlink: "} + std::strerror(errno));
    if (mnl_socket_bind(socket, 0, MNL_SOCKET_AUTOPID) < 0) {
        const std::string error = std::string{"netlink bind: "} + std::strerror(errno);
        mnl_socket_close(socket);
        return Out::failure(error);
    }
    std::vector<char> buffer(MNL_SOCKET_BUFFER_SIZE);
    const auto sequence = static_cast<std::uint32_t>(::getpid());
    nftnl_obj* query = nftnl_obj_alloc();
    nftnl_obj_set_str(query, NFTNL_OBJ_TABLE, kNftTable);
    nftnl_obj_set_str(query, NFTNL_OBJ_NAME, kBypassCounter);
    nftnl_obj_set_u32(query, NFTNL_OBJ_TYPE, NFT_OBJECT_COUNTER);
    nlmsghdr* message = nftnl_nlmsg_build_hdr(buffer.data(), NFT_MSG_GETOBJ, NFPROTO_INET, NLM_F_ACK, sequence);
    nftnl_obj_nlmsg_build_payload(message, query);
    nftnl_obj_free(query);

    Reply reply;
    std::string error;
    const auto port = mnl_socket_get_portid(socket);
    if (mnl_socket_sendto(socket, message, message->nlmsg_len) < 0) {
        error = std::string{"netlink send: "} + std::strerror(errno);
    } else {
        while (true) {
            const auto received = mnl_socket_recvfrom(socket, buffer.data(), buffer.size());
            if (received <= 0) {
                error = std::string{"netlink receive: "} + std::strerror(errno);
                break;
            }
            const int status = mnl_cb_run(buffer.data(), static_cast<std::size_t>(received), sequence, port, on_object, &reply);
            if (status < 0) {
                error = std::string{"nft counter inet "} + kNftTable + " " + kBypassCounter + ": " + std::strerror(errno) +
                        " (are the rules installed? schoolgate firewall install)";
                break;
            }
            if (status == MNL_CB_STOP) break;
        }
    }
    mnl_socket_close(socket);
    // A count that arrived is good even if a later message failed (the old behaviour, kept).
    if (reply.packets) return Out::success(*reply.packets);
    if (error.empty()) {
        // The kernel acknowledged the request but sent no counter: not an error it reported, but no count either.
        error = std::string{"nft counter inet "} + kNftTable + " " + kBypassCounter +
                ": no packet count in the kernel's answer (are the rules installed? schoolgate firewall install)";
    }
    return Out::failure(error);
}

}  // namespace schoolgate::gateway::enforce
