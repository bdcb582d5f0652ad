#include "SqliteStatement.h"

#include <sqlite3.h>

namespace mandate {

SqliteStatement::SqliteStatement(sqlite3 *db, const char *sql)
    : m_db(db)
{
    m_prepareCode = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (m_prepareCode != SQLITE_OK) {
        m_prepareError = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

void SqliteStatement::bind(int position, const QString &text)
{
    Q_ASSERT(position > 0 && position < int(m_text.size()));
    QByteArray &utf8 = m_text[position];
    // ASCII (ids, scopes, times, the JSON the engine writes) is narrowed into the buffer this
    // position kept from its last use, so a statement run again allocates nothing; anything
    // else goes through toUtf8, whose bytes the audit chain's encoding also hashes.
    const QChar *chars = text.constData();
    const qsizetype length = text.size();
    qsizetype ascii = 0;
    while (ascii < length && chars[ascii].unicode() < 0x80)
        ++ascii;
    if (ascii == length) {
        utf8.resize(length);
        char *to = utf8.data();
        for (qsizetype i = 0; i < length; ++i)
            to[i] = char(chars[i].unicode());
    } else {
        utf8 = text.toUtf8();
    }
    // constData() of an empty array is "", never null: SQLite binds '' rather than NULL.
    sqlite3_bind_text(m_stmt, position, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
}

void SqliteStatement::bindOrNull(int position, const QString &text)
{
    if (text.isEmpty())
        sqlite3_bind_null(m_stmt, position);
    else
        bind(position, text);
}

void SqliteStatement::bindLatin1(int position, const QByteArray &text)
{
    Q_ASSERT(position > 0 && position < int(m_text.size()));
    m_text[position] = text;
    sqlite3_bind_text(m_stmt, position, m_text[position].constData(), int(text.size()),
                      SQLITE_STATIC);
}

void SqliteStatement::bind(int position, qint64 value)
{
    sqlite3_bind_int64(m_stmt, position, value);
}

SqliteStatement::Step SqliteStatement::step()
{
    if (!m_stmt)
        return Step::Error;
    switch (sqlite3_step(m_stmt)) {
    case SQLITE_ROW:
        return Step::Row;
    case SQLITE_DONE:
        return Step::Done;
    default:
        return Step::Error;
    }
}

void SqliteStatement::reset()
{
    if (m_stmt)
        sqlite3_reset(m_stmt);
}

int SqliteStatement::changes() const
{
    return sqlite3_changes(m_db);
}

QString SqliteStatement::Value::toString() const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, m_column));
    if (!text)
        return {};
    return QString::fromUtf8(text, sqlite3_column_bytes(m_stmt, m_column));
}

int SqliteStatement::Value::toInt() const
{
    return sqlite3_column_int(m_stmt, m_column);
}

qint64 SqliteStatement::Value::toLongLong() const
{
    return sqlite3_column_int64(m_stmt, m_column);
}

int SqliteStatement::errorCode() const
{
    return m_stmt ? sqlite3_extended_errcode(m_db) : m_prepareCode;
}

QString SqliteStatement::errorText() const
{
    if (!m_stmt)
        return m_prepareError;
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

} // namespace mandate
