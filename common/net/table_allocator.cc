#include "common/net/table_allocator.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace schoolgate::net::detail {

namespace {

constexpr std::size_t kHugePage = 2 * 1024 * 1024;  // x86-64's transparent huge page
constexpr std::align_val_t kCacheLine{64};

std::size_t rounded(std::size_t bytes) noexcept { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }

}  // namespace

void* allocate_table(std::size_t bytes) {
    if (bytes < kHugePage) return ::operator new(bytes, kCacheLine);
    void* block = std::aligned_alloc(kHugePage, rounded(bytes));
    if (!block) throw std::bad_alloc{};
    // Advice only: refused (THP "never", an old kernel), the table works the same with small pages.
    ::madvise(block, rounded(bytes), MADV_HUGEPAGE);
    return block;
}

void free_table(void* block, std::size_t bytes) noexcept {
    if (!block) return;
    if (bytes < kHugePage) {
        ::operator delete(block, kCacheLine);
    } else {
        std::free(block);
    }
}

}  // namespace schoolgate::net::detail
