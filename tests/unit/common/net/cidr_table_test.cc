#include "common/net/cidr_table.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace {

namespace bdata = boost::unit_test::data;
using schoolgate::net::Cidr;
using schoolgate::net::CidrTable;
using schoolgate::net::IpAddress;

Cidr cidr(const char* text) { return Cidr::parse(text).value(); }
IpAddress ip(const char* text) { return *IpAddress::parse(text); }

// The straightforward answer: of the blocks containing the address, the longest.
struct Reference {
    std::vector<std::pair<Cidr, int>> blocks;  ///< first value of each distinct block

    bool add(const Cidr& block, int value) {
        for (const auto& [b, v] : blocks) {
            if (b == block) return false;
        }
        blocks.emplace_back(block, value);
        return true;
    }
    std::optional<int> find(const IpAddress& address) const {
        std::optional<int> best;
        int best_length = -1;
        for (const auto& [b, v] : blocks) {
            if (b.contains(address) && b.prefix_length() > best_length) {
                best = v;
                best_length = b.prefix_length();
            }
        }
        return best;
    }
};

// Addresses near a few bases, so that blocks nest and queries fall inside several of them at once.
class Addresses {
public:
    explicit Addresses(std::uint64_t seed) : rng_(seed) {
        for (auto& base : v4_bases_) base = static_cast<std::uint32_t>(rng_());
        for (auto& base : v6_bases_) {
            for (auto& byte : base) byte = static_cast<std::uint8_t>(rng_());
        }
    }
    IpAddress v4() {
        // Bases differ in their top bits; a random number of low bits varies, often few.
        const std::uint32_t base = v4_bases_[rng_() % v4_bases_.size()];
        const unsigned varied = static_cast<unsigned>(rng_() % 33);
        const std::uint32_t low = varied == 0 ? 0u : static_cast<std::uint32_t>(rng_()) >> (32 - varied);
        return IpAddress::v4(varied == 32 ? low : ((base >> varied) << varied) | low);
    }
    IpAddress v6() {
        auto bytes = v6_bases_[rng_() % v6_bases_.size()];
        const unsigned varied = static_cast<unsigned>(rng_() % 129);
        for (unsigned bit = 128 - varied; bit < 128; ++bit) {
            const auto mask = static_cast<std::uint8_t>(0x80u >> (bit % 8));
            bytes[bit / 8] = static_cast<std::uint8_t>((rng_() & 1) ? (bytes[bit / 8] | mask) : (bytes[bit / 8] & ~mask));
        }
        return *IpAddress::from_network_bytes(bytes);
    }
    Cidr block(bool v6) {
        // Every length, with /0 and the host routes (/32, /128) drawn often.
        const unsigned max = v6 ? 128 : 32;
        const unsigned pick = static_cast<unsigned>(rng_() % (max + 9));
        const unsigned length = pick <= max ? pick : (pick % 2 ? 0 : max);
        return Cidr{v6 ? this->v6() : v4(), static_cast<std::uint8_t>(length)};
    }
    std::mt19937_64& rng() { return rng_; }

private:
    std::mt19937_64 rng_;
    std::array<std::uint32_t, 6> v4_bases_{};
    std::array<std::array<std::uint8_t, 16>, 6> v6_bases_{};
};

struct SeedCase {
    std::uint64_t addresses;
    std::optional<std::uint64_t> table;  ///< none: the table draws its own
};
std::ostream& operator<<(std::ostream& out, const SeedCase& c) {
    return out << c.addresses << "/" << (c.table ? std::to_string(*c.table) : "random");
}
const std::vector<SeedCase> kSeeds{{1, 0}, {2, 1}, {3, 0xdeadbeef}, {4, std::nullopt}, {5, std::nullopt}};

}  // namespace

BOOST_AUTO_TEST_SUITE(CidrTableTest)

