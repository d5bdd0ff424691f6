#include "tools/console/sqlite_statement.h"

namespace schoolgate::tools::console {

Statement::Statement(sqlite3* db, const char* sql, const std::vector<Value>& parameters) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK) {
        error_ = sqlite3_errmsg(db);
        return;
    }
    bind(parameters);
}

void Statement::bind(const std::vector<Value>& parameters) {
    int index = 1;
    for (const auto& value : parameters) {
        if (const auto* number = std::get_if<std::int64_t>(&value)) {
            sqlite3_bind_int64(statement_, index++, *number);
        } else {
            const auto& text = std::get<std::string>(value);
            sqlite3_bind_text(statement_, index++, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        }
    }
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Result<void, std::string> Statement::run_with(const std::vector<Value>& parameters) {
    if (!statement_) return Result<void, std::string>::failure(error_);
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    bind(parameters);
    return run();
}

bool Statement::step() {
    if (!statement_) return false;
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) error_ = sqlite3_errmsg(db_);
    return false;
}

Result<void, std::string> Statement::run() {
    while (step()) {
    }
    if (!error_.empty()) return Result<void, std::string>::failure(error_);
    return Result<void, std::string>::success();
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(statement_, column); }

std::string Statement::text(int column) const {
    const auto* bytes = sqlite3_column_text(statement_, column);
    if (!bytes) return {};
    return {reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
}

}  // namespace schoolgate::tools::console
