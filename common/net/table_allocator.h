#pragma once

#include <cstddef>

namespace schoolgate::net {

namespace detail {
void* allocate_table(std::size_t bytes);
void free_table(void* block, std::size_t bytes) noexcept;
}  // namespace detail

/// The allocator of the big flat tables (CidrTable, the domain-suffix matcher). A block of 2 MiB or more is
/// 2 MiB-aligned, rounded up to whole 2 MiB, and offered to the kernel for transparent huge pages
/// (madvise MADV_HUGEPAGE): a table of a million entries then needs a few dozen TLB entries instead of
/// thousands, and a lookup that misses the cache does not also walk the page tables (measured in
/// docs/performance.md §3: about a quarter off a lookup at 1 M entries on the project's VM). Where the
/// kernel gives no huge pages (THP "never") only the alignment changes. Smaller blocks are 64-byte aligned,
/// so that no slot straddles two cache lines. Throws std::bad_alloc like operator new.
template <typename T>
struct TableAllocator {
    using value_type = T;

    TableAllocator() noexcept = default;
    template <typename U>
    TableAllocator(const TableAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) { return static_cast<T*>(detail::allocate_table(n * sizeof(T))); }
    void deallocate(T* block, std::size_t n) noexcept { detail::free_table(block, n * sizeof(T)); }

    template <typename U>
    friend bool operator==(const TableAllocator&, const TableAllocator<U>&) noexcept {
        return true;
    }
};

}  // namespace schoolgate::net