BOOST_DATA_TEST_CASE(agrees_with_a_brute_force_longest_prefix_match, bdata::make(kSeeds), seeds) {
    Addresses addresses{seeds.addresses};
    CidrTable<int> table = seeds.table ? CidrTable<int>{*seeds.table} : CidrTable<int>{};
    Reference reference;
    for (int i = 0; i < 3000; ++i) {
        const Cidr block = addresses.block(i % 3 == 0);
        BOOST_TEST(table.add(block, i) == reference.add(block, i), block.to_string());
        if (i % 10 == 0) {  // the same block again: refused, first value kept
            BOOST_TEST(!table.add(block, -i));
            BOOST_TEST(!reference.add(block, -i));
        }
    }
    BOOST_TEST(table.size() == reference.blocks.size());
    std::size_t hits = 0;
    for (int q = 0; q < 20000; ++q) {
        IpAddress address;
        switch (q % 4) {
            case 0: address = addresses.v4(); break;
            case 1: address = addresses.v6(); break;
            case 2: address = IpAddress::v4(static_cast<std::uint32_t>(addresses.rng()())); break;
            default: address = reference.blocks[addresses.rng()() % reference.blocks.size()].first.network(); break;
        }
        const int* found = table.find(address);
        const auto expected = reference.find(address);
        BOOST_TEST((found != nullptr) == expected.has_value(), address.to_string());
        if (found && expected) {
            BOOST_TEST(*found == *expected, address.to_string());
            ++hits;
        }
    }
    BOOST_TEST(hits > 5000u);  // the workload exercises hits, not only misses
}

BOOST_AUTO_TEST_CASE(default_routes_and_host_routes) {
    CidrTable<int> table{7};
    BOOST_TEST(table.add(cidr("0.0.0.0/0"), 1));
    BOOST_TEST(table.add(cidr("::/0"), 2));
    BOOST_TEST(table.add(cidr("203.0.113.9/32"), 3));
    BOOST_TEST(table.add(cidr("2001:db8::1/128"), 4));
    BOOST_TEST(table.add(cidr("2001:db8::/64"), 5));
    BOOST_TEST(table.add(cidr("2001:db8::/65"), 6));
    BOOST_TEST(*table.find(ip("198.51.100.1")) == 1);
    BOOST_TEST(*table.find(ip("0.0.0.0")) == 1);
    BOOST_TEST(*table.find(ip("255.255.255.255")) == 1);
    BOOST_TEST(*table.find(ip("203.0.113.9")) == 3);
    BOOST_TEST(*table.find(ip("203.0.113.8")) == 1);
    BOOST_TEST(*table.find(ip("2001:db8::1")) == 4);
    BOOST_TEST(*table.find(ip("2001:db8::2")) == 6);
    BOOST_TEST(*table.find(ip("2001:db8::8000:0:0:0")) == 5);  // bit 64 set: outside the /65
    BOOST_TEST(*table.find(ip("2001:db9::1")) == 2);
    BOOST_TEST(*table.find(ip("::")) == 2);
    BOOST_TEST(table.size() == 6u);
}

BOOST_AUTO_TEST_CASE(families_never_cross) {
    CidrTable<int> table;
    table.add(cidr("157.240.0.0/16"), 1);
    table.add(cidr("::/96"), 2);  // the old IPv4-compatible range: still an IPv6 block
    BOOST_TEST(table.find(ip("::ffff:157.240.1.1")) == nullptr);
    BOOST_TEST(table.find(ip("9df0:101::")) == nullptr);  // 9d f0 01 01 = 157.240.1.1
    BOOST_TEST(*table.find(ip("::157.240.1.1")) == 2);
    BOOST_TEST(table.find(ip("0.0.0.1")) == nullptr);
}

BOOST_AUTO_TEST_CASE(a_million_blocks_of_one_length_keep_every_value) {
    // Enough entries to grow the table many times over: every block keeps its value.
    CidrTable<std::uint16_t> table;
    constexpr std::uint32_t kBlocks = 1u << 20;
    for (std::uint32_t i = 0; i < kBlocks; ++i) {
        table.add(Cidr{IpAddress::v4(0x70000000u + i * 256u), 24}, static_cast<std::uint16_t>(i));
    }
    BOOST_TEST(table.size() == kBlocks);
    std::size_t wrong = 0;
    for (std::uint32_t i = 0; i < kBlocks; i += 7) {
        const auto* value = table.find(IpAddress::v4(0x70000000u + i * 256u + 9u));
        if (!value || *value != static_cast<std::uint16_t>(i)) ++wrong;
    }
    BOOST_TEST(wrong == 0u);
    BOOST_TEST(table.find(IpAddress::v4(0x6fffffffu)) == nullptr);
    // 8-byte slots (address, service-sized value, used), at most half full: 2^21 of them.
    BOOST_TEST(table.memory_bytes() == (std::size_t{1} << 21) * 8);
}

BOOST_AUTO_TEST_CASE(empty_table_finds_nothing) {
    const CidrTable<int> table;
    BOOST_TEST(table.size() == 0u);
    BOOST_TEST(table.memory_bytes() == 0u);
    BOOST_TEST(table.find(ip("157.240.1.1")) == nullptr);
    BOOST_TEST(table.find(ip("2a03:2880::1")) == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
