#pragma once

// Shared by the tests in tests/crypto: test data access and hand-built tokens.

#include "crypto/Bytes.h"
#include "crypto/Jwk.h"
#include "crypto/Signature.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace mandate::crypto::test {

inline QString dataPath(const QString &relative)
{
    return QStringLiteral(MANDATE_TEST_DATA "/jose/") + relative;
}

inline QByteArray readData(const QString &relative)
{
    QFile file(dataPath(relative));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", qPrintable(file.fileName()));
    return file.readAll();
}

inline QJsonObject readJsonData(const QString &relative)
{
    return QJsonDocument::fromJson(readData(relative)).object();
}

inline QByteArray b64(const QByteArray &bytes)
{
    return base64UrlEncode(bytes);
}

// A compact JWS over exactly these header and payload texts (already encoded), signed with key:
// for hostile tokens whose only flaw is the one under test, the signature being valid.
inline QByteArray signEncoded(const QByteArray &encodedHeader, const QByteArray &encodedPayload,
                              Algorithm alg, const Jwk &key)
{
    const QByteArray input = encodedHeader + '.' + encodedPayload;
    const auto signature = signBytes(alg, key, input);
    if (!signature)
        qFatal("cannot sign a test token: %s", qPrintable(signature.error().message));
    return input + '.' + b64(*signature);
}

// The same from raw header and payload bytes.
inline QByteArray signRaw(const QByteArray &header, const QByteArray &payload, Algorithm alg,
                          const Jwk &key)
{
    return signEncoded(b64(header), b64(payload), alg, key);
}

} // namespace mandate::crypto::test
