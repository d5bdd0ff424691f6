#include "tools/report/html_escape.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

#include "tests/unit/tools/report/report_test_events.h"
#include "tools/report/html_renderer.h"
#include "tools/report/svg_chart.h"

using namespace schoolgate::tools::report;

BOOST_AUTO_TEST_SUITE(HtmlEscapeTest)

BOOST_AUTO_TEST_CASE(markup_characters_become_entities) {
    BOOST_TEST(html_escape("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    BOOST_TEST(html_escape("a & \"b\"") == "a &amp; &quot;b&quot;");
    BOOST_TEST(html_escape("www.facebook.com") == "www.facebook.com");
}

BOOST_AUTO_TEST_CASE(control_characters_are_replaced) {
    BOOST_TEST(html_escape(std::string{"a\0b\x1b[31m", 8}) == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD[31m");
}

BOOST_AUTO_TEST_CASE(labels_are_cut_on_character_boundaries) {
    BOOST_TEST(fit_label("short", 10) == "short");
    // "é" is two bytes; a cut at byte 2 would split it.
    BOOST_TEST(fit_label("a\xC3\xA9xyz", 2) == "a\xE2\x80\xA6");
}

BOOST_AUTO_TEST_CASE(a_crafted_host_and_user_never_become_markup) {
    const std::string evil_user = R"(\"><script>alert(2)</script>)";
    const auto model = testing::model_of(
        R"({"ts":"2026-03-04T10:15:00.000Z","event":"verdict","verdict":"block","service":"<b>svc</b>","host":")" +
        std::string{R"(<img src=x onerror=alert(1)>.example)"} + R"(","user":")" + evil_user +
        R"(","techniques":["<svg onload=alert(3)>"]})" "\n");
    BOOST_REQUIRE(model.events.size() == 1u);
    std::ostringstream out;
    render_html(model, ReportHeading{"<i>School</i>", "UTC", "", "", ""}, out);
    const auto html = out.str();
    BOOST_TEST(html.find("<img") == std::string::npos);
    BOOST_TEST(html.find("<script") == std::string::npos);
    BOOST_TEST(html.find("<svg onload") == std::string::npos);
    BOOST_TEST(html.find("<b>svc") == std::string::npos);
    BOOST_TEST(html.find("<i>School") == std::string::npos);
    BOOST_TEST(html.find("&lt;img src=x onerror=alert(1)&gt;.example") != std::string::npos);
    BOOST_TEST(html.find("&lt;script&gt;alert(2)&lt;/script&gt;") != std::string::npos);
    BOOST_TEST(html.find(std::string{"<meta http-equiv=\"Content-Security-Policy\" content=\""} +
                         kHtmlContentSecurityPolicy + "\">") != std::string::npos);
    BOOST_TEST(std::string{kHtmlContentSecurityPolicy}.find("default-src 'none'") == 0u);
    // Self-contained: nothing refers to the network.
    const auto count = [&](const std::string& needle) {
        std::size_t n = 0;
        for (auto at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) ++n;
        return n;
    };
    BOOST_TEST(count("http://") == count("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    BOOST_TEST(count("<svg xmlns") == 5u);
    BOOST_TEST(html.find("https://") == std::string::npos);
    BOOST_TEST(html.find("<script") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
