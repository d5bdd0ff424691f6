// The annual review's records in the console's SQLite file (tables review_checks and incident_actions,
// created with the rest of the schema in sqlite_store.cc).
#include "tools/console/sqlite_statement.h"
#include "tools/console/sqlite_store.h"

namespace schoolgate::tools::console {

namespace {

using Error = ConsoleStore::Error;

template <typename T, typename Read>
Result<std::vector<T>, Error> all_rows(Statement& statement, Read read) {
    std::vector<T> out;
    while (statement.step()) out.push_back(read(statement));
    if (!statement.error().empty()) return Result<std::vector<T>, Error>::failure(statement.error());
    return Result<std::vector<T>, Error>::success(std::move(out));
}

}  // namespace

Result<std::int64_t, Error> SqliteStore::add_check(const ReviewCheck& c) {
    Statement statement{db_,
                        "INSERT INTO review_checks (checked_on, what, result, action, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                        {c.checked_on, c.what, c.result, c.action, c.recorded_by, c.recorded_at}};
    auto done = statement.run();
    if (!done.ok()) return Result<std::int64_t, Error>::failure(done.error());
    return Result<std::int64_t, Error>::success(sqlite3_last_insert_rowid(db_));
}

Result<std::vector<ReviewCheck>, Error> SqliteStore::checks(const std::string& from_day, const std::string& until_day) {
    Statement statement{db_,
                        "SELECT id, checked_on, what, result, action, recorded_by, recorded_at FROM review_checks "
                        "WHERE checked_on >= ? AND checked_on < ? ORDER BY checked_on, id",
                        {from_day, until_day}};
    return all_rows<ReviewCheck>(statement, [](const Statement& s) {
        return ReviewCheck{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.integer(6)};
    });
}

Result<void, Error> SqliteStore::add_incident_action(const IncidentAction& a) {
    Statement statement{db_, "INSERT INTO incident_actions (incident, action, by, at) VALUES (?, ?, ?, ?)", {a.incident, a.action, a.by, a.at}};
    return statement.run();
}

Result<std::vector<IncidentAction>, Error> SqliteStore::incident_actions() {
    Statement statement{db_, "SELECT incident, action, by, at FROM incident_actions ORDER BY seq", {}};
    return all_rows<IncidentAction>(statement,
                                    [](const Statement& s) { return IncidentAction{s.text(0), s.text(1), s.text(2), s.integer(3)}; });
}

}  // namespace schoolgate::tools::console
