#pragma once

#include <cstddef>

namespace schoolgate::net {

namespace detail {
void* allocate_table(std::size_t bytes);
void free_table(void* block, std::size_t bytes) noexcept;
}  // namespace detail

/// The allocator of the flat tables (CidrTable, the domain-suffix matcher): 64-byte aligned blocks, so that
/// no slot straddles two cache lines and a probe reads one line. (Transparent huge pages for the big
/// tables were tried and measured, 2026-12-06: no difference beyond noise at 1 M entries on the project's
/// VM, so they are not asked for.) Throws std::bad_alloc like operator new.
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
