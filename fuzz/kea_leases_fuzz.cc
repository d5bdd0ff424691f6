// Fuzz target: the kea lease file parser (config/identity/lease.h, parse_kea_leases): Kea's memfile CSV (a header naming the columns, then records).
// Input: the file's bytes. Besides "no crash, no UB": the limits hold, host names are normalised, every
// issue has a place, the same bytes give the same leases, and format detection never crashes.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz/lease_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace schoolgate::config::identity;
    const std::span<const std::uint8_t> bytes{data, size};
    const auto file = parse_kea_leases(bytes);
    schoolgate::fuzz::check_lease_file(file);
    const auto again = parse_kea_leases(bytes);
    if (again.leases.size() != file.leases.size() || again.issues.size() != file.issues.size()) std::abort();
    (void)detect_lease_format(bytes);
    return 0;
}
