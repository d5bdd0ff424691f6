#define BOOST_TEST_MODULE config_unit_tests
#include <boost/test/unit_test.hpp>
