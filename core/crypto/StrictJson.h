#pragma once

#include "../Error.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringView>

#include <functional>

namespace mandate::crypto {

// Parses a JSON text (RFC 8259) whose top level is an object, refusing what QJsonDocument
// accepts silently: duplicate member names at any depth (QJsonDocument keeps one of them, so
// two parsers could read different claims from the same signed bytes), invalid UTF-8, lone
// surrogate escapes, nesting deeper than maxJsonDepth and anything after the object.
// `what` names the text in error messages ("JWS header", "JWK").
inline constexpr int maxJsonDepth = 64;
Result<QJsonObject> parseStrictJsonObject(QByteArrayView json, QStringView what);

// One member of an object's top level, as readStrictJsonObject found it.
struct StrictJsonMember
{
    QByteArrayView name;      // UTF-8, escapes decoded
    QJsonValue::Type type = QJsonValue::Null; // String, Double, Bool, Null, Object or Array
    QString string;           // a string's text
    double number = 0;        // a number's value (infinite when beyond a double's range)
    bool boolean = false;
    QByteArrayView json;      // the value as written (an object's or array's own JSON text)
};

// Checks json exactly as parseStrictJsonObject does, and only then hands visit each member of
// the top level in the order written, without building a QJsonObject: for the few members a
// caller reads (a token's claims on every introspection), building the whole object cost more
// than checking it. Nested objects and arrays come as their JSON text, already checked.
Status readStrictJsonObject(QByteArrayView json, QStringView what,
                            const std::function<void(const StrictJsonMember &)> &visit);

} // namespace mandate::crypto
