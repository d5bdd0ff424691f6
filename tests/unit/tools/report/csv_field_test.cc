#include "tools/report/csv_field.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

#include "tests/unit/tools/report/report_test_events.h"
#include "tools/report/csv_renderer.h"

using namespace schoolgate::tools::report;

BOOST_AUTO_TEST_SUITE(CsvFieldTest)

BOOST_AUTO_TEST_CASE(plain_text_is_left_alone) {
    BOOST_TEST(csv_field("www.facebook.com") == "www.facebook.com");
    BOOST_TEST(csv_field("") == "");
}

BOOST_AUTO_TEST_CASE(rfc4180_quotes_commas_quotes_and_line_breaks) {
    BOOST_TEST(csv_field("a,b") == "\"a,b\"");
    BOOST_TEST(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    BOOST_TEST(csv_field("two\nlines") == "\"two\nlines\"");
    BOOST_TEST(csv_field("cr\rhere") == "\"cr\rhere\"");
}

BOOST_AUTO_TEST_CASE(formula_starts_get_an_apostrophe) {
    BOOST_TEST(csv_field("=HYPERLINK(\"http://evil\")") == "\"'=HYPERLINK(\"\"http://evil\"\")\"");
    BOOST_TEST(csv_field("+1") == "'+1");
    BOOST_TEST(csv_field("-2+3") == "'-2+3");
    BOOST_TEST(csv_field("@SUM(A1)") == "'@SUM(A1)");
    BOOST_TEST(csv_field("\tcmd") == "'\tcmd");
    BOOST_TEST(csv_field("\r=x") == "\"'\r=x\"");
    // Only the first character matters: a hyphen inside a host name is fine.
    BOOST_TEST(csv_field("my-host.example") == "my-host.example");
}

BOOST_AUTO_TEST_CASE(rows_end_with_crlf) {
    BOOST_TEST(csv_row({"a", "b,c", "=d"}) == "a,\"b,c\",'=d\r\n");
}

BOOST_AUTO_TEST_CASE(report_has_the_fixed_header_and_guards_hostile_hosts) {
    const auto model = testing::model_of(
        testing::verdict_line("2026-03-04T10:15:00.000Z", "block", "facebook") + "\n" +
        R"({"schema_version":1,"ts":"2026-03-04T10:16:00.000Z","event":"verdict","host":"=cmd|' /C calc'!A0","user":"@bob","verdict":"block","techniques":["vpn.openvpn","tor"]})" "\n");
    std::ostringstream out;
    render_csv(model, out);
    const auto text = out.str();
    BOOST_TEST(text.rfind("ts,school_time,period,event,user,device,role,src_ip,dst_ip,dst_port,transport,host,service,"
                          "verdict,rule,techniques,reason\r\n", 0) == 0u);
    BOOST_TEST(text.find(",'=cmd|' /C calc'!A0,") != std::string::npos);
    BOOST_TEST(text.find(",'@bob,") != std::string::npos);
    BOOST_TEST(text.find(",vpn.openvpn;tor,") != std::string::npos);
    BOOST_TEST(text.find(",\"P2 (lesson)\",") == std::string::npos);  // no needless quotes
    BOOST_TEST(text.find(",443,tcp,www.facebook.com,facebook,block,pupils-never,,Pupils may not.\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
