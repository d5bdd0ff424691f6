#include "common/container/lru_map.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "common/net/keyed_hash.h"

namespace {
using schoolgate::container::LruMap;
using Map = LruMap<std::string, int, schoolgate::net::KeyedStringHash>;

// Empties the map from the oldest end, returning the keys in that order.
std::vector<std::string> drain_oldest_first(Map& map) {
    std::vector<std::string> keys;
    while (const auto* key = map.oldest_key()) {
        keys.push_back(*key);
        map.erase_oldest();
    }
    return keys;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(LruMapTest)

BOOST_AUTO_TEST_CASE(keeps_insertion_order_until_an_entry_is_made_newest) {
    Map map;
    map.insert_newest("a", 1);
    map.insert_newest("b", 2);
    map.insert_newest("c", 3);
    BOOST_TEST(*map.oldest_key() == "a");
    map.make_newest("a");
    BOOST_TEST(*map.find_and_make_newest("b") == 2);
    map.make_newest("missing");
    BOOST_TEST(map.size() == 3u);
    BOOST_TEST(drain_oldest_first(map) == (std::vector<std::string>{"c", "a", "b"}), boost::test_tools::per_element());
    BOOST_TEST(map.empty());
    map.erase_oldest();  // nothing to forget
    BOOST_TEST(map.oldest_key() == nullptr);
}

BOOST_AUTO_TEST_CASE(find_leaves_the_order_alone) {
    Map map;
    map.insert_newest("a", 1);
    map.insert_newest("b", 2);
    BOOST_TEST(*map.find("a") == 1);
    BOOST_TEST(map.find("z") == nullptr);
    BOOST_TEST(map.find_and_make_newest("z") == nullptr);
    BOOST_TEST(map.contains("b"));
    BOOST_TEST(*map.oldest_key() == "a");
}

// A bounded table at capacity under a flood of new keys: each newcomer forgets exactly the least recently
// used entry, and the order survives the rehashing a growing map goes through.
BOOST_AUTO_TEST_CASE(at_capacity_each_newcomer_forgets_the_least_recently_used) {
    constexpr int kCapacity = 1000;
    Map map;
    for (int i = 0; i < kCapacity; ++i) map.insert_newest("k" + std::to_string(i), i);
    map.make_newest("k0");  // k0 was used again: k1 is now the idlest
    for (int i = kCapacity; i < 3 * kCapacity; ++i) {
        if (static_cast<int>(map.size()) >= kCapacity) map.erase_oldest();
        map.insert_newest("k" + std::to_string(i), i);
        if (i == kCapacity) {
            BOOST_TEST(!map.contains("k1"));
            BOOST_TEST(map.contains("k0"));
            BOOST_TEST(*map.oldest_key() == "k2");
        }
    }
    BOOST_TEST(map.size() == static_cast<std::size_t>(kCapacity));
    BOOST_TEST(*map.oldest_key() == "k" + std::to_string(2 * kCapacity));
}

BOOST_AUTO_TEST_SUITE_END()
