#pragma once

#include <string>
#include <string_view>

namespace schoolgate::tools::report {

/// Text for HTML and SVG, in element content or a quoted attribute: & < > " ' become entities and
/// control characters (other than tab and newline) become U+FFFD, so a crafted host name or user
/// name stays text and never becomes markup.
std::string html_escape(std::string_view text);

}  // namespace schoolgate::tools::report
