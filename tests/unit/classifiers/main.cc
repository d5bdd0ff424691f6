#define BOOST_TEST_MODULE classifiers_unit_tests
#include <boost/test/unit_test.hpp>
