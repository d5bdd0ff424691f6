#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/ndpi/ndpi_flow.h"
#include "classifiers/ndpi/ndpi_reading.h"

// nDPI's own types, declared here only by name: no header outside classifiers/ndpi/*.cc includes nDPI.
struct ndpi_detection_module_struct;

namespace schoolgate::classifiers::ndpi {

/// One nDPI detection module (Debian's libndpi 4.2): created with every protocol enabled, finalised once
/// (ndpi_finalize_initialization) and never reconfigured afterwards. Our own service lists live in the
/// policy snapshot, so a policy reload never touches it.
///
/// Thread safety (nDPI 4.2, read in its ndpi_main.c):
/// - A module is NOT safe to share between threads: the packet being dissected (`ndpi_str->packet`) and
///   its LRU caches (Ookla, BitTorrent, STUN, mining, TLS certificates...) live inside the module and are
///   written on every packet. The safe choice is one module per worker thread, each flow fed only by the
///   worker that owns both. (A 4.2 module holds about 4.9 MB of heap - see allocated_bytes().)
/// - Creating modules must not run in parallel (nDPI's documentation for ndpi_init_detection_module; it
///   initialises libgcrypt and process-wide tables). The constructor serialises this with a process-wide
///   lock, so workers may construct theirs concurrently.
/// - Left in nDPI: a few lazily filled static tables (valid host-name characters) and static buffers
///   returned for out-of-range categories and risks; this adapter never asks for out-of-range values.
class NdpiModule {
public:
    /// Initialises and finalises nDPI. Start-up only (control plane): throws std::bad_alloc when nDPI
    /// cannot allocate its module.
    NdpiModule();
    ~NdpiModule();
    NdpiModule(const NdpiModule&) = delete;
    NdpiModule& operator=(const NdpiModule&) = delete;

    /// Bytes of nDPI's per-flow struct (ndpi_detection_get_sizeof_ndpi_flow_struct: 688 in 4.2 on
    /// amd64). nDPI may allocate more while it dissects (TLS buffers, certificate names).
    static std::size_t flow_state_bytes() noexcept;
    /// nDPI's version string ("4.2.0").
    static std::string version();
    /// Bytes nDPI holds on the heap right now, all modules and flows of the process together (counted by
    /// allocation hooks installed before the first module is created). For the `ndpi.memory_bytes` stat.
    static std::int64_t allocated_bytes() noexcept;

    /// Number of protocol ids nDPI knows (ids are 0 .. protocol_count() - 1; 0 is "Unknown").
    std::size_t protocol_count() const noexcept;
    /// nDPI's name for a protocol id ("Facebook" for 119); "Unknown" for 0 and for ids nDPI does not know.
    std::string_view protocol_name(std::uint16_t id) const noexcept;
    /// The id nDPI gives a protocol name, compared without regard to case ("facebook" -> 119); nullopt
    /// when this nDPI does not know the name (e.g. names added in later versions: "NordVPN").
    std::optional<std::uint16_t> protocol_id(std::string_view name) const;
    /// nDPI's name for every protocol it knows, in id order (for mapping checks and docs).
    std::vector<std::string> protocol_names() const;

private:
    friend class NdpiFlow;
    ndpi_detection_module_struct* module_ = nullptr;
};

}  // namespace schoolgate::classifiers::ndpi
