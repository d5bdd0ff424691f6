#include "tools/console/html.h"

#include <httplib.h>

#include <cctype>
#include <charconv>
#include <ctime>

#include "tools/report/html_escape.h"

namespace schoolgate::tools::console {

std::string esc(std::string_view text) { return report::html_escape(text); }

namespace {

struct NavItem {
    const char* href;
    const char* label;
    Access access;
};

constexpr NavItem kNav[] = {
    {"/", "Dashboard", Access::SignedIn},        {"/people", "People", Access::People},
    {"/exemptions", "Exemptions", Access::Oversight}, {"/timetable", "Timetable", Access::SignedIn},
    {"/policy", "Policy", Access::SignedIn},
    {"/reports", "Reports", Access::Oversight},  {"/reports/annual", "Annual review", Access::Oversight},
    {"/status", "Status", Access::SignedIn},
    {"/audit", "Audit", Access::Oversight},      {"/account", "Account", Access::SignedIn},
};

std::string navigation(const Caller& caller) {
    std::string nav = "<nav aria-label=\"Sections\"><ul>";
    for (const auto& item : kNav) {
        if (role_may(caller.account.role, item.access)) {
            nav += std::string{"<li><a href=\""} + item.href + "\">" + item.label + "</a></li>";
        }
    }
    nav += "</ul><form method=\"post\" action=\"/logout\" class=\"logout\">" + csrf_field(caller) +
           "<span>" + esc(caller.account.name) + " (" + std::string{role_name(caller.account.role)} +
           ")</span> <button type=\"submit\">Sign out</button></form></nav>";
    return nav;
}

}  // namespace

std::string page(const Caller* caller, const std::string& title, const std::string& body) {
    return "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>" + esc(title) + " - schoolgate console</title>"
           "<link rel=\"stylesheet\" href=\"/static/console.css\"></head><body>"
           "<a class=\"skip\" href=\"#main\">Skip to content</a><header><p class=\"brand\">schoolgate console</p>" +
           (caller ? navigation(*caller) : std::string{}) + "</header><main id=\"main\"><h1>" + esc(title) + "</h1>" + body +
           "</main></body></html>\n";
}

std::string url_encode(std::string_view text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += {'%', hex[byte >> 4], hex[byte & 15]};
        }
    }
    return out;
}

std::int64_t matched_id(const httplib::Request& request) {
    if (request.matches.size() < 2) return 0;
    const std::string text = request.matches[1];
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    return ec == std::errc{} && end == text.data() + text.size() ? id : 0;
}

std::string csrf_field(const Caller& caller) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(caller.session.csrf) + "\">";
}

void send_html(httplib::Response& response, const std::string& html, int status) {
    response.status = status;
    response.set_content(html, "text/html; charset=utf-8");
}

void send_json(httplib::Response& response, const std::string& json, int status) {
    response.status = status;
    response.set_content(json, "application/json");
}

std::string utc_text(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", &tm);
    return buffer;
}

}  // namespace schoolgate::tools::console
