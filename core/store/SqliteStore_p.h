#pragma once

// Helpers shared by the SqliteStore translation units (private to core/store).

#include "../Error.h"
#include "SqliteStatement.h"

#include <optional>

namespace mandate::sqlite_detail {

inline ErrorCode codeForSqlite(int native)
{
    // SQLite's extended result codes keep the primary code in the low byte.
    switch (native & 0xff) {
    case 11: // SQLITE_CORRUPT
        return ErrorCode::StoreCorrupt;
    case 26: // SQLITE_NOTADB
        return ErrorCode::StoreNotMandate;
    case 5:  // SQLITE_BUSY
    case 6:  // SQLITE_LOCKED
    case 14: // SQLITE_CANTOPEN
        return ErrorCode::StoreUnavailable;
    case 19: // SQLITE_CONSTRAINT
        return ErrorCode::Conflict;
    default:
        return ErrorCode::StoreFailed;
    }
}

inline Error statementError(const SqliteStatement &statement, const QString &what)
{
    return Error{codeForSqlite(statement.errorCode()), QStringLiteral("%1: %2").arg(what, statement.errorText())};
}

// Runs a statement that returns no rows. The message is only formatted on failure: these run
// millions of times when a demo organisation is generated.
template <typename What>
inline Status run(SqliteStatement &statement, What what)
{
    const SqliteStatement::Step step = statement.step();
    Status result;
    if (step == SqliteStatement::Step::Error)
        result = std::unexpected(statementError(statement, what()));
    statement.reset();
    return result;
}

// Reads at most one row with read(statement).
template <typename T, typename Read, typename What>
inline Result<std::optional<T>> readOne(SqliteStatement &statement, Read read, What what)
{
    std::optional<T> out;
    switch (statement.step()) {
    case SqliteStatement::Step::Row:
        out = read(statement);
        break;
    case SqliteStatement::Step::Done:
        break;
    case SqliteStatement::Step::Error: {
        const Error e = statementError(statement, what());
        statement.reset();
        return std::unexpected(e);
    }
    }
    statement.reset();
    return out;
}

// Steps through every row, handing each to visit; resets the statement however it ends. The
// message is only made on failure (introspection runs this on every call).
template <typename What, typename Visit>
inline Status eachRow(SqliteStatement &statement, What what, Visit visit)
{
    for (;;) {
        switch (statement.step()) {
        case SqliteStatement::Step::Row:
            visit(statement);
            continue;
        case SqliteStatement::Step::Done:
            statement.reset();
            return {};
        case SqliteStatement::Step::Error: {
            const Error e = statementError(statement, what());
            statement.reset();
            return std::unexpected(e);
        }
        }
    }
}

} // namespace mandate::sqlite_detail
