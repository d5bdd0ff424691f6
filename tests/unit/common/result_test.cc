#include "common/result.h"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

using schoolgate::Result;

namespace {

Result<int, std::string> parse_digit(char c) {
    if (c < '0' || c > '9') return Result<int, std::string>::failure(std::string{"'"} + c + "' is not a digit");
    return Result<int, std::string>::success(c - '0');
}

Result<void, std::string> require_even(int n) {
    if (n % 2 != 0) return Result<void, std::string>::failure(std::to_string(n) + " is odd");
    return Result<void, std::string>::success();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ResultTest)

BOOST_AUTO_TEST_CASE(a_value_or_an_error) {
    const auto digit = parse_digit('7');
    BOOST_REQUIRE(digit.ok());
    BOOST_TEST(static_cast<bool>(digit));
    BOOST_TEST(digit.value() == 7);

    const auto letter = parse_digit('x');
    BOOST_REQUIRE(!letter.ok());
    BOOST_TEST(!static_cast<bool>(letter));
    BOOST_TEST(letter.error() == "'x' is not a digit");
}

BOOST_AUTO_TEST_CASE(the_wrong_alternative_is_a_programming_error) {
    BOOST_CHECK_THROW((void)parse_digit('x').value(), std::bad_variant_access);
    BOOST_CHECK_THROW((void)parse_digit('1').error(), std::bad_variant_access);
}

BOOST_AUTO_TEST_CASE(values_and_errors_move_out) {
    auto owned = Result<std::unique_ptr<int>, std::string>::success(std::make_unique<int>(3));
    BOOST_REQUIRE(owned.ok());
    const std::unique_ptr<int> taken = std::move(owned).value();
    BOOST_TEST(*taken == 3);

    auto errors = Result<int, std::vector<std::string>>::failure({"first", "second"});
    const std::vector<std::string> all = std::move(errors).error();
    BOOST_TEST(all.size() == 2u);
}

BOOST_AUTO_TEST_CASE(void_results_say_only_whether_it_worked) {
    const auto even = require_even(4);
    BOOST_TEST(even.ok());
    BOOST_TEST(static_cast<bool>(even));
    BOOST_CHECK_THROW((void)even.error(), std::bad_optional_access);

    auto odd = require_even(3);
    BOOST_REQUIRE(!odd.ok());
    BOOST_TEST(odd.error() == "3 is odd");
    const std::string moved = std::move(odd).error();
    BOOST_TEST(moved == "3 is odd");
}

BOOST_AUTO_TEST_CASE(void_results_pass_an_error_up) {
    const auto both_even = [](int a, int b) -> Result<void, std::string> {
        if (auto first = require_even(a); !first.ok()) return first;
        return require_even(b);
    };
    BOOST_TEST(both_even(2, 4).ok());
    BOOST_TEST(both_even(2, 5).error() == "5 is odd");
    BOOST_TEST(both_even(1, 5).error() == "1 is odd");
}

BOOST_AUTO_TEST_SUITE_END()
