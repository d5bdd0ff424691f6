#pragma once

#include <memory>
#include <string>

#include "tools/console/console_store.h"

struct sqlite3;

namespace schoolgate::tools::console {

/// ConsoleStore in one SQLite file (WAL, created 0600 with its schema on first open). Statements are
/// prepared with bound parameters only: no text from a person or an event is ever part of SQL.
class SqliteStore final : public ConsoleStore {
public:
    static Result<std::unique_ptr<SqliteStore>, Error> open(const std::string& path);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    Result<void, Error> put_account(const Account& account) override;
    Result<std::optional<Account>, Error> account(const std::string& name) override;
    Result<std::vector<Account>, Error> accounts() override;
    Result<void, Error> put_session(const Session& session) override;
    Result<std::optional<Session>, Error> session(const std::string& id_digest) override;
    Result<void, Error> touch_session(const std::string& id_digest, std::int64_t now) override;
    Result<void, Error> delete_session(const std::string& id_digest) override;
    Result<void, Error> delete_sessions_of(const std::string& account) override;
    Result<void, Error> record_login_failure(const std::string& key, std::int64_t at) override;
    Result<std::int64_t, Error> login_failures_since(const std::string& key, std::int64_t since) override;
    Result<std::int64_t, Error> add_request(const ExemptionRequest& request) override;
    Result<std::optional<ExemptionRequest>, Error> request(std::int64_t id) override;
    Result<std::vector<ExemptionRequest>, Error> requests() override;
    Result<void, Error> decide_request(const ExemptionRequest& decided) override;
    Result<void, Error> append_audit(const AuditRecord& record) override;
    Result<std::vector<AuditRecord>, Error> audit(std::size_t limit) override;
    Result<std::int64_t, Error> ingested_offset(const std::string& file) override;
    Result<void, Error> add_events(const std::string& file, std::int64_t offset, const std::vector<IndexedEvent>& events) override;
    Result<std::vector<IndexedEvent>, Error> events(const EventQuery& query) override;
    Result<std::vector<Tally>, Error> tally(const std::string& column, std::int64_t since, std::int64_t until,
                                            bool attempts_only) override;
    Result<std::vector<Tally>, Error> find_people(const std::string& text) override;
    Result<void, Error> forget_events_before(std::int64_t ts) override;
    // The annual review's records (sqlite_review_store.cc)
    Result<std::int64_t, Error> add_check(const ReviewCheck& check) override;
    Result<std::vector<ReviewCheck>, Error> checks(const std::string& from_day, const std::string& until_day) override;
    Result<void, Error> add_incident_action(const IncidentAction& action) override;
    Result<std::vector<IncidentAction>, Error> incident_actions() override;
    Result<std::vector<IndexedEvent>, Error> alerts(std::int64_t since, std::int64_t until, std::size_t limit) override;

private:
    explicit SqliteStore(sqlite3* db) noexcept : db_(db) {}
    sqlite3* db_;
};

}  // namespace schoolgate::tools::console
