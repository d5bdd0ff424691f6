#include "gateway/capture/shared_reading.h"

#include <algorithm>

namespace schoolgate::gateway::capture {

void SharedReading::reached(std::size_t reader, std::size_t offset) noexcept {
    const std::lock_guard lock{mutex_};
    progress_[reader] = offset;
    file_->drop_before(*std::min_element(progress_.begin(), progress_.end()));
    // Map in the next steps ahead of whoever is first there; the others find them mapped.
    if (populated_ < offset + 2 * MappedFile::kReleaseStep) {
        const std::size_t from = std::max(populated_, offset);
        file_->populate_from(from);
        populated_ = from + 2 * MappedFile::kReleaseStep;
    }
}

}  // namespace schoolgate::gateway::capture
