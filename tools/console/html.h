#pragma once

#include <string>
#include <string_view>

#include "tools/console/routes.h"

namespace schoolgate::tools::console {

/// Text for HTML content and quoted attributes (tools/report's escaping: a name `<script>` stays text).
std::string esc(std::string_view text);

/// A whole page: the school's console layout with the navigation this caller's role may use. `body` is
/// HTML the caller built with esc() on every piece of untrusted text. No script, no outside asset.
std::string page(const Caller* caller, const std::string& title, const std::string& body);

/// `text` for a URL path segment or query value: every byte but letters, digits and -._~ percent-encoded.
std::string url_encode(std::string_view text);

/// The request id a route's pattern matched (`(\d+)`); 0, which no request has, when it does not fit.
std::int64_t matched_id(const httplib::Request& request);

/// The hidden CSRF field every form carries.
std::string csrf_field(const Caller& caller);

/// Sends `html` as the response (text/html; charset=utf-8).
void send_html(httplib::Response& response, const std::string& html, int status = 200);

/// Sends a JSON text (application/json).
void send_json(httplib::Response& response, const std::string& json, int status = 200);

/// "2026-03-04 10:15 UTC" for seconds since the epoch.
std::string utc_text(std::int64_t seconds);

}  // namespace schoolgate::tools::console
