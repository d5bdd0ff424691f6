#include "tools/console/explain_request.h"

#include <httplib.h>

#include <charconv>
#include <sstream>

#include "gateway/policy/flow_assessment.h"
#include "tools/common/explain_output.h"
#include "tools/common/explain_question.h"
#include "tools/common/policy_loading.h"

namespace schoolgate::tools::console {

namespace {

template <typename T>
bool number(const std::string& text, T& out) {
    if (text.empty()) return true;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

std::vector<std::string> all_of(const httplib::Request& request, const char* key) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < request.get_param_value_count(key); ++i) out.push_back(request.get_param_value(key, i));
    return out;
}

std::optional<ExplainOptions> options_of(const Console& console, const httplib::Request& r, std::string& error) {
    ExplainOptions o;
    o.policy = console.config.policy_file;
    o.catalogue = console.config.catalogue_file;
    o.ip = r.get_param_value("ip");
    o.mac = r.get_param_value("mac");
    o.user = r.get_param_value("user");
    o.device = r.get_param_value("device");
    o.host = r.get_param_value("host");
    o.service = r.get_param_value("service");
    o.server = r.get_param_value("server");
    if (r.has_param("transport")) o.transport = r.get_param_value("transport");
    o.classifier = r.get_param_value("classifier");
    o.host_source = r.get_param_value("host_source");
    o.alpn = all_of(r, "alpn");
    o.techniques = all_of(r, "technique");
    o.ech = r.get_param_value("ech") == "true";
    o.ndpi = r.get_param_value("ndpi");
    o.at = r.get_param_value("at");
    if (!number(r.get_param_value("port"), o.port) || !number(r.get_param_value("vlan"), o.vlan)) {
        error = "explain: port and vlan must be numbers";
        return std::nullopt;
    }
    const int who = !o.ip.empty() + !o.mac.empty() + !o.user.empty() + !o.device.empty();
    if (who == 0 || (!o.user.empty() + !o.device.empty() + !(o.ip.empty() && o.mac.empty())) > 1) {
        error = "explain: give one of ip (or mac), user or device";
        return std::nullopt;
    }
    if (o.host.empty() == o.service.empty()) {
        error = "explain: give a host or a service";
        return std::nullopt;
    }
    return o;
}

}  // namespace

ExplainAnswer explain_flow(const Console& console, const httplib::Request& request, bool json) {
    std::string error;
    const auto options = options_of(console, request, error);
    if (!options) return {false, error};
    const auto snapshot = load_policy_snapshot(options->policy, options->catalogue, 0);
    if (!snapshot) return {false, "the policy does not load (run schoolgate check)"};
    const auto& policy = *snapshot->policy;
    const auto at = options->at.empty() ? std::optional<WallTime>{console.clock->wall_now()} : school_instant(policy, options->at, "at");
    if (!at) return {false, "at: '" + options->at + "' is not a school time (e.g. 2026-03-04T10:15)"};
    std::ostringstream errors;
    auto flow = explained_flow(*options, *snapshot, *at, errors);
    if (!flow) return {false, errors.str()};
    std::vector<config::RuleMiss> misses;
    const auto assessment = gateway::policy::assess_flow(*snapshot, flow->question, flow->observations, &misses);
    std::ostringstream out;
    if (json) {
        print_explanation_json(out, policy, *flow, assessment, misses);
    } else {
        print_explanation_text(out, policy, *flow, assessment, misses);
    }
    return {true, out.str()};
}

}  // namespace schoolgate::tools::console
