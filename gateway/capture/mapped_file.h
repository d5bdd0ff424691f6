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

    /// Says that nothing before `offset` will be read again: the pages wholly before it are dropped from
    /// the process, in steps of kReleaseStep, so that reading a 1 GB capture front to back holds a few MiB
    /// of it, not the whole file (the page cache keeps what the system can spare).
    void release_before(std::size_t offset) noexcept;

    static constexpr std::size_t kReleaseStep = 2 * 1024 * 1024;

private:
    MappedFile(const std::uint8_t* data, std::size_t size) noexcept : data_(data), size_(size) {}
    void populate_from(std::size_t offset) noexcept;

    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t released_ = 0;  ///< bytes from the start already dropped (a multiple of the page size)
};

}  // namespace schoolgate::gateway::capture
