#pragma once

#include "tools/console/console.h"

namespace schoolgate::tools::console {

/// Serves the route table on the configured address (HTTPS with the configured certificate, else plain
/// HTTP, which the config reader allows only on loopback) until stop_console() is called. Checks every
/// route's access, the CSRF token of every write and the body size before a handler runs, and sends the
/// security headers (a strict Content-Security-Policy, no framing, no caching) with every answer.
int serve_console(Console& console);
void stop_console();

}  // namespace schoolgate::tools::console
