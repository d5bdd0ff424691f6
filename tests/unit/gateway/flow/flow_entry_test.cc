#include "gateway/flow/flow_entry.h"

#include <boost/test/unit_test.hpp>

using schoolgate::gateway::flow::count_up;
using schoolgate::gateway::flow::FlowEntry;

BOOST_AUTO_TEST_SUITE(FlowEntryTest)

// The inspection counters are 16 bits so that an entry stays within two cache lines; a long conversation
// keeps counting, so they stop at their largest value instead of wrapping to 0 (which would put a flow
// back under the budget and the padding cap it has long passed).
BOOST_AUTO_TEST_CASE(inspection_counters_stop_at_their_largest_value) {
    FlowEntry entry;
    for (int i = 0; i < 70'000; ++i) count_up(entry.inspected_packets);
    BOOST_TEST(entry.inspected_packets == 65'535u);
    entry.padding_packets = 65'534;
    count_up(entry.padding_packets);
    count_up(entry.padding_packets);
    BOOST_TEST(entry.padding_packets == 65'535u);
}

BOOST_AUTO_TEST_CASE(an_entry_fits_two_cache_lines) {
    BOOST_TEST(sizeof(FlowEntry) <= 128u);
    FlowEntry entry;
    BOOST_TEST(!entry.ndpi.done());  // the opinion is one pointer: not asked yet, not done
}

BOOST_AUTO_TEST_SUITE_END()
