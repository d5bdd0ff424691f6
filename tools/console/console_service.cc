#include "tools/console/console_service.h"

#include <signal.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <optional>
#include <thread>

#include "config/yaml/console_config_reader.h"
#include "config/yaml/policy_loader.h"
#include "tools/common/policy_loading.h"
#include "tools/console/console_server.h"
#include "tools/console/event_index.h"
#include "tools/console/routes.h"
#include "tools/console/secrets.h"
#include "tools/console/sqlite_store.h"

namespace schoolgate::tools::console {

namespace {

std::optional<config::model::ConsoleModel> read_config(const std::string& path, const std::string& listen, const std::string& database) {
    auto loaded = config::yaml::load_console_config(path);
    if (!loaded.ok()) {
        for (const auto& error : loaded.error()) std::cerr << error.to_string() << '\n';
        return std::nullopt;
    }
    auto model = loaded.value();
    if (!database.empty()) model.database = database;
    if (!listen.empty()) {
        if (!config::yaml::split_listen(listen, model.listen_address, model.listen_port)) {
            std::cerr << "--listen: '" << listen << "' is not ADDRESS:PORT (e.g. 127.0.0.1:8443)\n";
            return std::nullopt;
        }
        if (model.tls_certificate.empty() && !config::yaml::is_loopback_address(model.listen_address)) {
            std::cerr << "--listen " << listen << ": plain HTTP only on a loopback address (configure https: in " << path << ")\n";
            return std::nullopt;
        }
    }
    return model;
}

void print_routes() {
    for (const auto& route : routes()) {
        std::cout << "{\"method\":\"" << route.method << "\",\"example\":\"" << route.example << "\",\"access\":\""
                  << access_name(route.access) << "\",\"api\":" << (route.api ? "true" : "false") << "}\n";
    }
}

std::int64_t seconds_now() {
    const auto now = gateway::time::SystemClock{}.wall_now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::seconds>(now).count();
}

// SIGINT and SIGTERM end the server cleanly: one thread waits for them (no work in a signal handler).
std::thread signal_waiter() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    return std::thread{[set] {
        int signal = 0;
        (void)sigwait(&set, &signal);  // either signal: stop
        stop_console();
    }};
}

}  // namespace

int run_console(const ConsoleOptions& o) {
    if (o.routes) return print_routes(), kExitOk;
    auto model = read_config(o.config, o.listen, o.database);
    if (!model) return kExitConfigError;
    const auto snapshot = load_policy_snapshot(model->policy_file, model->catalogue_file, 0);
    if (!snapshot) return kExitConfigError;
    if (o.check) {
        std::cout << o.config << ": ok (" << (model->tls_certificate.empty() ? "http" : "https") << "://" << model->listen_address
                  << ":" << model->listen_port << "/, policy " << model->policy_file << ")\n";
        return kExitOk;
    }
    auto store = SqliteStore::open(model->database);
    if (!store.ok()) return std::cerr << "schoolgate-console: " << store.error() << '\n', kExitCaptureError;
    static const gateway::time::SystemClock clock;
    Console console;
    console.config = *model;
    console.store = std::move(store).value();
    console.clock = &clock;
    if (o.ingest_only) {
        const auto summary = ingest_events(console);
        std::cout << "indexed " << summary.events << " events from " << summary.files << " files in " << model->events_directory
                  << (summary.malformed ? " (" + std::to_string(summary.malformed) + " lines were not events)" : "") << '\n';
        if (!summary.error.empty()) return std::cerr << summary.error << '\n', kExitCaptureError;
        return kExitOk;
    }
    auto waiter = signal_waiter();
    const int code = serve_console(console);
    ::kill(::getpid(), SIGTERM);  // let the waiter finish if the server stopped by itself
    waiter.join();
    return code;
}

namespace {

// Root making accounts for a console that runs as another user (the package's `schoolgate`) would leave a
// database, or its -wal and -shm files, owned by root: the console could then read its accounts but never
// write a session, and every login would fail. The store's directory says who the console runs as.
std::optional<std::string> console_user_if_not_root(const std::string& database) {
    if (::geteuid() != 0) return std::nullopt;
    const auto slash = database.find_last_of('/');
    const std::string directory = slash == std::string::npos ? "." : (slash == 0 ? "/" : database.substr(0, slash));
    struct stat info {};
    if (::stat(directory.c_str(), &info) != 0 || info.st_uid == 0) return std::nullopt;
    const passwd* account = ::getpwuid(info.st_uid);
    return account ? std::string{account->pw_name} : "#" + std::to_string(info.st_uid);
}

}  // namespace

int add_console_user(const std::string& config_path, const std::string& name, const std::string& role_text, std::istream& password_in,
                     const std::string& database_override) {
    const auto role = role_from_name(role_text);
    if (!role) return std::cerr << "--role: '" << role_text << "' is not headteacher, dsl, network-manager or governor\n", kExitUsage;
    auto model = read_config(config_path, "", database_override);
    if (!model) return kExitConfigError;
    if (*role == Role::Headteacher || *role == Role::Dsl) {
        const auto catalogue = model->catalogue_file.empty() ? config::yaml::default_catalogue_path() : model->catalogue_file;
        auto policy = config::yaml::load_policy(model->policy_file, catalogue);
        if (!policy.ok()) return std::cerr << model->policy_file << ": the policy does not load (run schoolgate check)\n", kExitConfigError;
        const auto& users = policy.value().users;
        const auto user = std::find_if(users.begin(), users.end(), [&](const auto& u) { return u.id == name; });
        if (user == users.end()) {
            return std::cerr << "user add: a " << role_text << " account is a user of the policy, and '" << name << "' is not one in "
                             << model->policy_file << '\n', kExitConfigError;
        }
        if (*role == Role::Headteacher && user->role != "headteacher") {
            return std::cerr << "user add: '" << name << "' has the role " << user->role << " in the policy, not headteacher\n", kExitConfigError;
        }
    }
    std::string password;
    std::getline(password_in, password);
    if (password.size() < 12) return std::cerr << "user add: the password (from standard input) needs at least 12 characters\n", kExitConfigError;
    auto hash = hash_password(password);
    if (!hash.ok()) return std::cerr << "user add: " << hash.error() << '\n', kExitCaptureError;
    if (const auto owner = console_user_if_not_root(model->database)) {
        return std::cerr << "user add: " << model->database << " is the store of a console that runs as '" << *owner
                         << "', and a database written by root would be root's (the console could not sign anyone in).\n"
                         << "  Run it as that user: runuser -u " << *owner << " -- schoolgate console user add " << name << " --role "
                         << role_text << " --config " << config_path << '\n', kExitUsage;
    }
    auto store = SqliteStore::open(model->database);
    if (!store.ok()) return std::cerr << store.error() << '\n', kExitCaptureError;
    if (!store.value()->put_account({name, *role, hash.value()}).ok() ||
        !store.value()->append_audit({seconds_now(), "(command line)", "account_added", name + " as " + role_text, "", ""}).ok()) {
        return std::cerr << model->database << ": the account could not be saved\n", kExitCaptureError;
    }
    std::cout << "account " << name << " (" << role_text << ") saved in " << model->database << '\n';
    return kExitOk;
}

}  // namespace schoolgate::tools::console
