#pragma once

#include <string>

#include "tools/console/console.h"

namespace httplib {
struct Request;
}

namespace schoolgate::tools::console {

struct ExplainAnswer {
    bool ok = false;
    std::string text;  ///< the explanation (text or JSON as asked), or the errors in explain's own words
};

/// `schoolgate explain` for a request's parameters (the command's option names without the dashes: ip, mac,
/// user, device, vlan, host, service, server, port, transport, classifier, host_source, alpn, ech, technique,
/// ndpi, at): the same question building and the same gateway::policy::assess_flow().
ExplainAnswer explain_flow(const Console& console, const httplib::Request& request, bool json = false);

}  // namespace schoolgate::tools::console
