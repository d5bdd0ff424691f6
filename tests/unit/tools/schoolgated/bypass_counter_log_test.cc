#include "tools/schoolgated/bypass_counter_log.h"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/test/unit_test.hpp>

#include <memory>
#include <sstream>
#include <string>

using schoolgate::Result;
using schoolgate::tools::daemon::BypassCounterLog;

namespace {

// What the fake kernel answers next: a count, or an error.
Result<std::uint64_t, std::string> next_answer = Result<std::uint64_t, std::string>::success(0);
Result<std::uint64_t, std::string> fake_read() { return next_answer; }

void answer(std::uint64_t packets) { next_answer = Result<std::uint64_t, std::string>::success(packets); }
void fail(const std::string& error) { next_answer = Result<std::uint64_t, std::string>::failure(error); }

// Captures what the daemon would log, and puts the default logger back afterwards.
struct CapturedLog {
    std::ostringstream text;
    std::shared_ptr<spdlog::logger> previous = spdlog::default_logger();
    CapturedLog() {
        auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_st>(text));
        logger->set_pattern("%l: %v");
        spdlog::set_default_logger(logger);
    }
    ~CapturedLog() { spdlog::set_default_logger(previous); }
    std::string take() {
        std::string out = text.str();
        text.str({});
        return out;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(BypassCounterLogTest)

BOOST_AUTO_TEST_CASE(a_count_is_passed_on_and_nothing_is_logged) {
    CapturedLog log;
    BypassCounterLog counter{&fake_read};
    answer(42);
    const auto reading = counter.read();
    BOOST_TEST(reading.packets.value_or(0) == 42u);
    BOOST_TEST(reading.error.empty());
    BOOST_TEST(log.take().empty());
}

BOOST_AUTO_TEST_CASE(an_error_is_logged_once_and_its_recovery_once) {
    CapturedLog log;
    BypassCounterLog counter{&fake_read};
    const std::string missing = "nft counter inet schoolgate queue_bypassed: No such file or directory "
                                "(are the rules installed? schoolgate firewall install)";
    fail(missing);
    const auto first = counter.read();
    BOOST_TEST(!first.packets.has_value());
    BOOST_TEST(first.error == missing);
    BOOST_TEST(log.take() == "warning: bypass counter: " + missing +
                                 "; stats show no bypass count until it can be read\n");

    // The next scrapes fail the same way: the stats still say why, the log stays quiet.
    BOOST_TEST(counter.read().error == missing);
    BOOST_TEST(log.take().empty());

    // A different failure is news.
    fail("netlink: Operation not permitted");
    BOOST_TEST(counter.read().error == "netlink: Operation not permitted");
    BOOST_TEST(log.take() == "warning: bypass counter: netlink: Operation not permitted; stats show no bypass "
                             "count until it can be read\n");

    answer(7);
    BOOST_TEST(counter.read().packets.value_or(0) == 7u);
    BOOST_TEST(log.take() == "info: bypass counter: readable again\n");
    BOOST_TEST(counter.read().packets.value_or(0) == 7u);
    BOOST_TEST(log.take().empty());
}

BOOST_AUTO_TEST_SUITE_END()
