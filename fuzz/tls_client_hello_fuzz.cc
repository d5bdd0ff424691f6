// Fuzz target: the TLS ClientHello parser (classifiers/tls/client_hello_parser.h) on its own.
// Input: the ClientHello body, the bytes after the 4-byte handshake header. The parser promises never to
// ask for more data (the record layer delivers whole messages) and to keep its limits.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "classifiers/limits.h"
#include "classifiers/tls/client_hello_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace classifiers = schoolgate::classifiers;
    const auto result = classifiers::tls::parse_client_hello({data, size});
    if (result.status() == classifiers::ParseStatus::NeedMoreData) std::abort();
    if (result.is_ok()) {
        const auto& hello = result.value();
        if (hello.alpn.size() > classifiers::limits::kMaxAlpnProtocols) std::abort();
        if (hello.supported_versions.size() > classifiers::limits::kMaxSupportedVersions) std::abort();
    }
    return 0;
}
