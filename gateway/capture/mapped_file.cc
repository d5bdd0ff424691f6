#include "gateway/capture/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

namespace schoolgate::gateway::capture {

std::unique_ptr<MappedFile> MappedFile::open(const std::string& path) {
    // Look before opening: opening a FIFO would wait for its writer, and closing it again would cut the
    // writer off before libpcap gets to read it.
    struct stat before {};
    if (::stat(path.c_str(), &before) != 0 || !S_ISREG(before.st_mode)) return nullptr;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return nullptr;
    struct stat status {};
    void* data = MAP_FAILED;
    std::size_t size = 0;
    if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode) && status.st_size > 0) {
        size = static_cast<std::size_t>(status.st_size);
        data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    }
    ::close(fd);  // the mapping keeps the file
    if (data == MAP_FAILED) return nullptr;
    // Read front to back once: the kernel reads ahead and drops pages behind.
    ::madvise(data, size, MADV_SEQUENTIAL);
    auto file = std::unique_ptr<MappedFile>(new MappedFile(static_cast<const std::uint8_t*>(data), size));
    file->populate_from(0);
    return file;
}

bool MappedFile::drop_before(std::size_t offset) noexcept {
    if (offset < released_ + kReleaseStep) return false;
    static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t end = std::min(offset, size_) / page * page;
    // The mapping is read-only and private: dropped pages read back from the file if touched again.
    ::madvise(const_cast<std::uint8_t*>(data_) + released_, end - released_, MADV_DONTNEED);
    released_ = end;
    return true;
}

void MappedFile::populate_from(std::size_t offset) noexcept {
#ifdef MADV_POPULATE_READ
    if (offset >= size_) return;
    const std::size_t length = std::min(size_ - offset, 2 * kReleaseStep);
    ::madvise(const_cast<std::uint8_t*>(data_) + offset, length, MADV_POPULATE_READ);
#else
    (void)offset;
#endif
}

MappedFile::~MappedFile() { ::munmap(const_cast<std::uint8_t*>(data_), size_); }

}  // namespace schoolgate::gateway::capture
