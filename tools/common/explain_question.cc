#include "tools/common/explain_question.h"

#include <charconv>
#include <iostream>

#include "classifiers/host_name.h"
#include "classifiers/naming/udp_namer.h"
#include "classifiers/registry.h"
#include "config/suggest.h"

namespace schoolgate::tools {

namespace {

using classifiers::HostSource;
using classifiers::Transport;

// A person of the directory (identity.directory), as if seen on one of their devices: their role.
std::optional<config::Subject> directory_subject(const config::CompiledPolicy& policy, const std::string& user, std::string& who) {
    const auto* person = policy.directory().find_user(user);
    if (person == nullptr) return std::nullopt;
    config::Subject subject;
    subject.user = person->username;
    subject.role = person->role;
    who = "user " + person->username;
    return subject;
}

std::optional<config::Subject> subject_of(const ExplainOptions& o, const config::CompiledPolicy& policy, std::string& who,
                                          std::ostream& errors) {
    const auto& subjects = policy.subjects();
    if (!o.user.empty()) {
        if (!subjects.users().contains(o.user)) {
            if (auto subject = directory_subject(policy, o.user, who)) return subject;
            std::vector<config::PersonName> people;
            for (const auto& [id, user] : subjects.users()) people.push_back({id, user.display_name});
            for (const auto& person : policy.directory().people()) people.push_back({person.username, person.display_name});
            errors << "explain: '" << o.user << "' is not a user in the policy (" << config::did_you_mean_person(o.user, people)
                      << "users are listed under users:)\n";
            return std::nullopt;
        }
        who = "user " + o.user;
        return subjects.for_user(o.user);
    }
    if (!o.device.empty()) {
        const auto* device = subjects.device(o.device);
        if (!device) {
            std::vector<std::string_view> names;
            for (const auto& d : subjects.devices()) names.push_back(d.name);
            errors << "explain: '" << o.device << "' is not a device in the policy ("
                      << config::did_you_mean(o.device, names) << "devices are listed under devices:)\n";
            return std::nullopt;
        }
        who = "device " + o.device;
        return subjects.identify(device->ip.value_or(net::IpAddress{}), device->mac.value_or(net::MacAddress{}), o.vlan);
    }
    const auto ip = o.ip.empty() ? std::optional<net::IpAddress>{net::IpAddress{}} : net::IpAddress::parse(o.ip);
    const auto mac = o.mac.empty() ? std::optional<net::MacAddress>{net::MacAddress{}} : net::MacAddress::parse(o.mac);
    if (!ip || !mac) {
        errors << "explain: '" << (!ip ? o.ip : o.mac) << "' is not " << (!ip ? "an IP" : "a MAC") << " address\n";
        return std::nullopt;
    }
    who = o.ip.empty() ? "MAC " + o.mac : o.ip;
    return subjects.identify(*ip, *mac, o.vlan);
}

// tcp, udp, or another IP protocol by its name in events (esp, gre, icmp, icmpv6) or its number.
bool read_transport(const std::string& text, gateway::policy::FlowQuestion& question, std::ostream& errors) {
    if (text == "tcp" || text == "udp") {
        question.transport = text == "tcp" ? Transport::Tcp : Transport::Udp;
        return true;
    }
    static constexpr std::pair<std::string_view, std::uint8_t> kNamed[] = {{"icmp", 1}, {"gre", 47}, {"esp", 50}, {"icmpv6", 58}};
    question.transport = Transport::Other;
    question.server_port = 0;
    for (const auto& [name, number] : kNamed) {
        if (text == name) {
            question.ip_protocol = number;
            return true;
        }
    }
    const std::string_view number = text.starts_with("ip/") ? std::string_view{text}.substr(3) : std::string_view{text};
    unsigned value = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (error != std::errc{} || end != number.data() + number.size() || value > 255) {
        errors << "explain: --transport '" << text << "' is not tcp, udp, esp, gre, icmp, icmpv6 or an IP protocol number\n";
        return false;
    }
    question.ip_protocol = static_cast<std::uint8_t>(value);
    return true;
}

// The classifier a flow to this port would be read by, when the asker does not say.
std::string_view default_classifier(const gateway::policy::FlowQuestion& question) {
    if (question.transport == Transport::Other) return {};
    if (question.server_port == 53) return "dns";
    if (question.transport == Transport::Udp) return question.server_port == 443 ? "quic" : "";
    return question.server_port == 80 ? "http" : "tls";
}

std::optional<std::string_view> registry_name(std::string_view wanted, std::ostream& errors) {
    if (wanted.empty() || wanted == "none") return std::string_view{};
    std::vector<std::string_view> names;
    for (const auto& entry : classifiers::classifier_registry()) {
        if (entry.name == wanted) return entry.name;  // the registry's own, long-lived spelling
        names.push_back(entry.name);
    }
    for (const auto& namer : classifiers::naming::namer_table()) {  // the names events carry for named flows
        if (namer.name == wanted) return namer.name;
        names.push_back(namer.name);
    }
    errors << "explain: --classifier '" << wanted << "' is not one of schoolgate's classifiers ("
              << config::did_you_mean(wanted, names) << "e.g. tls, quic, dns, http)\n";
    return std::nullopt;
}

std::optional<HostSource> host_source_of(std::string_view wanted, std::string_view classifier, std::ostream& errors) {
    if (wanted.empty()) {
        if (classifier == "quic") return HostSource::Quic;
        if (classifier == "http") return HostSource::Http;
        if (classifier == "dns") return HostSource::Dns;
        if (classifier == "socks") return HostSource::Socks;
        return HostSource::Tls;
    }
    std::vector<std::string_view> names;
    for (auto source : {HostSource::Tls, HostSource::Quic, HostSource::Http, HostSource::HttpConnect, HostSource::Socks,
                        HostSource::Dns, HostSource::Ndpi, HostSource::Ip}) {
        if (classifiers::host_source_name(source) == wanted) return source;
        names.push_back(classifiers::host_source_name(source));
    }
    errors << "explain: --host-source '" << wanted << "' is not a host source (" << config::did_you_mean(wanted, names)
              << "e.g. tls, quic, http, http_connect, dns)\n";
    return std::nullopt;
}

bool read_techniques(const std::vector<std::string>& texts, classifiers::Observations& observations, std::ostream& errors) {
    for (const auto& text : texts) {
        const auto colon = text.find(':');
        const std::string_view name = std::string_view{text}.substr(0, colon);
        const std::string_view level = colon == std::string::npos ? "high" : std::string_view{text}.substr(colon + 1);
        const auto technique = classifiers::technique_from_name(name);
        std::optional<classifiers::Confidence> confidence;
        for (auto c : {classifiers::Confidence::Low, classifiers::Confidence::Medium, classifiers::Confidence::High}) {
            if (classifiers::confidence_name(c) == level) confidence = c;
        }
        if (!technique || !confidence) {
            std::vector<std::string_view> names;
            for (std::size_t i = 0; i < classifiers::kTechniqueCount; ++i) {
                names.push_back(classifiers::technique_name(static_cast<classifiers::Technique>(i)));
            }
            errors << "explain: --technique '" << text << "' is not TECHNIQUE[:low|medium|high] ("
                      << (technique ? "" : config::did_you_mean(name, names)) << "e.g. vpn.wireguard or dns.doh:medium)\n";
            return false;
        }
        observations.note_technique(*technique, *confidence, "given to explain: " + text);
    }
    return true;
}

bool read_what(const ExplainOptions& o, const classifiers::services::ServiceCatalogue& catalogue, ExplainedFlow& flow, std::ostream& errors) {
    auto& observations = flow.observations;
    if (!o.service.empty()) {
        flow.question.named_service = catalogue.find(o.service);
        if (flow.question.named_service == classifiers::kNoService) {
            std::vector<std::string_view> names;
            for (classifiers::ServiceId id = 1; id <= catalogue.size(); ++id) names.push_back(catalogue.name(id));
            errors << "explain: '" << o.service << "' is not a service in the catalogue ("
                      << config::did_you_mean_service(o.service, names, catalogue) << "services: "
                      << config::one_of(names) << ")\n";
            return false;
        }
        flow.what = "service " + o.service;
        return true;
    }
    if (o.host.empty()) {
        flow.what = o.server.empty() ? "a flow with no name" : "a flow to " + o.server + " with no name";
        return true;
    }
    auto host = classifiers::normalise_host_name(o.host);
    if (!host) {
        errors << "explain: '" << o.host << "' is not a host name\n";
        return false;
    }
    const auto source = host_source_of(o.host_source, observations.classifier, errors);
    if (!source) return false;
    observations.set_host(*host, *source, observations.classifier);
    flow.what = *host;
    if (!o.other_host.empty()) {
        const auto other = classifiers::normalise_host_name(o.other_host);
        if (!other) {
            errors << "explain: '" << o.other_host << "' is not a host name\n";
            return false;
        }
        observations.other_host = *other;
        flow.what += " (another copy: " + *other + ")";
    }
    return true;
}

}  // namespace

std::optional<ExplainedFlow> explained_flow(const ExplainOptions& o, const gateway::policy::PolicySnapshot& snapshot,
                                            WallTime at, std::ostream& errors) {
    const auto& policy = *snapshot.policy;
    ExplainedFlow flow;
    auto& question = flow.question;
    question.at = at;
    question.server_port = o.port;
    if (!read_transport(o.transport, question, errors)) return std::nullopt;
    if (!o.server.empty()) {
        const auto server = net::IpAddress::parse(o.server);
        if (!server) {
            errors << "explain: --server '" << o.server << "' is not an IP address\n";
            return std::nullopt;
        }
        question.server_address = *server;
    }
    const auto subject = subject_of(o, policy, flow.who, errors);
    if (!subject) return std::nullopt;
    question.subject = *subject;
    const auto classifier = registry_name(o.classifier.empty() ? default_classifier(question) : o.classifier, errors);
    if (!classifier) return std::nullopt;
    flow.observations.classifier = *classifier;
    if (flow.observations.classifier == "tls" || flow.observations.classifier == "quic") {
        flow.observations.tls = classifiers::TlsFacts{o.alpn, {}, o.ech, false, 1, 1};
    }
    flow.observations.ndpi_protocol = o.ndpi;
    if (!read_what(o, policy.catalogue(), flow, errors) || !read_techniques(o.techniques, flow.observations, errors)) return std::nullopt;
    return flow;
}

}  // namespace schoolgate::tools
