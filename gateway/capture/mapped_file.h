#pragma once

#include <algorithm>
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
    void release_before(std::size_t offset) noexcept {
        if (drop_before(offset)) populate_from(released_);
    }
    /// The halves of release_before(), for several readers (SharedReading): drops the pages wholly before
    /// `offset`, in steps of kReleaseStep (false when there was no step to drop) ...
    bool drop_before(std::size_t offset) noexcept;
    /// ... and maps in the next 2 x kReleaseStep bytes from `offset`, so that reading them takes no page fault.
    void populate_from(std::size_t offset) noexcept;

    static constexpr std::size_t kReleaseStep = 2 * 1024 * 1024;

    /// Says that the bytes from `offset` on are read next, front to back: the cache lines up to kReadAhead
    /// past it are prefetched. The hardware's own prefetcher stops at each 4 KiB page, and a capture is read
    /// page after page (a cache miss on the first bytes of the record at every page was about a tenth of
    /// replay's time on the reference capture).
    /// `prefetched` is the reader's own: the lines before it are prefetched already.
    void read_ahead(std::size_t offset, std::size_t& prefetched) const noexcept {
        const std::size_t until = std::min(offset + kReadAhead, size_);
        if (prefetched < offset) prefetched = offset;
        for (; prefetched < until; prefetched += kCacheLine) __builtin_prefetch(data_ + prefetched);
    }

    static constexpr std::size_t kReadAhead = 4096;
    static constexpr std::size_t kCacheLine = 64;

private:
    MappedFile(const std::uint8_t* data, std::size_t size) noexcept : data_(data), size_(size) {}

    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t released_ = 0;  ///< bytes from the start already dropped (a multiple of the page size)
};

}  // namespace schoolgate::gateway::capture
