// Project Wycheproof (C2SP/wycheproof, Apache License 2.0) against the verifier: see
// tests/data/jose/SOURCES.md. Every "valid" case must verify and every "invalid" one must be
// refused; "acceptable" cases may go either way and are counted.

#include "JoseTestSupport.h"

#include "crypto/Jws.h"

#include <QJsonArray>
#include <QTest>

using namespace mandate;
using namespace mandate::crypto;
using namespace mandate::crypto::test;

namespace {

struct Tally
{
    int valid = 0;
    int invalid = 0;
    int acceptableAccepted = 0;
    int acceptableRejected = 0;
    QStringList failures;

    void fail(const QJsonObject &test, const QString &what)
    {
        failures.append(QStringLiteral("tcId %1 (%2): %3")
                                .arg(test.value(QStringLiteral("tcId")).toInt())
                                .arg(test.value(QStringLiteral("comment")).toString(), what));
    }
};

// A few ECDSA groups give their key only as hex coordinates ("wx", "wy": minimal, or with a
// leading zero byte); JWK wants them at exactly 32 bytes.
QJsonObject ecJwkFromHex(const QJsonObject &publicKey)
{
    const auto coordinate = [&publicKey](const QString &name) {
        QByteArray bytes = QByteArray::fromHex(publicKey.value(name).toString().toLatin1());
        while (bytes.size() > 32 && bytes.front() == '\0')
            bytes.remove(0, 1);
        bytes.prepend(QByteArray(qMax<qsizetype>(0, 32 - bytes.size()), '\0'));
        return QString::fromLatin1(b64(bytes));
    };
    return QJsonObject{{QStringLiteral("kty"), QStringLiteral("EC")},
                       {QStringLiteral("crv"), QStringLiteral("P-256")},
                       {QStringLiteral("x"), coordinate(QStringLiteral("wx"))},
                       {QStringLiteral("y"), coordinate(QStringLiteral("wy"))}};
}

// Runs one signature file (EcdsaP1363Verify or EddsaVerify groups) through verifyBytes.
Tally runSignatureFile(const QString &file, Algorithm alg)
{
    Tally tally;
    const QJsonObject root = readJsonData(QStringLiteral("wycheproof/") + file);
    const QJsonArray groups = root.value(QStringLiteral("testGroups")).toArray();
    for (const QJsonValue &g : groups) {
        const QJsonObject group = g.toObject();
        const auto key = Jwk::fromJson(
                group.contains(QStringLiteral("publicKeyJwk"))
                        ? group.value(QStringLiteral("publicKeyJwk")).toObject()
                        : ecJwkFromHex(group.value(QStringLiteral("publicKey")).toObject()));
        const QJsonArray tests = group.value(QStringLiteral("tests")).toArray();
        if (!key) {
            for (const QJsonValue &t : tests)
                tally.fail(t.toObject(), QStringLiteral("key refused: ") + key.error().message);
            continue;
        }
        for (const QJsonValue &t : tests) {
            const QJsonObject test = t.toObject();
            const QByteArray message =
                    QByteArray::fromHex(test.value(QStringLiteral("msg")).toString().toLatin1());
            const QByteArray signature =
                    QByteArray::fromHex(test.value(QStringLiteral("sig")).toString().toLatin1());
            const QString expected = test.value(QStringLiteral("result")).toString();
            const auto verdict = verifyBytes(alg, *key, message, signature);
            if (expected == u"valid") {
                ++tally.valid;
                if (!verdict)
                    tally.fail(test, QStringLiteral("valid signature refused: ")
                                             + verdict.error().message);
            } else if (expected == u"invalid") {
                ++tally.invalid;
                if (verdict)
                    tally.fail(test, QStringLiteral("invalid signature accepted"));
            } else {
                ++(verdict ? tally.acceptableAccepted : tally.acceptableRejected);
            }
        }
    }
    return tally;
}

} // namespace

