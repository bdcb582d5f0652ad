#pragma once

#include "../Error.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QStringView>

namespace mandate::crypto {

// Parses a JSON text (RFC 8259) whose top level is an object, refusing what QJsonDocument
// accepts silently: duplicate member names at any depth (QJsonDocument keeps one of them, so
// two parsers could read different claims from the same signed bytes), invalid UTF-8, lone
// surrogate escapes, nesting deeper than maxJsonDepth and anything after the object.
// `what` names the text in error messages ("JWS header", "JWK").
inline constexpr int maxJsonDepth = 64;
Result<QJsonObject> parseStrictJsonObject(QByteArrayView json, QStringView what);

} // namespace mandate::crypto
