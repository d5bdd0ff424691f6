#include "tools/console/sqlite_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>

#include "tools/console/sqlite_statement.h"

namespace schoolgate::tools::console {

namespace {

using Error = ConsoleStore::Error;
using Values = std::vector<Statement::Value>;

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (id_digest TEXT PRIMARY KEY, account TEXT NOT NULL, csrf TEXT NOT NULL,
  created INTEGER NOT NULL, last_seen INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS login_failures (key TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (key, at);
CREATE TABLE IF NOT EXISTS exemption_requests (id INTEGER PRIMARY KEY AUTOINCREMENT, fields TEXT NOT NULL,
  requested_by TEXT NOT NULL, requested_at INTEGER NOT NULL, state TEXT NOT NULL, decided_by TEXT NOT NULL DEFAULT '',
  decided_at INTEGER NOT NULL DEFAULT 0, decision_reason TEXT NOT NULL DEFAULT '', exemption_id TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, who TEXT NOT NULL,
  action TEXT NOT NULL, what TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ingested_files (file TEXT PRIMARY KEY, offset INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS events (ts INTEGER NOT NULL, ts_text TEXT NOT NULL, kind TEXT NOT NULL, user TEXT NOT NULL,
  device TEXT NOT NULL, role TEXT NOT NULL, src_ip TEXT NOT NULL, host TEXT NOT NULL, service TEXT NOT NULL,
  verdict TEXT NOT NULL, rule TEXT NOT NULL, reason TEXT NOT NULL, period TEXT NOT NULL, techniques TEXT NOT NULL,
  alert TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_ts ON events (ts);
CREATE INDEX IF NOT EXISTS events_user ON events (user, ts);
CREATE INDEX IF NOT EXISTS events_device ON events (device, ts);
CREATE INDEX IF NOT EXISTS events_src ON events (src_ip, ts);
CREATE TABLE IF NOT EXISTS review_checks (id INTEGER PRIMARY KEY AUTOINCREMENT, checked_on TEXT NOT NULL, what TEXT NOT NULL,
  result TEXT NOT NULL, action TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS incident_actions (seq INTEGER PRIMARY KEY AUTOINCREMENT, incident TEXT NOT NULL, action TEXT NOT NULL,
  by TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS events_alerts ON events (ts) WHERE kind = 'alert';
)sql";

Result<void, Error> exec(sqlite3* db, const char* sql, const Values& values = {}) {
    Statement statement{db, sql, values};
    return statement.run();
}

template <typename T, typename Read>
Result<std::vector<T>, Error> rows(sqlite3* db, const char* sql, const Values& values, Read read) {
    Statement statement{db, sql, values};
    std::vector<T> out;
    while (statement.step()) out.push_back(read(statement));
    if (!statement.error().empty()) return Result<std::vector<T>, Error>::failure(statement.error());
    return Result<std::vector<T>, Error>::success(std::move(out));
}

template <typename T>
Result<std::optional<T>, Error> first(Result<std::vector<T>, Error> all) {
    if (!all.ok()) return Result<std::optional<T>, Error>::failure(all.error());
    if (all.value().empty()) return Result<std::optional<T>, Error>::success(std::nullopt);
    return Result<std::optional<T>, Error>::success(std::move(all.value().front()));
}

Account read_account(const Statement& s) {
    return {s.text(0), role_from_name(s.text(1)).value_or(Role::Governor), s.text(2)};
}

ExemptionRequest read_request(const Statement& s) {
    return {s.integer(0), s.text(1), s.text(2), s.integer(3), s.text(4), s.text(5), s.integer(6), s.text(7), s.text(8)};
}

IndexedEvent read_event(const Statement& s) {
    IndexedEvent e;
    e.ts = s.integer(0);
    std::array<std::string*, 14> fields{&e.ts_text, &e.kind, &e.user, &e.device, &e.role, &e.src_ip, &e.host,
                                        &e.service, &e.verdict, &e.rule, &e.reason, &e.period, &e.techniques, &e.alert};
    for (std::size_t i = 0; i < fields.size(); ++i) *fields[i] = s.text(static_cast<int>(i + 1));
    return e;
}

constexpr const char* kEventColumns =
    "ts, ts_text, kind, user, device, role, src_ip, host, service, verdict, rule, reason, period, techniques, alert";

}  // namespace

Result<std::unique_ptr<SqliteStore>, Error> SqliteStore::open(const std::string& path) {
    using R = Result<std::unique_ptr<SqliteStore>, Error>;
    // Accounts and sessions are secrets: the file is the console user's alone.
    if (const int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600); fd >= 0) ::close(fd);
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
        const std::string message = path + ": " + (db ? sqlite3_errmsg(db) : "cannot open the database");
        sqlite3_close(db);
        return R::failure(message);
    }
    sqlite3_busy_timeout(db, 5000);
    char* message = nullptr;
    if (sqlite3_exec(db, kSchema, nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string text = path + ": " + (message ? message : "cannot create the schema");
        sqlite3_free(message);
        sqlite3_close(db);
        return R::failure(text);
    }
    return R::success(std::unique_ptr<SqliteStore>(new SqliteStore(db)));
}

SqliteStore::~SqliteStore() { sqlite3_close(db_); }

Result<void, Error> SqliteStore::put_account(const Account& a) {
    return exec(db_, "INSERT OR REPLACE INTO accounts (name, role, password_hash) VALUES (?, ?, ?)",
                {a.name, std::string{role_name(a.role)}, a.password_hash});
}

Result<std::optional<Account>, Error> SqliteStore::account(const std::string& name) {
    return first(rows<Account>(db_, "SELECT name, role, password_hash FROM accounts WHERE name = ?", {name}, read_account));
}

Result<std::vector<Account>, Error> SqliteStore::accounts() {
    return rows<Account>(db_, "SELECT name, role, password_hash FROM accounts ORDER BY name", {}, read_account);
}

Result<void, Error> SqliteStore::put_session(const Session& s) {
    return exec(db_, "INSERT INTO sessions (id_digest, account, csrf, created, last_seen) VALUES (?, ?, ?, ?, ?)",
                {s.id_digest, s.account, s.csrf, s.created, s.last_seen});
}

Result<std::optional<Session>, Error> SqliteStore::session(const std::string& id_digest) {
    return first(rows<Session>(db_, "SELECT id_digest, account, csrf, created, last_seen FROM sessions WHERE id_digest = ?",
                               {id_digest}, [](const Statement& s) {
                                   return Session{s.text(0), s.text(1), s.text(2), s.integer(3), s.integer(4)};
                               }));
}

Result<void, Error> SqliteStore::touch_session(const std::string& id_digest, std::int64_t now) {
    return exec(db_, "UPDATE sessions SET last_seen = ? WHERE id_digest = ?", {now, id_digest});
}

Result<void, Error> SqliteStore::delete_session(const std::string& id_digest) {
    return exec(db_, "DELETE FROM sessions WHERE id_digest = ?", {id_digest});
}

Result<void, Error> SqliteStore::delete_sessions_of(const std::string& account) {
    return exec(db_, "DELETE FROM sessions WHERE account = ?", {account});
}

Result<void, Error> SqliteStore::record_login_failure(const std::string& key, std::int64_t at) {
    return exec(db_, "INSERT INTO login_failures (key, at) VALUES (?, ?)", {key, at});
}

Result<std::int64_t, Error> SqliteStore::login_failures_since(const std::string& key, std::int64_t since) {
    auto counts = rows<std::int64_t>(db_, "SELECT COUNT(*) FROM login_failures WHERE key = ? AND at >= ?", {key, since},
                                     [](const Statement& s) { return s.integer(0); });
    if (!counts.ok()) return Result<std::int64_t, Error>::failure(counts.error());
    return Result<std::int64_t, Error>::success(counts.value().empty() ? 0 : counts.value().front());
}

Result<std::int64_t, Error> SqliteStore::add_request(const ExemptionRequest& r) {
    auto done = exec(db_, "INSERT INTO exemption_requests (fields, requested_by, requested_at, state) VALUES (?, ?, ?, ?)",
                     {r.fields, r.requested_by, r.requested_at, r.state});
    if (!done.ok()) return Result<std::int64_t, Error>::failure(done.error());
    return Result<std::int64_t, Error>::success(sqlite3_last_insert_rowid(db_));
}

Result<std::optional<ExemptionRequest>, Error> SqliteStore::request(std::int64_t id) {
    return first(rows<ExemptionRequest>(db_,
                                        "SELECT id, fields, requested_by, requested_at, state, decided_by, decided_at, "
                                        "decision_reason, exemption_id FROM exemption_requests WHERE id = ?",
                                        {id}, read_request));
}

Result<std::vector<ExemptionRequest>, Error> SqliteStore::requests() {
    return rows<ExemptionRequest>(db_,
                                  "SELECT id, fields, requested_by, requested_at, state, decided_by, decided_at, "
                                  "decision_reason, exemption_id FROM exemption_requests ORDER BY id DESC",
                                  {}, read_request);
}

Result<void, Error> SqliteStore::decide_request(const ExemptionRequest& r) {
    return exec(db_,
                "UPDATE exemption_requests SET state = ?, decided_by = ?, decided_at = ?, decision_reason = ?, "
                "exemption_id = ? WHERE id = ? AND state = 'pending'",
                {r.state, r.decided_by, r.decided_at, r.decision_reason, r.exemption_id, r.id});
}

Result<void, Error> SqliteStore::append_audit(const AuditRecord& a) {
    return exec(db_, "INSERT INTO audit (at, who, action, what, before, after) VALUES (?, ?, ?, ?, ?, ?)",
                {a.at, a.who, a.action, a.what, a.before, a.after});
}

Result<std::vector<AuditRecord>, Error> SqliteStore::audit(std::size_t limit) {
    return rows<AuditRecord>(db_, "SELECT at, who, action, what, before, after FROM audit ORDER BY seq DESC LIMIT ?",
                             {static_cast<std::int64_t>(limit)}, [](const Statement& s) {
                                 return AuditRecord{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)};
                             });
}

Result<std::int64_t, Error> SqliteStore::ingested_offset(const std::string& file) {
    auto offsets = rows<std::int64_t>(db_, "SELECT offset FROM ingested_files WHERE file = ?", {file},
                                      [](const Statement& s) { return s.integer(0); });
    if (!offsets.ok()) return Result<std::int64_t, Error>::failure(offsets.error());
    return Result<std::int64_t, Error>::success(offsets.value().empty() ? 0 : offsets.value().front());
}

// The events and the new offset in one transaction: a crash between them cannot index a line twice.
Result<void, Error> SqliteStore::add_events(const std::string& file, std::int64_t offset, const std::vector<IndexedEvent>& events) {
    if (auto begun = exec(db_, "BEGIN IMMEDIATE"); !begun.ok()) return begun;
    const std::string insert = std::string{"INSERT INTO events ("} + kEventColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    Statement statement{db_, insert.c_str(), {}};
    for (const auto& e : events) {
        auto done = statement.run_with({e.ts, e.ts_text, e.kind, e.user, e.device, e.role, e.src_ip, e.host, e.service, e.verdict,
                                        e.rule, e.reason, e.period, e.techniques, e.alert});
        if (!done.ok()) return (void)exec(db_, "ROLLBACK"), done;
    }
    auto moved = exec(db_, "INSERT OR REPLACE INTO ingested_files (file, offset) VALUES (?, ?)", {file, offset});
    if (!moved.ok()) return (void)exec(db_, "ROLLBACK"), moved;
    return exec(db_, "COMMIT");
}

Result<std::vector<IndexedEvent>, Error> SqliteStore::events(const EventQuery& q) {
    const auto limit = static_cast<std::int64_t>(q.limit);
    if (q.person.empty()) {
        const std::string sql = std::string{"SELECT "} + kEventColumns +
                                " FROM events WHERE ts >= ? AND ts < ? AND (? = '' OR verdict = ?) ORDER BY ts DESC LIMIT ?";
        return rows<IndexedEvent>(db_, sql.c_str(), {q.since, q.until, q.verdict, q.verdict, limit}, read_event);
    }
    // One person: three indexed lookups (user, device, address) that SQLite joins, never a scan of the year.
    const std::string sql = std::string{"SELECT "} + kEventColumns +
                            " FROM events WHERE (user = ? OR device = ? OR src_ip = ?) AND ts >= ? AND ts < ? "
                            "AND (? = '' OR verdict = ?) ORDER BY ts DESC LIMIT ?";
    return rows<IndexedEvent>(db_, sql.c_str(), {q.person, q.person, q.person, q.since, q.until, q.verdict, q.verdict, limit},
                              read_event);
}

// The alerts alone, through their own partial index (a handful a week among millions of verdicts).
Result<std::vector<IndexedEvent>, Error> SqliteStore::alerts(std::int64_t since, std::int64_t until, std::size_t limit) {
    const std::string sql = std::string{"SELECT "} + kEventColumns + " FROM events WHERE kind = 'alert' AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?";
    return rows<IndexedEvent>(db_, sql.c_str(), {since, until, static_cast<std::int64_t>(limit)}, read_event);
}

Result<std::vector<Tally>, Error> SqliteStore::tally(const std::string& column, std::int64_t since, std::int64_t until,
                                                     bool attempts_only) {
    // The column is one of a fixed list, never a person's text.
    static const std::array<const char*, 6> allowed{"user", "service", "period", "role", "verdict", "kind"};
    const char* chosen = nullptr;
    for (const char* name : allowed) {
        if (column == name) chosen = name;
    }
    if (!chosen) return Result<std::vector<Tally>, Error>::failure("no such column: " + column);
    const std::string key = column == "user" ? "CASE WHEN user != '' THEN user WHEN device != '' THEN device ELSE src_ip END"
                                             : std::string{chosen};
    const std::string sql = "SELECT " + key + " AS k, COUNT(*) FROM events WHERE ts >= ? AND ts < ? " +
                            (attempts_only ? "AND (verdict = 'block' OR kind IN ('circumvention', 'alert')) " : "") +
                            "GROUP BY k ORDER BY COUNT(*) DESC, k LIMIT 50";
    return rows<Tally>(db_, sql.c_str(), {since, until}, [](const Statement& s) { return Tally{s.text(0), s.integer(1)}; });
}

Result<std::vector<Tally>, Error> SqliteStore::find_people(const std::string& text) {
    const std::string like = "%" + text + "%";
    return rows<Tally>(db_,
                       "SELECT k, COUNT(*) FROM (SELECT CASE WHEN user != '' THEN user WHEN device != '' THEN device "
                       "ELSE src_ip END AS k FROM events WHERE user LIKE ? OR device LIKE ? OR src_ip LIKE ?) "
                       "WHERE k != '' GROUP BY k ORDER BY k LIMIT 100",
                       {like, like, like}, [](const Statement& s) { return Tally{s.text(0), s.integer(1)}; });
}

Result<void, Error> SqliteStore::forget_events_before(std::int64_t ts) {
    return exec(db_, "DELETE FROM events WHERE ts < ?", {ts});
}

std::string_view role_name(Role role) noexcept {
    switch (role) {
        case Role::Headteacher: return "headteacher";
        case Role::Dsl: return "dsl";
        case Role::NetworkManager: return "network-manager";
        case Role::Governor: return "governor";
    }
    return "governor";
}

std::optional<Role> role_from_name(std::string_view name) noexcept {
    for (Role role : {Role::Headteacher, Role::Dsl, Role::NetworkManager, Role::Governor}) {
        if (role_name(role) == name) return role;
    }
    return std::nullopt;
}

}  // namespace schoolgate::tools::console