class TestCryptoWycheproof final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ecdsaP256Sha256P1363()
    {
        const Tally t = runSignatureFile(QStringLiteral("ecdsa_secp256r1_sha256_p1363_test.json"),
                                         Algorithm::ES256);
        qInfo("ecdsa_secp256r1_sha256_p1363: %d valid accepted, %d invalid rejected, acceptable: "
              "%d accepted, %d rejected",
              t.valid, t.invalid, t.acceptableAccepted, t.acceptableRejected);
        QVERIFY2(t.failures.isEmpty(), qPrintable(t.failures.join(u'\n')));
        QVERIFY(t.valid > 100 && t.invalid > 50);
    }

    void ed25519()
    {
        const Tally t = runSignatureFile(QStringLiteral("ed25519_test.json"), Algorithm::EdDSA);
        qInfo("ed25519: %d valid accepted, %d invalid rejected, acceptable: %d accepted, %d "
              "rejected",
              t.valid, t.invalid, t.acceptableAccepted, t.acceptableRejected);
        QVERIFY2(t.failures.isEmpty(), qPrintable(t.failures.join(u'\n')));
        QVERIFY(t.valid > 50 && t.invalid > 50);
    }

    // JWS cases. The verifier is offered the group's public key (or its private key where the
    // group has no public one) and every algorithm we implement.
    void jsonWebSignature()
    {
        const QJsonObject root =
                readJsonData(QStringLiteral("wycheproof/json_web_signature_test.json"));
        const AlgorithmList all = {Algorithm::ES256, Algorithm::EdDSA, Algorithm::RS256};
        int validAccepted = 0;
        int validRejectedUnsupportedAlg = 0;
        int invalidRejected = 0;
        int skippedUnsupportedKey = 0;
        int skippedJwe = 0;
        int acceptableAccepted = 0;
        int acceptableRejected = 0;
        QStringList failures;
        QStringList unsupportedKeys;

        for (const QJsonValue &g : root.value(QStringLiteral("testGroups")).toArray()) {
            const QJsonObject group = g.toObject();
            if (group.value(QStringLiteral("type")).toString() != u"JsonWebSignature") {
                skippedJwe += int(group.value(QStringLiteral("tests")).toArray().size());
                continue;
            }
            const QJsonObject keyObject =
                    group.contains(QStringLiteral("public"))
                            ? group.value(QStringLiteral("public")).toObject()
                            : group.value(QStringLiteral("private")).toObject();
            const auto key = Jwk::fromJson(keyObject);
            const QJsonArray tests = group.value(QStringLiteral("tests")).toArray();
            if (!key) {
                // A key of a kind we do not implement (HMAC "oct", P-521): the cases cannot be
                // run as intended. Still, none of their tokens may pass a verifier holding no
                // key at all.
                const QString why = Jwk::unsupportedReason(keyObject);
                QVERIFY2(!why.isEmpty(),
                         qPrintable(QStringLiteral("group %1: a supported key was refused: %2")
                                            .arg(group.value(QStringLiteral("comment")).toString(),
                                                 key.error().message)));
                unsupportedKeys.append(group.value(QStringLiteral("comment")).toString()
                                       + QStringLiteral(": ") + why);
                for (const QJsonValue &t : tests) {
                    ++skippedUnsupportedKey;
                    const QJsonValue jws = t.toObject().value(QStringLiteral("jws"));
                    if (jws.isString())
                        QVERIFY(!Jws::verify(jws.toString(), JwkSet(), all, JwsPayload::Bytes));
                }
                continue;
            }
            for (const QJsonValue &t : tests) {
                const QJsonObject test = t.toObject();
                const QString expected = test.value(QStringLiteral("result")).toString();
                const QJsonValue jws = test.value(QStringLiteral("jws"));
                // JSON serialization (an object) is not compact: passed as its text, it must be
                // refused.
                const QString compact =
                        jws.isString() ? jws.toString()
                                       : QString::fromUtf8(QJsonDocument(jws.toObject())
                                                                   .toJson(QJsonDocument::Compact));
                const auto verdict =
                        Jws::verify(QStringView(compact), *key, all, JwsPayload::Bytes);
                const auto header = Jws::peekHeader(compact.toLatin1());
                const bool supportedAlg =
                        header
                        && algorithmFromName(header->value(QStringLiteral("alg")).toString());
                const QString label =
                        QStringLiteral("tcId %1 (%2)")
                                .arg(test.value(QStringLiteral("tcId")).toInt())
                                .arg(test.value(QStringLiteral("comment")).toString());
                if (expected == u"valid") {
                    if (supportedAlg) {
                        if (verdict)
                            ++validAccepted;
                        else
                            failures.append(label + QStringLiteral(": valid token refused: ")
                                            + verdict.error().message);
                    } else {
                        if (verdict)
                            failures.append(
                                    label
                                    + QStringLiteral(
                                            ": token with an unsupported algorithm accepted"));
                        else if (!verdict.error().message.contains(u"not supported")
                                 && !verdict.error().message.contains(u"HMAC"))
                            failures.append(
                                    label + QStringLiteral(": refused, but not for its algorithm: ")
                                    + verdict.error().message);
                        else
                            ++validRejectedUnsupportedAlg;
                    }
                } else if (expected == u"invalid") {
                    if (verdict)
                        failures.append(label + QStringLiteral(": invalid token accepted"));
                    else
                        ++invalidRejected;
                } else {
                    ++(verdict ? acceptableAccepted : acceptableRejected);
                }
            }
        }
        qInfo("json_web_signature: %d valid accepted; %d invalid rejected; %d valid but with an "
              "unsupported "
              "algorithm, rejected; acceptable: %d accepted, %d rejected; skipped: %d with an "
              "unsupported key "
              "type (still rejected without a key), %d JWE",
              validAccepted, invalidRejected, validRejectedUnsupportedAlg, acceptableAccepted,
              acceptableRejected, skippedUnsupportedKey, skippedJwe);
        for (const QString &line : std::as_const(unsupportedKeys))
            qInfo("  unsupported key, group %s", qPrintable(line));
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
        QVERIFY(validAccepted >= 10);
        QVERIFY(invalidRejected >= 300);
    }
};

QTEST_GUILESS_MAIN(TestCryptoWycheproof)
#include "tst_crypto_wycheproof.moc"
