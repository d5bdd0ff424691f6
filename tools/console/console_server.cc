#include "tools/console/console_server.h"

#include <httplib.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <thread>

#include "tools/common/policy_loading.h"
#include "tools/console/auth.h"
#include "tools/console/event_index.h"
#include "tools/console/html.h"

namespace schoolgate::tools::console {

namespace {

constexpr std::size_t kMaxBodyBytes = 64 * 1024;
constexpr const char* kPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

std::atomic<httplib::Server*> running{nullptr};
std::atomic<bool> stopping{false};

void security_headers(httplib::Response& response) {
    response.set_header("Content-Security-Policy", kPolicy);
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("X-Frame-Options", "DENY");
    response.set_header("Referrer-Policy", "no-referrer");
    response.set_header("Cache-Control", "no-store");
}

void refuse(const Route& route, httplib::Response& response, int status, const char* why) {
    if (route.api) {
        send_json(response, std::string{"{\"error\":\""} + why + "\"}", status);
    } else if (status == 401) {
        response.set_redirect("/login", 303);
    } else {
        send_html(response, page(nullptr, "Not allowed", std::string{"<p class=\"error\">"} + why + "</p><p><a href=\"/\">Back</a></p>"),
                  status);
    }
}

// The one gate every request passes: who is calling, may their role use this route, does a write carry the
// session's CSRF token. Only then the handler, under the store's lock.
httplib::Server::Handler guarded(Console& console, const Route& route) {
    return [&console, &route](const httplib::Request& request, httplib::Response& response) {
        security_headers(response);
        std::lock_guard lock{console.mutex};
        Caller caller;
        if (route.access != Access::Public) {
            auto signed_in = signed_in_caller(console, request);
            if (!signed_in) return refuse(route, response, 401, "sign in first");
            caller = std::move(*signed_in);
            if (!role_may(caller.account.role, route.access)) {
                (void)console.audit(caller.account.name, "refused", route.method + " " + request.path);
                return refuse(route, response, 403, "your role may not do this");
            }
            if (route.method == "POST" && !csrf_ok(request, caller)) return refuse(route, response, 403, "missing or wrong CSRF token");
        }
        route.handler(console, request, response, caller);
    };
}

void ingest_loop(Console& console) {
    while (!stopping.load()) {
        const auto summary = ingest_events(console);
        if (!summary.error.empty()) std::cerr << "schoolgate-console: event index: " << summary.error << '\n';
        for (int i = 0; i < 50 && !stopping.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

std::unique_ptr<httplib::Server> make_server(const Console& console) {
    if (!console.https()) return std::make_unique<httplib::Server>();
    return std::make_unique<httplib::SSLServer>(console.config.tls_certificate.c_str(), console.config.tls_key.c_str());
}

}  // namespace

int serve_console(Console& console) {
    auto server = make_server(console);
    if (!server->is_valid()) {
        std::cerr << "schoolgate-console: the certificate or key cannot be used (" << console.config.tls_certificate << ", "
                  << console.config.tls_key << ")\n";
        return kExitConfigError;
    }
    server->set_payload_max_length(kMaxBodyBytes);
    server->set_error_handler([](const httplib::Request&, httplib::Response& response) { security_headers(response); });
    for (const auto& route : routes()) {
        if (route.method == "GET") server->Get(route.pattern, guarded(console, route));
        if (route.method == "POST") server->Post(route.pattern, guarded(console, route));
    }
    if (!server->bind_to_port(console.config.listen_address, console.config.listen_port)) {
        std::cerr << "schoolgate-console: cannot listen on " << console.config.listen_address << ":" << console.config.listen_port << '\n';
        return kExitCaptureError;
    }
    std::cerr << "schoolgate-console: serving " << (console.https() ? "https" : "http") << "://" << console.config.listen_address
              << ":" << console.config.listen_port << "/\n";
    stopping = false;
    std::thread ingest{ingest_loop, std::ref(console)};
    running = server.get();
    (void)server->listen_after_bind();  // returns when stopped; nothing more to say then
    running = nullptr;
    stopping = true;
    ingest.join();
    return kExitOk;
}

void stop_console() {
    stopping = true;
    if (auto* server = running.load()) server->stop();
}

}  // namespace schoolgate::tools::console
