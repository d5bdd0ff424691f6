// A settled flow's inspector leaves its block for the next flow's (FlowInspector::operator new/delete).
#include <boost/test/unit_test.hpp>
#include <memory>
#include <new>
#include <set>
#include <vector>

#include "classifiers/flow_inspector.h"

namespace schoolgate::classifiers {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAsan = true;  // the pool is off under ASan: every inspector is freed
#else
constexpr bool kAsan = false;
#endif

BOOST_AUTO_TEST_SUITE(FlowInspectorPoolTest)

BOOST_AUTO_TEST_CASE(a_new_flow_reuses_a_settled_flows_block) {
    if (kAsan) return;
    std::vector<std::unique_ptr<FlowInspector>> settled;
    std::set<const void*> blocks;
    for (int i = 0; i < 8; ++i) {
        settled.push_back(std::make_unique<FlowInspector>(Transport::Tcp, 443));
        blocks.insert(settled.back().get());
    }
    settled.clear();  // the flows settle
    // Other allocations of the same size come in between: malloc would hand them the freed blocks.
    std::vector<void*> others;
    for (int i = 0; i < 8; ++i) others.push_back(::operator new(sizeof(FlowInspector)));
    for (int i = 0; i < 8; ++i) {
        const auto fresh = std::make_unique<FlowInspector>(Transport::Udp, 53);
        BOOST_TEST(blocks.count(fresh.get()) == 1u);
        BOOST_TEST(fresh->observations().host.empty());  // a new inspector, whoever had the block before
    }
    for (void* other : others) ::operator delete(other, sizeof(FlowInspector));
}

BOOST_AUTO_TEST_CASE(the_pool_keeps_a_bounded_number_of_blocks) {
    std::vector<std::unique_ptr<FlowInspector>> many;
    for (std::size_t i = 0; i < kPooledInspectorBlocks + 100; ++i) {
        many.push_back(std::make_unique<FlowInspector>(Transport::Tcp, 443));
    }
    many.clear();  // 100 of them go back to the allocator (LeakSanitizer checks nothing is lost)
    BOOST_TEST(many.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::classifiers
