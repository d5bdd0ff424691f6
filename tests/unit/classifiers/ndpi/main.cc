#define BOOST_TEST_MODULE classifiers_ndpi_unit_tests
#include <boost/test/unit_test.hpp>
