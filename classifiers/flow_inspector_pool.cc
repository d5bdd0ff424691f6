// FlowInspector's class-specific operator new and delete: a per-thread free list of inspector-sized
// blocks, so that a new flow reuses the block of a settled flow's inspector instead of calling malloc.
#include <array>
#include <new>

#include "classifiers/flow_inspector.h"

namespace schoolgate::classifiers {

namespace {

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SG_POOL_UNDER_ASAN 1  // clang says so this way
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(SG_POOL_UNDER_ASAN)
constexpr bool kPooled = false;  // ASan must see every inspector freed, to catch a use after free
#else
constexpr bool kPooled = true;
#endif

// This thread's free blocks, each sizeof(FlowInspector) bytes from ::operator new. Given back to the
// allocator when the thread ends; an inspector deleted after that (an engine outliving its thread's
// locals) goes straight back too.
struct FreeBlocks {
    std::array<void*, kPooledInspectorBlocks> blocks{};
    std::size_t count = 0;
    bool closed = false;
    ~FreeBlocks() {
        for (std::size_t i = 0; i < count; ++i) ::operator delete(blocks[i], sizeof(FlowInspector));
        count = 0;
        closed = true;
    }
};

FreeBlocks& free_blocks() noexcept {
    thread_local FreeBlocks list;
    return list;
}

}  // namespace

void* FlowInspector::operator new(std::size_t size) {
    if (kPooled && size == sizeof(FlowInspector)) {
        auto& list = free_blocks();
        if (list.count > 0) return list.blocks[--list.count];
    }
    return ::operator new(size);
}

void FlowInspector::operator delete(void* block, std::size_t size) noexcept {
    if (kPooled && block != nullptr && size == sizeof(FlowInspector)) {
        auto& list = free_blocks();
        if (!list.closed && list.count < list.blocks.size()) {
            list.blocks[list.count++] = block;
            return;
        }
    }
    ::operator delete(block, size);
}

}  // namespace schoolgate::classifiers
