#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>
#include <QStringView>

namespace mandate {

// Appends `text` as a JSON string (RFC 8259): UTF-8, escaping only '"', '\\' and control
// characters, with the short escapes where JSON has them and lowercase \u00xx otherwise. This
// is also RFC 8785's form, so the audit chain hashes what it writes.
void appendJsonString(QByteArray &out, QStringView text);

// A QJsonObject as compact JSON text (members in key order).
QString compactJson(const QJsonObject &object);

// Compact JSON objects written straight into bytes, in the order the members are added: for
// the hot paths (token claims, audit details) where building a QJsonObject and serialising it
// costs more than the rest of the work. Keys are the caller's literals and are not escaped.
class JsonObjectWriter
{
public:
    JsonObjectWriter() { m_out += '{'; }

    JsonObjectWriter &add(QLatin1StringView key, QStringView value)
    {
        appendJsonString(member(key), value);
        return *this;
    }
    JsonObjectWriter &add(QLatin1StringView key, const QString &value) { return add(key, QStringView(value)); }
    JsonObjectWriter &add(QLatin1StringView key, qint64 value)
    {
        member(key) += QByteArray::number(value);
        return *this;
    }
    JsonObjectWriter &add(QLatin1StringView key, int value) { return add(key, qint64(value)); }
    JsonObjectWriter &add(QLatin1StringView key, bool value)
    {
        member(key) += value ? "true" : "false";
        return *this;
    }
    // A value that is already JSON text (a nested object or array written elsewhere).
    JsonObjectWriter &addJson(QLatin1StringView key, const QByteArray &json)
    {
        member(key) += json;
        return *this;
    }

    QByteArray bytes() const { return m_out + '}'; }
    QString text() const { return QString::fromUtf8(bytes()); }

private:
    QByteArray &member(QLatin1StringView key)
    {
        if (m_out.size() > 1)
            m_out += ',';
        m_out += '"';
        m_out += QByteArrayView(key.data(), key.size());
        m_out += "\":";
        return m_out;
    }

    QByteArray m_out;
};

} // namespace mandate
