#pragma once

#include <QByteArray>
#include <QString>

#include <array>

struct sqlite3;
struct sqlite3_stmt;

namespace mandate {

// One prepared statement on a store connection's own SQLite handle. The engine runs a few
// statements (audit appends, session and agent look-ups) once or more per change; through
// QtSql each costs more in per-value and per-row bookkeeping (a QVariant and a formatted
// placeholder name per bound value, a QSqlRecord per executed SELECT) than in SQLite itself.
// Values are bound by 1-based position; reset() after every use, so that a statement never
// keeps a read transaction open.
class SqliteStatement final
{
public:
    SqliteStatement(sqlite3 *db, const char *sql);
    ~SqliteStatement();
    Q_DISABLE_COPY_MOVE(SqliteStatement)

    // Text is bound as UTF-8; a null QString binds '' like an empty one (the store's text
    // columns are NOT NULL). bindOrNull binds SQL NULL for an empty string.
    void bind(int position, const QString &text);
    void bindOrNull(int position, const QString &text);
    void bindLatin1(int position, const QByteArray &text);
    void bind(int position, qint64 value);

    enum class Step { Row, Done, Error };
    Step step();
    void reset();
    int changes() const;

    // A column of the current row, read like QSqlQuery::value(column): NULL reads as a null
    // QString or 0.
    class Value
    {
    public:
        QString toString() const;
        int toInt() const;
        qint64 toLongLong() const;

    private:
        friend class SqliteStatement;
        Value(sqlite3_stmt *stmt, int column)
            : m_stmt(stmt)
            , m_column(column)
        {}
        sqlite3_stmt *m_stmt;
        int m_column;
    };
    Value value(int column) const { return Value(m_stmt, column); }

    int errorCode() const; // SQLite's extended result code of the last failure
    QString errorText() const;

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
    int m_prepareCode = 0;
    QString m_prepareError;
    std::array<QByteArray, 24> m_text; // bound text lives until the next bind at its position
};

} // namespace mandate
