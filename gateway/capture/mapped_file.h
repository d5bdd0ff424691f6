#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace schoolgate::gateway::capture {

/// A regular file mapped read-only into memory, for reading a capture without copying it. The file must
/// not shrink while it is mapped (the kernel would then stop the process with SIGBUS on the lost pages):
/// replay reads finished captures, never one still being written.
class MappedFile {
public:
    /// std::nullopt-like null when `path` is not a non-empty regular file or cannot be mapped; the caller
    /// then reads it another way (a pipe, /dev/stdin) and reports errors from there.
    static std::unique_ptr<MappedFile> open(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::span<const std::uint8_t> bytes() const noexcept { return {data_, size_}; }

private:
    MappedFile(const std::uint8_t* data, std::size_t size) noexcept : data_(data), size_(size) {}

    const std::uint8_t* data_;
    std::size_t size_;
};

}  // namespace schoolgate::gateway::capture
