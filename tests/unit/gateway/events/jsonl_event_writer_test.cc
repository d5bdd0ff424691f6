#include "gateway/events/jsonl_event_writer.h"

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace schoolgate::gateway::events {
namespace {

VerdictEvent event_for(std::string host) {
    VerdictEvent event;
    event.flow_id = 1;
    event.host = std::move(host);
    event.verdict = "block";
    event.rule = "no-social-media";
    return event;
}

std::vector<std::string> lines_of(std::FILE* file) {
    std::fflush(file);
    std::rewind(file);
    std::string text;
    char buffer[4096];
    for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, got);
    std::vector<std::string> lines;
    std::istringstream stream{text};
    for (std::string line; std::getline(stream, line);) lines.push_back(line);
    BOOST_TEST((text.empty() || text.back() == '\n'));
    return lines;
}

BOOST_AUTO_TEST_SUITE(JsonlEventWriterTest)

BOOST_AUTO_TEST_CASE(writes_one_parseable_line_per_event) {
    std::FILE* file = std::tmpfile();
    BOOST_TEST_REQUIRE(file != nullptr);
    JsonlEventWriter writer{file};
    writer.record(event_for("www.facebook.com"));
    writer.record(event_for("evil\n{\"verdict\":\"allow\"}\n"));
    writer.record(event_for(std::string(70000, 'z')));
    BOOST_TEST(writer.flush().ok());
    BOOST_TEST(writer.written() == 3u);
    BOOST_TEST(writer.failed() == 0u);

    const auto lines = lines_of(file);
    BOOST_TEST_REQUIRE(lines.size() == 3u);
    for (const auto& line : lines) {
        const auto parsed = nlohmann::json::parse(line);
        BOOST_TEST(parsed["verdict"].get<std::string>() == "block");
    }
    BOOST_TEST(nlohmann::json::parse(lines[0])["host"].get<std::string>() == "www.facebook.com");
    BOOST_TEST(nlohmann::json::parse(lines[1])["host"].get<std::string>() == "evil\n{\"verdict\":\"allow\"}\n");
    BOOST_TEST(nlohmann::json::parse(lines[2])["truncated"].get<bool>());
    std::fclose(file);
}

BOOST_AUTO_TEST_CASE(a_failed_write_is_counted_not_thrown) {
    std::FILE* read_only = std::fopen("/dev/null", "r");
    BOOST_TEST_REQUIRE(read_only != nullptr);
    JsonlEventWriter writer{read_only};
    BOOST_CHECK_NO_THROW(writer.record(event_for("www.facebook.com")));
    BOOST_TEST(writer.failed() == 1u);
    BOOST_TEST(writer.written() == 0u);
    std::fclose(read_only);
}

// stdio buffers: on a full disk every fwrite succeeds and only the flush finds out. It must say so.
BOOST_AUTO_TEST_CASE(a_full_disk_found_at_flush_is_reported) {
    std::FILE* full = std::fopen("/dev/full", "w");
    BOOST_TEST_REQUIRE(full != nullptr);
    JsonlEventWriter writer{full};
    writer.record(event_for("www.facebook.com"));
    const auto flushed = writer.flush();
    BOOST_REQUIRE(!flushed.ok());
    BOOST_TEST(flushed.error() == "events could not all be written: No space left on device (is the disk full?)");
    std::fclose(full);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::events
