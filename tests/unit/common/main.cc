#define BOOST_TEST_MODULE common_unit_tests
#include <boost/test/unit_test.hpp>
