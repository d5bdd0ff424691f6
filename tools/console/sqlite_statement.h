#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "common/result.h"

namespace schoolgate::tools::console {

/// One prepared SQLite statement with bound parameters, finalised on destruction.
class Statement {
public:
    using Value = std::variant<std::int64_t, std::string>;
    Statement(sqlite3* db, const char* sql, const std::vector<Value>& parameters);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    /// The next row (true), the end (false); a failure is kept in error().
    bool step();
    /// Runs a statement that returns no rows.
    Result<void, std::string> run();
    /// Resets the statement, binds `parameters` afresh and runs it: one prepared insert for a whole batch.
    Result<void, std::string> run_with(const std::vector<Value>& parameters);
    std::int64_t integer(int column) const;
    std::string text(int column) const;
    const std::string& error() const noexcept { return error_; }

private:
    void bind(const std::vector<Value>& parameters);
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
    std::string error_;
};

}  // namespace schoolgate::tools::console
