// The console's idle timeout (idle_timeout_minutes) with its injected clock: a session unused past the
// limit is refused and ended (its holder signs in again), one used just inside the limit is kept, and each
// use starts the idle time again. The real store (SQLite in a scratch file) and the real signed_in_caller.
#include <httplib.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "gateway/time/clock.h"
#include "tools/console/auth.h"
#include "tools/console/console.h"
#include "tools/console/secrets.h"
#include "tools/console/sqlite_store.h"

namespace {

using namespace schoolgate;
using namespace schoolgate::tools::console;

constexpr std::int64_t kLimit = 30 * 60;  // idle_timeout_minutes: 30

struct SignedInDsl {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("sg-console-idle-" + std::to_string(::getpid()));
    WallTime start{std::chrono::seconds{1'772'619'300}};  // 2026-03-04 10:15 UTC
    gateway::time::SimulatedClock clock{start};
    Console console;
    const std::string id = random_token();

    SignedInDsl() {
        std::filesystem::create_directories(dir);
        auto store = SqliteStore::open((dir / "console.db").string());
        BOOST_REQUIRE(store.ok());
        console.store = std::move(store).value();
        console.clock = &clock;
        console.config.idle_timeout_minutes = 30;
        BOOST_REQUIRE(console.store->put_account({"esafety", Role::Dsl, "$argon2id$unused"}).ok());
        BOOST_REQUIRE(console.store->put_session({sha256_hex(id), "esafety", random_token(), console.now(), console.now()}).ok());
    }
    ~SignedInDsl() {
        console.store.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    bool request_is_signed_in() {
        httplib::Request request;
        request.set_header("Cookie", std::string{"theme=dark; "} + kSessionCookie + "=" + id);
        return signed_in_caller(console, request).has_value();
    }
    void idle_for(std::int64_t seconds) { clock.advance(std::chrono::seconds{seconds}); }
    bool session_stored() {
        auto session = console.store->session(sha256_hex(id));
        return session.ok() && session.value().has_value();
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(console_session_idle)

BOOST_FIXTURE_TEST_CASE(a_session_used_just_inside_the_limit_is_kept, SignedInDsl) {
    idle_for(kLimit - 1);
    BOOST_TEST(request_is_signed_in());
    idle_for(kLimit - 1);  // each use starts the idle time again: nearly twice the limit since sign-in
    BOOST_TEST(request_is_signed_in());
    BOOST_TEST(session_stored());
}

BOOST_FIXTURE_TEST_CASE(a_session_idle_past_the_limit_is_refused_and_ended, SignedInDsl) {
    idle_for(kLimit + 1);
    BOOST_TEST(!request_is_signed_in());
    BOOST_TEST(!session_stored());  // ended, not only refused: the holder must sign in again
    clock.set(start);               // a clock set back does not bring it back
    BOOST_TEST(!request_is_signed_in());
}

BOOST_FIXTURE_TEST_CASE(the_limit_is_the_configured_one, SignedInDsl) {
    console.config.idle_timeout_minutes = 5;
    idle_for(5 * 60 + 1);
    BOOST_TEST(!request_is_signed_in());
}

BOOST_AUTO_TEST_SUITE_END()
