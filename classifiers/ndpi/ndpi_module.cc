#include "classifiers/ndpi/ndpi_module.h"

#include <ndpi/ndpi_api.h>

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <new>

namespace schoolgate::classifiers::ndpi {

namespace {

// nDPI's heap, counted by hooks on its allocator (nDPI's own counter, ndpi_get_tot_allocated_memory,
// only ever grows: ndpi_free does not subtract).
std::atomic<std::int64_t> g_live_bytes{0};

void* counting_malloc(std::size_t size) {
    void* block = std::malloc(size);
    if (block) g_live_bytes.fetch_add(static_cast<std::int64_t>(malloc_usable_size(block)), std::memory_order_relaxed);
    return block;
}

void counting_free(void* block) {
    if (!block) return;
    g_live_bytes.fetch_sub(static_cast<std::int64_t>(malloc_usable_size(block)), std::memory_order_relaxed);
    std::free(block);
}

// ndpi_init_detection_module "calls MUST NOT run in parallel" (ndpi_api.h): it initialises libgcrypt and
// process-wide tables. Finalising touches the same tables, so both run under this lock.
std::mutex& init_mutex() {
    static std::mutex mutex;
    return mutex;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

}  // namespace

NdpiModule::NdpiModule() {
    const std::lock_guard lock{init_mutex()};
    static const bool hooks_installed = [] {
        // Before nDPI's first allocation, so that every block it frees was counted when it was allocated.
        set_ndpi_malloc(counting_malloc);
        set_ndpi_free(counting_free);
        return true;
    }();
    (void)hooks_installed;
    // Tor relay addresses are loaded (no ndpi_dont_load_tor_hosts): they are part of nDPI's opinion on Tor.
    module_ = ndpi_init_detection_module(ndpi_no_prefs);
    if (!module_) throw std::bad_alloc{};
    NDPI_PROTOCOL_BITMASK all;
    NDPI_BITMASK_SET_ALL(all);
    ndpi_set_protocol_detection_bitmask2(module_, &all);
    ndpi_finalize_initialization(module_);
}

NdpiModule::~NdpiModule() { ndpi_exit_detection_module(module_); }

std::size_t NdpiModule::flow_state_bytes() noexcept { return ndpi_detection_get_sizeof_ndpi_flow_struct(); }

std::string NdpiModule::version() { return ndpi_revision(); }

std::int64_t NdpiModule::allocated_bytes() noexcept { return g_live_bytes.load(std::memory_order_relaxed); }

std::size_t NdpiModule::protocol_count() const noexcept { return ndpi_get_ndpi_num_supported_protocols(module_); }

std::string_view NdpiModule::protocol_name(std::uint16_t id) const noexcept {
    // ndpi_get_proto_name maps ids it does not know to "Unknown"; the names live as long as the module.
    const char* name = ndpi_get_proto_name(module_, id);
    return name ? std::string_view{name} : std::string_view{"Unknown"};
}

std::optional<std::uint16_t> NdpiModule::protocol_id(std::string_view name) const {
    // Not ndpi_get_protocol_id: it takes a mutable char* and calls strcasecmp on names that may be null.
    const auto count = protocol_count();
    for (std::size_t id = 0; id < count; ++id) {
        if (equal_ignoring_case(protocol_name(static_cast<std::uint16_t>(id)), name)) {
            return static_cast<std::uint16_t>(id);
        }
    }
    return std::nullopt;
}

std::vector<std::string> NdpiModule::protocol_names() const {
    std::vector<std::string> names;
    const auto count = protocol_count();
    names.reserve(count);
    for (std::size_t id = 0; id < count; ++id) names.emplace_back(protocol_name(static_cast<std::uint16_t>(id)));
    return names;
}

}  // namespace schoolgate::classifiers::ndpi
