#define BOOST_TEST_MODULE tools_unit_tests
#include <boost/test/unit_test.hpp>
