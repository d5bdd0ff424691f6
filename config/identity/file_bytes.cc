#include "config/identity/file_bytes.h"

#include <filesystem>
#include <fstream>
#include <system_error>

namespace schoolgate::config::identity {

Result<std::vector<std::uint8_t>, std::string> read_file_bytes(const std::string& path, std::size_t max_bytes) {
    using Read = Result<std::vector<std::uint8_t>, std::string>;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return Read::failure("cannot read the file (check the path and that it is a regular file)");
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return Read::failure("cannot read the file: " + ec.message());
    if (size > max_bytes) {
        return Read::failure("is larger than " + std::to_string(max_bytes / (1024 * 1024)) + " MiB (check this is the right file)");
    }
    std::ifstream in{path, std::ios::binary};
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    if (!in || !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
        return Read::failure("cannot read the file (check its permissions)");
    }
    return Read::success(std::move(bytes));
}

}  // namespace schoolgate::config::identity
