#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "tools/console/review_records.h"

namespace schoolgate::tools::console {

/// The console's roles (issue 18): what each may do is in permissions.h.
enum class Role { Headteacher, Dsl, NetworkManager, Governor };
std::string_view role_name(Role role) noexcept;
std::optional<Role> role_from_name(std::string_view name) noexcept;

struct Account {
    std::string name;  ///< headteacher and dsl accounts: the user's id in the school's policy
    Role role = Role::Governor;
    std::string password_hash;  ///< argon2id, encoded ($argon2id$v=19$m=...)
};

struct Session {
    std::string id_digest;  ///< SHA-256 of the cookie's value: the store never holds a usable session id
    std::string account;
    std::string csrf;
    std::int64_t created = 0;    ///< seconds since the epoch (the injected clock)
    std::int64_t last_seen = 0;
};

/// An exemption asked for in the console, waiting for the headteacher. `fields` holds the exemption as the
/// API takes it (JSON text: who, services, from, until, periods, reason).
struct ExemptionRequest {
    std::int64_t id = 0;
    std::string fields;
    std::string requested_by;
    std::int64_t requested_at = 0;
    std::string state = "pending";  ///< pending, approved, declined
    std::string decided_by;
    std::int64_t decided_at = 0;
    std::string decision_reason;
    std::string exemption_id;  ///< the id written to the exemptions file, once approved
};

struct AuditRecord {
    std::int64_t at = 0;
    std::string who;
    std::string action;  ///< "login", "login_failed", "exemption_request", "exemption_approved", ...
    std::string what;
    std::string before;  ///< JSON text or empty
    std::string after;
};

/// One event of the daemon's log as the console indexes it (the fields people read; strings untrusted).
struct IndexedEvent {
    std::int64_t ts = 0;  ///< seconds since the epoch, UTC
    std::string ts_text, kind, user, device, role, src_ip, host, service, verdict, rule, reason, period, techniques,
        alert;
};

struct EventQuery {
    std::int64_t since = 0;
    std::int64_t until = INT64_MAX;
    std::string person;  ///< user id, device name or source address; empty = everyone
    std::string verdict;
    std::size_t limit = 1000;
};

/// A count by one key (person, service, period...) for the dashboard.
struct Tally {
    std::string key;
    std::int64_t count = 0;
};

/// The console's store behind one interface (SQLite now: sqlite_store.h; a trust-wide PostgreSQL next).
/// Every method reports a failure as text; none throws.
class ConsoleStore {
public:
    virtual ~ConsoleStore() = default;
    using Error = std::string;

    virtual Result<void, Error> put_account(const Account& account) = 0;
    virtual Result<std::optional<Account>, Error> account(const std::string& name) = 0;
    virtual Result<std::vector<Account>, Error> accounts() = 0;

    virtual Result<void, Error> put_session(const Session& session) = 0;
    virtual Result<std::optional<Session>, Error> session(const std::string& id_digest) = 0;
    virtual Result<void, Error> touch_session(const std::string& id_digest, std::int64_t now) = 0;
    virtual Result<void, Error> delete_session(const std::string& id_digest) = 0;
    virtual Result<void, Error> delete_sessions_of(const std::string& account) = 0;

    /// Login throttling: failures recorded by key (an account name, a client address), counted since a time.
    virtual Result<void, Error> record_login_failure(const std::string& key, std::int64_t at) = 0;
    virtual Result<std::int64_t, Error> login_failures_since(const std::string& key, std::int64_t since) = 0;

    virtual Result<std::int64_t, Error> add_request(const ExemptionRequest& request) = 0;
    virtual Result<std::optional<ExemptionRequest>, Error> request(std::int64_t id) = 0;
    virtual Result<std::vector<ExemptionRequest>, Error> requests() = 0;
    virtual Result<void, Error> decide_request(const ExemptionRequest& decided) = 0;

    virtual Result<void, Error> append_audit(const AuditRecord& record) = 0;
    virtual Result<std::vector<AuditRecord>, Error> audit(std::size_t limit) = 0;

    /// The event index: where ingest stopped in each file, and the events.
    virtual Result<std::int64_t, Error> ingested_offset(const std::string& file) = 0;
    virtual Result<void, Error> add_events(const std::string& file, std::int64_t offset, const std::vector<IndexedEvent>& events) = 0;
    virtual Result<std::vector<IndexedEvent>, Error> events(const EventQuery& query) = 0;
    /// Counts of events in [since, until) grouped by `column` (user, service, period, role, verdict), with
    /// only blocks and circumventions when `attempts_only`.
    virtual Result<std::vector<Tally>, Error> tally(const std::string& column, std::int64_t since, std::int64_t until,
                                                    bool attempts_only) = 0;
    /// People (user ids, devices, addresses) whose events match `text`.
    virtual Result<std::vector<Tally>, Error> find_people(const std::string& text) = 0;
    virtual Result<void, Error> forget_events_before(std::int64_t ts) = 0;

    /// The annual review's records (review_records.h): checks run, and actions taken on incidents; and the
    /// incidents themselves, the alerts (kind "alert") in [since, until), oldest first, at most `limit`.
    virtual Result<std::int64_t, Error> add_check(const ReviewCheck& check) = 0;
    /// Checks whose day is in [from_day, until_day) (YYYY-MM-DD), by day.
    virtual Result<std::vector<ReviewCheck>, Error> checks(const std::string& from_day, const std::string& until_day) = 0;
    virtual Result<void, Error> add_incident_action(const IncidentAction& action) = 0;
    virtual Result<std::vector<IncidentAction>, Error> incident_actions() = 0;
    virtual Result<std::vector<IndexedEvent>, Error> alerts(std::int64_t since, std::int64_t until, std::size_t limit) = 0;
};

}  // namespace schoolgate::tools::console
