#include "common/net/table_allocator.h"

#include <new>

namespace schoolgate::net::detail {

namespace {
constexpr std::align_val_t kCacheLine{64};
}  // namespace

void* allocate_table(std::size_t bytes) { return ::operator new(bytes, kCacheLine); }

void free_table(void* block, std::size_t) noexcept { ::operator delete(block, kCacheLine); }

}  // namespace schoolgate::net::detail
