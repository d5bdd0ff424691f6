#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "gateway/capture/mapped_file.h"

namespace schoolgate::gateway::capture {

/// Several threads reading one MappedFile front to back, each at its own pace (the workers of
/// ParallelReplay, each a PcapFileSource::open_shared reader): the file is mapped once, so its pages are
/// faulted in once for all of them; pages are dropped only behind the slowest reader and mapped in ahead
/// of the fastest. Thread-safe; a reader reports every MappedFile::kReleaseStep bytes, so the lock is taken
/// a few hundred times a gigabyte.
class SharedReading {
public:
    SharedReading(std::shared_ptr<MappedFile> file, std::size_t readers)
        : file_(std::move(file)), progress_(readers, 0) {}

    /// Reader `reader` will read nothing before `offset` again.
    void reached(std::size_t reader, std::size_t offset) noexcept;

private:
    std::shared_ptr<MappedFile> file_;
    std::mutex mutex_;
    std::vector<std::size_t> progress_;  ///< each reader's last report
    std::size_t populated_ = 0;  ///< mapped in up to here
};

}  // namespace schoolgate::gateway::capture
