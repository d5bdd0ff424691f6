#include "classifiers/dns/address_name_cache.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace {

namespace bdata = boost::unit_test::data;
using schoolgate::classifiers::dns::AddressNameCache;
using schoolgate::net::IpAddress;

constexpr std::uint64_t kSecond = 1'000'000;
constexpr std::uint64_t kStart = 1'700'000'000 * kSecond;

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

IpAddress v4(std::uint32_t n) { return IpAddress::v4(0x0a000000u + n); }

struct LifetimeCase {
    std::uint32_t ttl;
    std::uint64_t lifetime_seconds;
};

std::ostream& operator<<(std::ostream& out, const LifetimeCase& c) {
    return out << "ttl " << c.ttl << " -> " << c.lifetime_seconds << "s";
}

const std::vector<LifetimeCase> kLifetimes{
    {0, AddressNameCache::kMinLifetimeSeconds},
    {10, AddressNameCache::kMinLifetimeSeconds},
    {299, AddressNameCache::kMinLifetimeSeconds},
    {300, 300},
    {3600, 3600},
    {86400, AddressNameCache::kMaxLifetimeSeconds},
    {604800, AddressNameCache::kMaxLifetimeSeconds},
    {0xffffffffu, AddressNameCache::kMaxLifetimeSeconds},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(AddressNameCacheTest)

BOOST_AUTO_TEST_CASE(unknown_address_has_no_name) {
    AddressNameCache cache{4};
    BOOST_TEST(!cache.lookup(ip("192.0.2.1"), kStart).has_value());
    BOOST_TEST(cache.size() == 0u);
    BOOST_TEST(cache.capacity() == 4u);
}

BOOST_DATA_TEST_CASE(ttl_is_clamped_and_entries_expire, bdata::make(kLifetimes), sample) {
    AddressNameCache cache{4};
    cache.remember(ip("192.0.2.1"), "example.com", kStart, sample.ttl);
    const std::uint64_t expiry = kStart + sample.lifetime_seconds * kSecond;
    BOOST_TEST(cache.lookup(ip("192.0.2.1"), kStart).value_or("") == "example.com");
    BOOST_TEST(cache.lookup(ip("192.0.2.1"), expiry - 1).value_or("") == "example.com");
    BOOST_TEST(!cache.lookup(ip("192.0.2.1"), expiry).has_value());
}

BOOST_AUTO_TEST_CASE(expiry_saturates_at_the_end_of_time) {
    AddressNameCache cache{1};
    const std::uint64_t late = UINT64_MAX - 5;
    cache.remember(ip("192.0.2.1"), "example.com", late, 3600);
    BOOST_TEST(cache.lookup(ip("192.0.2.1"), late).has_value());
}

BOOST_AUTO_TEST_CASE(full_cache_evicts_the_oldest_first) {
    AddressNameCache cache{3};
    for (std::uint32_t i = 1; i <= 3; ++i) cache.remember(v4(i), "n" + std::to_string(i), kStart, 600);
    BOOST_TEST(cache.size() == 3u);
    BOOST_TEST(cache.replaced() == 0u);

    cache.remember(v4(4), "n4", kStart, 600);
    BOOST_TEST(cache.size() == 3u);
    BOOST_TEST(cache.replaced() == 1u);
    BOOST_TEST(!cache.lookup(v4(1), kStart).has_value());
    BOOST_TEST(cache.lookup(v4(2), kStart).value_or("") == "n2");

    cache.remember(v4(5), "n5", kStart, 600);
    BOOST_TEST(!cache.lookup(v4(2), kStart).has_value());
    BOOST_TEST(cache.lookup(v4(3), kStart).value_or("") == "n3");
    BOOST_TEST(cache.lookup(v4(4), kStart).value_or("") == "n4");
    BOOST_TEST(cache.lookup(v4(5), kStart).value_or("") == "n5");
    BOOST_TEST(cache.replaced() == 2u);
}

BOOST_AUTO_TEST_CASE(remembering_a_known_address_replaces_name_and_expiry_in_place) {
    AddressNameCache cache{2};
    cache.remember(v4(1), "old.example", kStart, 300);
    cache.remember(v4(2), "other.example", kStart, 300);
    cache.remember(v4(1), "new.example", kStart + 200 * kSecond, 3600);
    BOOST_TEST(cache.size() == 2u);
    BOOST_TEST(cache.replaced() == 0u);
    BOOST_TEST(cache.lookup(v4(1), kStart + 1000 * kSecond).value_or("") == "new.example");
    BOOST_TEST(!cache.lookup(v4(2), kStart + 1000 * kSecond).has_value());

    // The refresh kept v4(1)'s original slot, so it is still the oldest.
    cache.remember(v4(3), "third.example", kStart, 300);
    BOOST_TEST(!cache.lookup(v4(1), kStart).has_value());
    BOOST_TEST(cache.lookup(v4(2), kStart).value_or("") == "other.example");
    // An evicted address that comes back takes a new slot and pushes out the next oldest.
    cache.remember(v4(1), "back.example", kStart, 300);
    BOOST_TEST(cache.size() == 2u);
    BOOST_TEST(!cache.lookup(v4(2), kStart).has_value());
    BOOST_TEST(cache.lookup(v4(3), kStart).value_or("") == "third.example");
    BOOST_TEST(cache.lookup(v4(1), kStart).value_or("") == "back.example");
}

BOOST_AUTO_TEST_CASE(ring_stays_consistent_with_a_fifo_model_under_churn) {
    AddressNameCache cache{5};
    std::deque<std::uint32_t> order;  // FIFO of first insertions, as the cache documents
    std::map<std::uint32_t, std::string> names;
    std::uint32_t state = 12345;
    for (int step = 0; step < 2000; ++step) {
        state = state * 1103515245u + 12345u;
        const std::uint32_t address = (state >> 16) % 9;
        const std::string name = "h" + std::to_string(step) + ".example";
        cache.remember(v4(address), name, kStart, 600);
        if (!names.count(address)) {
            order.push_back(address);
            if (order.size() > 5) {
                names.erase(order.front());
                order.pop_front();
            }
        }
        names[address] = name;
        BOOST_TEST_REQUIRE(cache.size() == names.size());
        for (std::uint32_t a = 0; a < 9; ++a) {
            const auto found = cache.lookup(v4(a), kStart);
            BOOST_TEST_REQUIRE(found.has_value() == (names.count(a) == 1));
            if (found) BOOST_TEST_REQUIRE(std::string(*found) == names[a]);
        }
    }
}

BOOST_AUTO_TEST_CASE(ipv6_and_ipv4_addresses_are_kept_apart) {
    AddressNameCache cache{4};
    cache.remember(ip("2001:db8::1"), "six.example", kStart, 600);
    cache.remember(ip("192.0.2.1"), "four.example", kStart, 600);
    BOOST_TEST(cache.lookup(ip("2001:db8::1"), kStart).value_or("") == "six.example");
    BOOST_TEST(cache.lookup(ip("192.0.2.1"), kStart).value_or("") == "four.example");
    BOOST_TEST(!cache.lookup(ip("2001:db8::2"), kStart).has_value());
    BOOST_TEST(!cache.lookup(ip("::c000:201"), kStart).has_value());
}

BOOST_AUTO_TEST_CASE(over_long_or_empty_names_and_zero_capacity_store_nothing) {
    AddressNameCache cache{4};
    cache.remember(v4(1), std::string(AddressNameCache::kMaxNameBytes + 1, 'a'), kStart, 600);
    cache.remember(v4(2), "", kStart, 600);
    cache.remember(v4(3), std::string(AddressNameCache::kMaxNameBytes, 'a'), kStart, 600);
    BOOST_TEST(!cache.lookup(v4(1), kStart).has_value());
    BOOST_TEST(!cache.lookup(v4(2), kStart).has_value());
    BOOST_TEST(cache.lookup(v4(3), kStart).has_value());
    BOOST_TEST(cache.size() == 1u);

    AddressNameCache none{0};
    none.remember(v4(1), "example.com", kStart, 600);
    BOOST_TEST(none.size() == 0u);
    BOOST_TEST(!none.lookup(v4(1), kStart).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
