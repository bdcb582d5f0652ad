#include "JsonText.h"

#include <QJsonDocument>

namespace mandate {

void appendJsonString(QByteArray &out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    // Fast path for the common case, printable ASCII with nothing to escape: copied as is,
    // without an intermediate UTF-8 copy (every token and audit event passes through here).
    const char16_t *chars = text.utf16();
    const qsizetype length = text.size();
    qsizetype plain = 0;
    while (plain < length && chars[plain] >= 0x20 && chars[plain] < 0x7f && chars[plain] != u'"'
           && chars[plain] != u'\\')
        ++plain;
    if (plain == length) {
        const qsizetype at = out.size();
        out.resize(at + length);
        char *to = out.data() + at;
        for (qsizetype i = 0; i < length; ++i)
            to[i] = char(chars[i]);
        out += '"';
        return;
    }
    const QByteArray utf8 = text.toUtf8();
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xf];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace mandate
