#include "gateway/capture/live_pcap_source.h"

#include <pcap/pcap.h>
#include <poll.h>

#include "gateway/capture/pcap_file_source.h"

namespace schoolgate::gateway::capture {

namespace {

pcap_t* as_pcap(void* handle) { return static_cast<pcap_t*>(handle); }

struct DispatchContext {
    void (*callback)(void*, std::span<const std::uint8_t>);
    void* user;
};

void on_pcap_packet(u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
    const auto& context = *reinterpret_cast<const DispatchContext*>(user);  // NOLINT: libpcap's callback shape
    context.callback(context.user, {bytes, header->caplen});
}

}  // namespace

Result<std::unique_ptr<LivePcapSource>, std::string> LivePcapSource::open(const std::string& interface,
                                                                          const std::string& bpf_filter,
                                                                          bool promiscuous) {
    using R = Result<std::unique_ptr<LivePcapSource>, std::string>;
    char error[PCAP_ERRBUF_SIZE] = {};
    pcap_t* handle = pcap_create(interface.c_str(), error);
    if (!handle) return R::failure(interface + ": " + error);
    // These four fail only on a handle already activated (PCAP_ERROR_ACTIVATED), which this one is not.
    pcap_set_snaplen(handle, 65535);
    pcap_set_promisc(handle, promiscuous ? 1 : 0);
    pcap_set_immediate_mode(handle, 1);
    pcap_set_buffer_size(handle, 32 * 1024 * 1024);
    // A positive status is a warning (promiscuous mode or a timestamp type not supported): the capture works.
    if (const int status = pcap_activate(handle); status < 0) {
        std::string message = interface + ": " + pcap_geterr(handle) +
                              (status == PCAP_ERROR_PERM_DENIED ? " (run as root or with CAP_NET_RAW)" : "");
        pcap_close(handle);
        return R::failure(message);
    }
    const auto link = link_type_from_dlt(pcap_datalink(handle));
    if (!link) {
        pcap_close(handle);
        return R::failure(interface + ": link type not supported (use an Ethernet interface)");
    }
    bpf_program program{};
    if (pcap_compile(handle, &program, bpf_filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) < 0 ||
        pcap_setfilter(handle, &program) < 0) {
        std::string message = interface + ": capture filter '" + bpf_filter + "': " + pcap_geterr(handle);
        pcap_freecode(&program);
        pcap_close(handle);
        return R::failure(message);
    }
    pcap_freecode(&program);
    if (pcap_setnonblock(handle, 1, error) < 0) {
        pcap_close(handle);
        return R::failure(interface + ": " + error);
    }
    return R::success(std::unique_ptr<LivePcapSource>(new LivePcapSource(handle, *link)));
}

LivePcapSource::LivePcapSource(void* handle, decode::LinkType link_type)
    : handle_(handle), descriptor_(pcap_get_selectable_fd(as_pcap(handle))), link_type_(link_type) {}

LivePcapSource::~LivePcapSource() { pcap_close(as_pcap(handle_)); }

Result<int, std::string> LivePcapSource::dispatch_raw(std::chrono::milliseconds timeout, RawCallback callback,
                                                      void* user) {
    using Out = Result<int, std::string>;
    pollfd descriptor{descriptor_, POLLIN, 0};
    // poll fails on a signal (EINTR): nothing arrived this time, which is not an error. The descriptor is
    // libpcap's and stays valid until pcap_close, so a broken capture shows in pcap_dispatch.
    if (::poll(&descriptor, 1, static_cast<int>(timeout.count())) < 0) return Out::success(0);
    DispatchContext context{callback, user};
    const int handled = pcap_dispatch(as_pcap(handle_), -1, on_pcap_packet, reinterpret_cast<u_char*>(&context));  // NOLINT
    if (handled == PCAP_ERROR) return Out::failure(pcap_geterr(as_pcap(handle_)));
    return Out::success(handled < 0 ? 0 : handled);
}

Result<LiveCaptureCounters, std::string> LivePcapSource::counters() const {
    using Out = Result<LiveCaptureCounters, std::string>;
    pcap_stat stats{};
    // Zeros here would read as "nothing dropped": say that the counters are unknown instead.
    if (pcap_stats(as_pcap(handle_), &stats) < 0) {
        return Out::failure(std::string{"capture counters: "} + pcap_geterr(as_pcap(handle_)));
    }
    return Out::success({stats.ps_recv, stats.ps_drop, stats.ps_ifdrop});
}

}  // namespace schoolgate::gateway::capture
