#include "JoseTestSupport.h"

#include "crypto/Jws.h"
#include "crypto/Signature.h"

#include <QDebug>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTest>

using namespace mandate;
using namespace mandate::crypto;
using namespace mandate::crypto::test;

namespace {

const AlgorithmList allAlgorithms = {Algorithm::ES256, Algorithm::EdDSA, Algorithm::RS256};

AlgorithmList fromMask(int mask)
{
    AlgorithmList list;
    if (mask & 1)
        list.append(Algorithm::ES256);
    if (mask & 2)
        list.append(Algorithm::EdDSA);
    if (mask & 4)
        list.append(Algorithm::RS256);
    return list;
}

QByteArray token(const QString &relative)
{
    return readData(relative).trimmed();
}

const QByteArray claims =
        "{\"iss\":\"https://mandate.example\",\"sub\":\"agent-7\",\"scope\":\"calendar:read\"}";

constexpr int accepted = -1;

} // namespace

class TestCryptoJws final : public QObject
{
    Q_OBJECT

private:
    Jwk m_es;      // ES256, private
    Jwk m_es2;     // a second ES256 key
    Jwk m_ed;      // Ed25519, private
    Jwk m_rs;      // RSA 2048, private
    Jwk m_esEnc;   // m_es, public, marked for encryption
    Jwk m_ecA3;    // RFC 7515 A.3
    JwkSet m_set;  // public m_es, m_ed, m_rs
    JwkSet m_set2; // m_set and m_es2

    Jwk keyNamed(const QString &name) const
    {
        if (name == u"es")
            return m_es.publicKey();
        if (name == u"ed")
            return m_ed.publicKey();
        if (name == u"rs")
            return m_rs.publicKey();
        if (name == u"es-enc")
            return m_esEnc;
        return Jwk();
    }

    Result<VerifiedJws> verifyWith(const QByteArray &compact, const QString &keyName,
                                   int allowedMask, bool bytes) const
    {
        const JwsPayload kind = bytes ? JwsPayload::Bytes : JwsPayload::JsonObject;
        if (keyName == u"set")
            return Jws::verify(compact, m_set, fromMask(allowedMask), kind);
        if (keyName == u"set2")
            return Jws::verify(compact, m_set2, fromMask(allowedMask), kind);
        return Jws::verify(compact, keyNamed(keyName), fromMask(allowedMask), kind);
    }

    QByteArray esHeader(const Jwk &key) const
    {
        return "{\"alg\":\"ES256\",\"kid\":\"" + key.kid().toLatin1() + "\"}";
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto es = Jwk::generate(Algorithm::ES256);
        auto es2 = Jwk::generate(Algorithm::ES256);
        auto ed = Jwk::generate(Algorithm::EdDSA);
        auto rs = Jwk::generate(Algorithm::RS256);
        QVERIFY(es && es2 && ed && rs);
        m_es = *es;
        m_es2 = *es2;
        m_ed = *ed;
        m_rs = *rs;
        QJsonObject enc = m_es.toPublicJson();
        enc.insert(QStringLiteral("use"), QStringLiteral("enc"));
        m_esEnc = *Jwk::fromJson(enc);
        m_ecA3 = *Jwk::parse(readData(QStringLiteral("jose-rfc7515/rfc7515_A.3.jwk")));
        for (const Jwk &key : {m_es, m_ed, m_rs}) {
            QVERIFY(m_set.add(key.publicKey()));
            QVERIFY(m_set2.add(key.publicKey()));
        }
        QVERIFY(m_set2.add(m_es2.publicKey()));
    }

    // RFC 7515 Appendix A.1: HS256. Refused outright, whatever key is offered.
    void rfc7515A1HmacIsRefused()
    {
        const QByteArray compact = token(QStringLiteral("jose-rfc7515/rfc7515_A.1.jwsc"));
        const auto key = Jwk::parse(readData(QStringLiteral("jose-rfc7515/rfc7515_A.1.jwk")));
        QVERIFY(!key);
        QVERIFY(key.error().message.contains(u"symmetric"));
        for (const auto &result : {Jws::verify(compact, m_ecA3, allAlgorithms),
                                   Jws::verify(compact, m_set, allAlgorithms)}) {
            QVERIFY(!result);
            QVERIFY(result.error().code == ErrorCode::InvalidArgument);
            QVERIFY2(result.error().message.contains(u"HMAC algorithm \"HS256\" is never accepted"),
                     qPrintable(result.error().message));
        }
    }

    // RFC 7515 Appendix A.2: RS256 verifies; and RSA PKCS #1 v1.5 being deterministic, signing
    // the same header and payload with the same key reproduces the example exactly.
    void rfc7515A2Rs256()
    {
        const QByteArray compact = token(QStringLiteral("jose-rfc7515/rfc7515_A.2.jwsc"));
        const auto key = Jwk::parse(readData(QStringLiteral("jose-rfc7515/rfc7515_A.2.jwk")));
        QVERIFY(key);
        const auto result = Jws::verify(compact, key->publicKey(), {Algorithm::RS256});
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        QVERIFY(result->algorithm == Algorithm::RS256);
        QCOMPARE(result->claims.value(QStringLiteral("iss")).toString(), QStringLiteral("joe"));
        QCOMPARE(result->claims.value(QStringLiteral("exp")).toInteger(), qint64(1300819380));
        QCOMPARE(result->claims.value(QStringLiteral("http://example.com/is_root")).toBool(), true);

        const auto signedHere =
                Jws::sign(QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}},
                          result->payload, *key);
        QVERIFY(signedHere);
        QCOMPARE(signedHere->toLatin1(), compact);

        const auto notAllowed =
                Jws::verify(compact, key->publicKey(), {Algorithm::ES256, Algorithm::EdDSA});
        QVERIFY(!notAllowed);
        QVERIFY2(notAllowed.error().message.contains(
                         u"algorithm RS256 is not allowed here (allowed: ES256, EdDSA)"),
                 qPrintable(notAllowed.error().message));
    }

    void rfc7515A3Es256()
    {
        const QByteArray compact = token(QStringLiteral("jose-rfc7515/rfc7515_A.3.jwsc"));
        const auto result = Jws::verify(compact, m_ecA3.publicKey(), {Algorithm::ES256});
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        QCOMPARE(result->claims.value(QStringLiteral("iss")).toString(), QStringLiteral("joe"));
        QCOMPARE(result->header.value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));

        // ECDSA is randomised: a new signature differs but verifies.
        const auto signedHere =
                Jws::sign(QJsonObject{{QStringLiteral("alg"), QStringLiteral("ES256")}},
                          result->payload, m_ecA3);
        QVERIFY(signedHere);
        QVERIFY(signedHere->toLatin1() != compact);
        QVERIFY(Jws::verify(signedHere->toLatin1(), m_ecA3.publicKey(), {Algorithm::ES256}));
    }

    void rfc7515A4Es512IsNotSupported()
    {
        const QByteArray compact = token(QStringLiteral("jose-rfc7515/rfc7515_A.4.jwsc"));
        const auto key = Jwk::parse(readData(QStringLiteral("jose-rfc7515/rfc7515_A.4.jwk")));
        QVERIFY(!key);
        QVERIFY(key.error().message.contains(u"P-521"));
        const auto result = Jws::verify(compact, m_ecA3, allAlgorithms, JwsPayload::Bytes);
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(u"algorithm \"ES512\" is not supported"),
                 qPrintable(result.error().message));
    }

    void rfc7515A5UnsecuredIsRefused()
    {
        const QByteArray compact = token(QStringLiteral("jose-rfc7515/rfc7515_A.5.jwsc"));
        const auto result = Jws::verify(compact, m_set, allAlgorithms);
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(u"unsecured JWS (alg \"none\") is never accepted"),
                 qPrintable(result.error().message));
    }

    // RFC 8037 Appendix A.4 and A.5 (typed from the RFC). Ed25519 is deterministic, so our
    // signature must be the RFC's, byte for byte.
    void rfc8037Ed25519()
    {
        const QByteArray expected = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
                                    "hgyY0il_MGCjP0JzlnLWG1PPOt7-"
                                    "09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
        const auto key = Jwk::fromJson(
                QJsonObject{{QStringLiteral("kty"), QStringLiteral("OKP")},
                            {QStringLiteral("crv"), QStringLiteral("Ed25519")},
                            {QStringLiteral("d"),
                             QStringLiteral("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")},
                            {QStringLiteral("x"),
                             QStringLiteral("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")}});
        QVERIFY(key);
        QCOMPARE(key->thumbprint(), QStringLiteral("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"));
        const auto signedHere =
                Jws::sign(QJsonObject{{QStringLiteral("alg"), QStringLiteral("EdDSA")}},
                          "Example of Ed25519 signing", *key);
        QVERIFY(signedHere);
        QCOMPARE(signedHere->toLatin1(), expected);

        const auto result =
                Jws::verify(expected, key->publicKey(), {Algorithm::EdDSA}, JwsPayload::Bytes);
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        QCOMPARE(result->payload, QByteArray("Example of Ed25519 signing"));
        QVERIFY(result->algorithm == Algorithm::EdDSA);

        // A JWT verifier wants a JSON object as the payload; this one is text.
        const auto asJwt = Jws::verify(expected, key->publicKey(), {Algorithm::EdDSA});
        QVERIFY(!asJwt);
        QVERIFY2(asJwt.error().message.contains(u"the JWS payload"),
                 qPrintable(asJwt.error().message));
    }

    void ed25519AlgorithmNameIsAccepted()
    {
        const auto compact = Jws::sign(
                QJsonObject{{QStringLiteral("alg"), QStringLiteral("Ed25519")}}, claims, m_ed);
        QVERIFY(compact);
        const auto result = Jws::verify(*compact, m_ed.publicKey(), {Algorithm::EdDSA});
        QVERIFY(result);
        QCOMPARE(result->header.value(QStringLiteral("alg")).toString(), QStringLiteral("Ed25519"));
        QVERIFY(result->algorithm == Algorithm::EdDSA);
    }

    void roundTrips_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("algorithm");
        QTest::newRow("ES256") << QStringLiteral("es") << int(Algorithm::ES256);
        QTest::newRow("EdDSA") << QStringLiteral("ed") << int(Algorithm::EdDSA);
        QTest::newRow("RS256") << QStringLiteral("rs") << int(Algorithm::RS256);
    }

    void roundTrips()
    {
        QFETCH(QString, key);
        QFETCH(int, algorithm);
        const auto alg = static_cast<Algorithm>(algorithm);
        const Jwk signer = key == u"es" ? m_es : key == u"ed" ? m_ed : m_rs;

        const auto compact = Jws::sign(
                QJsonObject{{QStringLiteral("typ"), QStringLiteral("at+jwt")}}, claims, signer);
        QVERIFY2(compact, compact ? "" : qPrintable(compact.error().message));
        QVERIFY(compact->size() < 1024);

        const auto result = Jws::verify(*compact, signer.publicKey(), {alg});
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        QCOMPARE(result->header.value(QStringLiteral("alg")).toString(), algorithmName(alg));
        QCOMPARE(result->header.value(QStringLiteral("kid")).toString(), signer.kid());
        QCOMPARE(result->header.value(QStringLiteral("typ")).toString(), QStringLiteral("at+jwt"));
        QCOMPARE(result->payload, claims);
        QCOMPARE(result->claims.value(QStringLiteral("sub")).toString(), QStringLiteral("agent-7"));
        QCOMPARE(result->kid, signer.kid());
        QVERIFY(result->algorithm == alg);

        // The same through a key set, and through the QString overload.
        QVERIFY(Jws::verify(*compact, m_set, {alg}));
        QVERIFY(Jws::verify(QStringView(*compact), m_set, {alg}));
        // Another key of the same type does not verify it.
        const auto other = Jwk::generate(alg);
        const auto wrongKey =
                Jws::verify(*compact, other->publicKey().withKid(signer.kid()), {alg});
        QVERIFY(!wrongKey);
        QVERIFY(wrongKey.error().code == ErrorCode::Integrity);

        const auto header = Jws::peekHeader(compact->toLatin1());
        QVERIFY(header);
        QCOMPARE(header->value(QStringLiteral("kid")).toString(), signer.kid());
    }

    // OpenSSL signs in DER, where r and s are as short as their value; JWS wants 32 bytes each.
    // One component in 128 starts with a zero byte: among thousands of signatures some do, and
    // every one must verify (here, and in OpenSSL through the public key alone).
    void es256SignaturesOfEveryLengthVerify()
    {
        const QByteArray message("eyJ0eXAiOiJhdCtqd3QifQ.eyJzdWIiOiJhIn0");
        int shortComponents = 0;
        for (int i = 0; i < 3000; ++i) {
            const QByteArray data = message + QByteArray::number(i);
            auto signature = signBytes(Algorithm::ES256, m_es, data);
            QVERIFY(signature);
            QCOMPARE(signature->size(), 64);
            if (signature->at(0) == 0 || signature->at(32) == 0)
                ++shortComponents;
            QVERIFY(verifyBytes(Algorithm::ES256, m_es.publicKey(), data, *signature));
            QByteArray flipped = *signature;
            flipped[63] = char(flipped[63] ^ 1);
            QVERIFY(!verifyBytes(Algorithm::ES256, m_es.publicKey(), data, flipped));
        }
        QVERIFY2(shortComponents > 0, "no signature had a short r or s");
    }

    void keySetPicksByKid()
    {
        for (const Jwk &signer : {m_es, m_es2, m_ed, m_rs}) {
            const auto compact = Jws::sign(QJsonObject(), claims, signer);
            QVERIFY(compact);
            const auto result = Jws::verify(*compact, m_set2, allAlgorithms);
            QVERIFY2(result, result ? "" : qPrintable(result.error().message));
            QCOMPARE(result->kid, signer.kid());
        }
        // Signed by one ES256 key, naming the other: the named key is used, and it fails.
        const QByteArray lying = signRaw(esHeader(m_es2), claims, Algorithm::ES256, m_es);
        const auto result = Jws::verify(lying, m_set2, allAlgorithms);
        QVERIFY(!result);
        QVERIFY(result.error().code == ErrorCode::Integrity);
        // Without a kid, a set with one key for the algorithm is unambiguous.
        const QByteArray anonymous = signRaw("{\"alg\":\"EdDSA\"}", claims, Algorithm::EdDSA, m_ed);
        const auto single = Jws::verify(anonymous, m_set2, allAlgorithms);
        QVERIFY(single);
        QCOMPARE(single->kid, m_ed.kid());
    }

    void signRefusals()
    {
        const auto check = [](const Result<QString> &result, QStringView reason) {
            if (result)
                return false;
            if (!result.error().message.contains(reason)) {
                qWarning() << result.error().message;
                return false;
            }
            return true;
        };
        const auto header = [](const char *alg) {
            return QJsonObject{{QStringLiteral("alg"), QLatin1StringView(alg)}};
        };
        QVERIFY(check(Jws::sign(QJsonObject(), claims, Jwk()), u"without a key"));
        QVERIFY(check(Jws::sign(QJsonObject(), claims, m_es.publicKey()), u"public"));
        QVERIFY(check(Jws::sign(header("none"), claims, m_es), u"unsecured"));
        QVERIFY(check(Jws::sign(header("HS256"), claims, m_es), u"HMAC"));
        QVERIFY(check(Jws::sign(header("PS256"), claims, m_rs), u"not supported"));
        QVERIFY(check(Jws::sign(header("EdDSA"), claims, m_es), u"cannot be used with EdDSA"));
        QVERIFY(check(Jws::sign(header("RS256"), claims, m_es), u"cannot be used with RS256"));
        QVERIFY(check(Jws::sign(QJsonObject{{QStringLiteral("alg"), 1}}, claims, m_es),
                      u"not a string"));
        QVERIFY(check(
                Jws::sign(QJsonObject{{QStringLiteral("crit"), QJsonArray{QStringLiteral("exp")}}},
                          claims, m_es),
                u"crit"));
        QVERIFY(check(Jws::sign(QJsonObject{{QStringLiteral("kid"), m_es2.kid()}}, claims, m_es),
                      u"another key"));
        QVERIFY(check(Jws::sign(QJsonObject(), QByteArray(13 * 1024, 'a'), m_es),
                      u"more than the 16384"));
        // A key restricted to an algorithm we do not implement has no default.
        QJsonObject es512 = m_es.toPrivateJson();
        es512.insert(QStringLiteral("alg"), QStringLiteral("ES512"));
        QVERIFY(check(Jws::sign(QJsonObject(), claims, *Jwk::fromJson(es512)), u"not supported"));
    }

    // Every refusal of the verifier, each with a hand-built token whose only flaw is the one
    // named (the signature is valid over the bytes as sent), and a few controls that pass.
    void hostileTokens_data()
    {
        QTest::addColumn<QByteArray>("compact");
        QTest::addColumn<QString>("key"); // es, ed, rs, es-enc, set, set2
        QTest::addColumn<int>("allowed"); // 1 ES256, 2 EdDSA, 4 RS256
        QTest::addColumn<bool>("bytes");  // payload as bytes rather than a JSON object
        QTest::addColumn<int>("code");    // an ErrorCode, or `accepted`
        QTest::addColumn<QString>("reason");

        const QString es = QStringLiteral("es");
        const QString ed = QStringLiteral("ed");
        const QString rs = QStringLiteral("rs");
        const QString set = QStringLiteral("set");
        const int invalid = int(ErrorCode::InvalidArgument);
        const int notFound = int(ErrorCode::NotFound);
        const int integrity = int(ErrorCode::Integrity);
        const QByteArray esHead = esHeader(m_es);
        const QByteArray good = signRaw(esHead, claims, Algorithm::ES256, m_es);
        const QList<QByteArray> parts = good.split('.');
        const auto rawSignature = *base64UrlDecode(parts[2]);
        const QByteArray signingInput = parts[0] + '.' + parts[1];
        const auto withSignature = [&](const QByteArray &signature) -> QByteArray {
            return signingInput + '.' + b64(signature);
        };
        const QByteArray order = QByteArray::fromHex(
                "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

        QTest::newRow("control: valid ES256") << good << es << 7 << false << accepted << QString();
        // Without a kid, so that the key's own kid does not refuse it first.
        const QByteArray anonymous = signRaw("{\"alg\":\"ES256\"}", claims, Algorithm::ES256, m_es);

        // Algorithms.
        QTest::newRow("alg none") << QByteArray(b64("{\"alg\":\"none\"}") + '.' + parts[1] + '.')
                                  << es << 7 << false << invalid << QStringLiteral("unsecured");
        QTest::newRow("alg None") << QByteArray(b64("{\"alg\":\"None\"}") + '.' + parts[1] + '.')
                                  << set << 7 << false << invalid << QStringLiteral("unsecured");
        QTest::newRow("alg none, with a signature")
                << QByteArray(b64("{\"alg\":\"none\"}") + '.' + parts[1] + '.' + parts[2]) << es
                << 7 << false << invalid << QStringLiteral("unsecured");
        {
            // The algorithm-confusion attack: an HMAC keyed with the verifier's public key.
            const QByteArray head =
                    b64("{\"alg\":\"HS256\",\"kid\":\"" + m_es.kid().toLatin1() + "\"}");
            const QByteArray input = head + '.' + parts[1];
            const QByteArray publicJwk =
                    QJsonDocument(m_es.toPublicJson()).toJson(QJsonDocument::Compact);
            const QByteArray forged = input + '.'
                                      + b64(QMessageAuthenticationCode::hash(
                                              input, publicJwk, QCryptographicHash::Sha256));
            QTest::newRow("HS256 keyed with the public key")
                    << forged << es << 7 << false << invalid << QStringLiteral("HMAC");
            QTest::newRow("HS256 against a key set")
                    << forged << set << 7 << false << invalid << QStringLiteral("HMAC");
        }
        QTest::newRow("alg not allowed") << good << es << 6 << false << invalid
                                         << QStringLiteral("ES256 is not allowed here");
        QTest::newRow("nothing allowed")
                << good << es << 0 << false << invalid << QStringLiteral("allowed: none");
        QTest::newRow("alg PS256")
                << signRaw("{\"alg\":\"PS256\"}", claims, Algorithm::RS256, m_rs) << rs << 7
                << false << invalid << QStringLiteral("\"PS256\" is not supported");
        QTest::newRow("alg ES512")
                << signRaw("{\"alg\":\"ES512\"}", claims, Algorithm::ES256, m_es) << es << 7
                << false << invalid << QStringLiteral("\"ES512\" is not supported");
        QTest::newRow("alg es256 (case)")
                << signRaw("{\"alg\":\"es256\"}", claims, Algorithm::ES256, m_es) << es << 7
                << false << invalid << QStringLiteral("not supported");
        QTest::newRow("alg missing") << signRaw("{\"kid\":\"x\"}", claims, Algorithm::ES256, m_es)
                                     << es << 7 << false << invalid << QStringLiteral("no \"alg\"");
        QTest::newRow("alg not a string")
                << signRaw("{\"alg\":[\"ES256\"]}", claims, Algorithm::ES256, m_es) << es << 7
                << false << invalid << QStringLiteral("\"alg\" is not a string");

        // Algorithm and key disagree.
        QTest::newRow("EdDSA token, EC key")
                << signRaw("{\"alg\":\"EdDSA\"}", claims, Algorithm::EdDSA, m_ed) << es << 7
                << false << invalid << QStringLiteral("EC P-256 keys cannot be used with EdDSA");
        QTest::newRow("ES256 token, RSA key") << anonymous << rs << 7 << false << invalid
                                              << QStringLiteral("cannot be used with ES256");
        QTest::newRow("RS256 token, EC key")
                << signRaw("{\"alg\":\"RS256\"}", claims, Algorithm::RS256, m_rs) << es << 7
                << false << invalid << QStringLiteral("cannot be used with RS256");
        QTest::newRow("ES256 token, Ed25519 key") << anonymous << ed << 7 << false << invalid
                                                  << QStringLiteral("cannot be used with ES256");
        QTest::newRow("key for encryption") << good << QStringLiteral("es-enc") << 7 << false
                                            << invalid << QStringLiteral("use \"enc\"");

        // Key identifiers.
        QTest::newRow("unknown kid in a set")
                << signRaw("{\"alg\":\"ES256\",\"kid\":\"stranger\"}", claims, Algorithm::ES256,
                           m_es)
                << set << 7 << false << notFound << QStringLiteral("no key with kid \"stranger\"");
        QTest::newRow("kid of another key")
                << signRaw("{\"alg\":\"ES256\",\"kid\":\"stranger\"}", claims, Algorithm::ES256,
                           m_es)
                << es << 7 << false << notFound << QStringLiteral("names key \"stranger\"");
        QTest::newRow("kid not a string")
                << signRaw("{\"alg\":\"ES256\",\"kid\":7}", claims, Algorithm::ES256, m_es) << set
                << 7 << false << invalid << QStringLiteral("\"kid\" is not a string");
        QTest::newRow("no kid, two ES256 keys")
                << signRaw("{\"alg\":\"ES256\"}", claims, Algorithm::ES256, m_es)
                << QStringLiteral("set2") << 7 << false << notFound
                << QStringLiteral("2 keys in the set");
        QTest::newRow("control: no kid, one ES256 key")
                << signRaw("{\"alg\":\"ES256\"}", claims, Algorithm::ES256, m_es) << set << 7
                << false << accepted << QString();
        {
            // The header carries the attacker's key; it is never used.
            auto attacker = Jwk::generate(Algorithm::ES256);
            const QByteArray head =
                    "{\"alg\":\"ES256\",\"kid\":\"" + m_es.kid().toLatin1() + "\",\"jwk\":"
                    + QJsonDocument(attacker->toPublicJson()).toJson(QJsonDocument::Compact) + '}';
            QTest::newRow("embedded attacker jwk")
                    << signRaw(head, claims, Algorithm::ES256, *attacker) << set << 7 << false
                    << integrity << QStringLiteral("does not verify");
        }

        // Critical extensions.
        QTest::newRow("crit") << signRaw("{\"alg\":\"ES256\",\"crit\":[\"exp\"],\"exp\":1}", claims,
                                         Algorithm::ES256, m_es)
                              << es << 7 << false << invalid << QStringLiteral("\"crit\"");
        QTest::newRow("crit empty")
                << signRaw("{\"alg\":\"ES256\",\"crit\":[]}", claims, Algorithm::ES256, m_es) << es
                << 7 << false << invalid << QStringLiteral("\"crit\"");
        QTest::newRow("crit b64") << signRaw("{\"alg\":\"ES256\",\"b64\":false,\"crit\":[\"b64\"]}",
                                             claims, Algorithm::ES256, m_es)
                                  << es << 7 << false << invalid << QStringLiteral("\"crit\"");

        // Non-canonical base64url, each signed over the text as sent.
        {
            const QByteArray head = b64("{\"alg\":\"ES256\"}"); // 15 bytes: 20 characters
            const QByteArray oddHead =
                    b64("{\"alg\":\"ES256\",\"x\":1}"); // 21 bytes -> 28 characters
            const QByteArray paddedHead =
                    b64("{\"alg\":\"ES256\" }") + "=="; // 16 bytes -> 22 + "=="
            QTest::newRow("padding in header")
                    << signEncoded(paddedHead, parts[1], Algorithm::ES256, m_es) << es << 7 << false
                    << invalid << QStringLiteral("padding");
            const QByteArray payload = b64("{\"a\":1}"); // 7 bytes -> 10 characters
            QTest::newRow("padding in payload")
                    << signEncoded(head, payload + "==", Algorithm::ES256, m_es) << es << 7 << false
                    << invalid << QStringLiteral("padding");
            QTest::newRow("control: unpadded payload")
                    << signEncoded(head, payload, Algorithm::ES256, m_es) << es << 7 << false
                    << accepted << QString();
            QTest::newRow("padding in signature") << QByteArray(good + "==") << es << 7 << false
                                                  << invalid << QStringLiteral("padding");
            // 0xfb 0xff encodes as "-_8" in base64url and "+/8" in standard base64.
            const QByteArray urlSafe = b64("\xfb\xff\xfe");
            QVERIFY(urlSafe.contains('-') && urlSafe.contains('_'));
            QByteArray plus = urlSafe;
            plus.replace('-', '+');
            QByteArray slash = urlSafe;
            slash.replace('_', '/');
            QTest::newRow("control: '-' and '_'")
                    << signEncoded(head, urlSafe, Algorithm::ES256, m_es) << es << 7 << true
                    << accepted << QString();
            QTest::newRow("'+' in payload")
                    << signEncoded(head, plus, Algorithm::ES256, m_es) << es << 7 << true << invalid
                    << QStringLiteral("standard base64");
            QTest::newRow("'/' in payload")
                    << signEncoded(head, slash, Algorithm::ES256, m_es) << es << 7 << true
                    << invalid << QStringLiteral("standard base64");
            QTest::newRow("space in header")
                    << signEncoded(oddHead.first(8) + ' ' + oddHead.sliced(8), parts[1],
                                   Algorithm::ES256, m_es)
                    << es << 7 << false << invalid << QStringLiteral("whitespace");
            QTest::newRow("newline in payload")
                    << signEncoded(head, parts[1].first(12) + "\r\n" + parts[1].sliced(12),
                                   Algorithm::ES256, m_es)
                    << es << 7 << false << invalid << QStringLiteral("whitespace");
            QByteArray newlineSignature = good;
            newlineSignature.insert(good.size() - 20, '\n');
            QTest::newRow("newline in signature") << newlineSignature << es << 7 << false << invalid
                                                  << QStringLiteral("whitespace");
            // "a" is "YQ"; "YR" decodes to "a" as well, with a stray bit.
            QTest::newRow("control: canonical bits")
                    << signEncoded(head, "YQ", Algorithm::ES256, m_es) << es << 7 << true
                    << accepted << QString();
            QTest::newRow("stray bits in payload")
                    << signEncoded(head, "YR", Algorithm::ES256, m_es) << es << 7 << true << invalid
                    << QStringLiteral("trailing bits");
            // 64 signature bytes take 86 characters with 4 unused bits; the same bytes with a
            // bit set there: the signature "verifies" unless the encoding is checked.
            QByteArray straySignature = good;
            const char last = straySignature.back();
            const QByteArray alphabet =
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            straySignature.back() = alphabet.at(alphabet.indexOf(last) | 1);
            QVERIFY(straySignature != good);
            QTest::newRow("stray bits in signature") << straySignature << es << 7 << false
                                                     << invalid << QStringLiteral("trailing bits");
            QTest::newRow("invalid character in header")
                    << signEncoded(head + '?', parts[1], Algorithm::ES256, m_es) << es << 7 << false
                    << invalid << QStringLiteral("character");
        }

        // Structure and size.
        QTest::newRow("empty token")
                << QByteArray() << es << 7 << false << invalid << QStringLiteral("empty");
        QTest::newRow("one segment")
                << parts[0] << es << 7 << false << invalid << QStringLiteral("this token has 1");
        QTest::newRow("two segments") << signingInput << es << 7 << false << invalid
                                      << QStringLiteral("this token has 2");
        QTest::newRow("four segments") << QByteArray(good + ".AAAA") << es << 7 << false << invalid
                                       << QStringLiteral("this token has 4");
        QTest::newRow("trailing dot") << QByteArray(good + '.') << es << 7 << false << invalid
                                      << QStringLiteral("this token has 4");
        QTest::newRow("five segments (JWE)") << QByteArray("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d") << es
                                             << 7 << false << invalid << QStringLiteral("JWE");
        QTest::newRow("oversized")
                << signRaw(esHead, "{\"pad\":\"" + QByteArray(12300, 'a') + "\"}", Algorithm::ES256,
                           m_es)
                << es << 7 << false << invalid << QStringLiteral("at most 16384");
        QTest::newRow("control: just under the cap") << signRaw(
                esHead, "{\"pad\":\"" + QByteArray(12000, 'a') + "\"}", Algorithm::ES256, m_es)
                                                     << es << 7 << false << accepted << QString();
        QTest::newRow("empty header") << QByteArray('.' + parts[1] + '.' + parts[2]) << es << 7
                                      << false << invalid << QStringLiteral("header is empty");

        // JSON.
        QTest::newRow("header not JSON")
                << signRaw("alg=ES256", claims, Algorithm::ES256, m_es) << es << 7 << false
                << invalid << QStringLiteral("the JWS header is not a JSON object");
        QTest::newRow("header a JSON array")
                << signRaw("[\"ES256\"]", claims, Algorithm::ES256, m_es) << es << 7 << false
                << invalid << QStringLiteral("not a JSON object");
        QTest::newRow("header with trailing data")
                << signRaw("{\"alg\":\"ES256\"}{}", claims, Algorithm::ES256, m_es) << es << 7
                << false << invalid << QStringLiteral("trailing data");
        QTest::newRow("duplicate alg")
                << signRaw("{\"alg\":\"none\",\"alg\":\"ES256\"}", claims, Algorithm::ES256, m_es)
                << es << 7 << false << invalid << QStringLiteral("duplicate member \"alg\"");
        QTest::newRow("duplicate kid")
                << signRaw("{\"alg\":\"ES256\",\"kid\":\"a\",\"kid\":\"b\"}", claims,
                           Algorithm::ES256, m_es)
                << es << 7 << false << invalid << QStringLiteral("duplicate member \"kid\"");
        QTest::newRow("payload not JSON")
                << signRaw(esHead, "hello", Algorithm::ES256, m_es) << es << 7 << false << invalid
                << QStringLiteral("the JWS payload");
        QTest::newRow("control: payload as bytes")
                << signRaw(esHead, "hello", Algorithm::ES256, m_es) << es << 7 << true << accepted
                << QString();
        QTest::newRow("duplicate claim")
                << signRaw(esHead, "{\"sub\":\"alice\",\"sub\":\"mallory\"}", Algorithm::ES256,
                           m_es)
                << es << 7 << false << invalid << QStringLiteral("duplicate member \"sub\"");
        QTest::newRow("duplicate nested claim")
                << signRaw(esHead, "{\"act\":{\"sub\":\"a\",\"sub\":\"b\"}}", Algorithm::ES256,
                           m_es)
                << es << 7 << false << invalid << QStringLiteral("duplicate member \"sub\"");

        // Signatures.
        QTest::newRow("empty signature") << QByteArray(signingInput + '.') << es << 7 << false
                                         << invalid << QStringLiteral("no signature");
        {
            QByteArray der = "\x30\x46\x02\x21";
            der += '\0' + rawSignature.first(32) + "\x02\x21" + '\0' + rawSignature.sliced(32);
            QTest::newRow("ES256 signature in DER")
                    << withSignature(der) << es << 7 << false << invalid
                    << QStringLiteral("must be 64 bytes");
        }
        QTest::newRow("ES256 signature 63 bytes")
                << withSignature(rawSignature.first(63)) << es << 7 << false << invalid
                << QStringLiteral("must be 64 bytes");
        QTest::newRow("ES256 signature 65 bytes")
                << withSignature(rawSignature + '\0') << es << 7 << false << invalid
                << QStringLiteral("must be 64 bytes");
        QTest::newRow("ES256 signature 65 bytes, leading 0")
                << withSignature('\0' + rawSignature) << es << 7 << false << invalid
                << QStringLiteral("must be 64 bytes");
        QTest::newRow("ES256 r = 0")
                << withSignature(QByteArray(32, '\0') + rawSignature.sliced(32)) << es << 7 << false
                << invalid << QStringLiteral("r and s in [1, n-1]");
        QTest::newRow("ES256 s = 0")
                << withSignature(rawSignature.first(32) + QByteArray(32, '\0')) << es << 7 << false
                << invalid << QStringLiteral("r and s in [1, n-1]");
        QTest::newRow("ES256 r = n") << withSignature(order + rawSignature.sliced(32)) << es << 7
                                     << false << invalid << QStringLiteral("r and s in [1, n-1]");
        QTest::newRow("ES256 s = n") << withSignature(rawSignature.first(32) + order) << es << 7
                                     << false << invalid << QStringLiteral("r and s in [1, n-1]");
        QTest::newRow("ES256 r = 2^256-1")
                << withSignature(QByteArray(32, '\xff') + rawSignature.sliced(32)) << es << 7
                << false << invalid << QStringLiteral("r and s in [1, n-1]");
        QTest::newRow("ES256 all zero") << withSignature(QByteArray(64, '\0')) << es << 7 << false
                                        << invalid << QStringLiteral("r and s in [1, n-1]");
        {
            QByteArray flipped = rawSignature;
            flipped[40] = static_cast<char>(flipped[40] ^ 0x01);
            QTest::newRow("ES256 signature altered")
                    << withSignature(flipped) << es << 7 << false << integrity
                    << QStringLiteral("does not verify");
        }
        QTest::newRow("payload altered") << QByteArray(
                parts[0] + '.'
                + b64("{\"iss\":\"https://"
                      "mandate.example\",\"sub\":\"agent-8\",\"scope\":\"calendar:read\"}")
                + '.' + parts[2]) << es << 7
                                         << false << integrity << QStringLiteral("does not verify");
        QTest::newRow("header altered") << QByteArray(
                b64("{\"alg\":\"ES256\",\"kid\":\"" + m_es.kid().toLatin1() + "\",\"typ\":\"JWT\"}")
                + '.' + parts[1] + '.' + parts[2])
                                        << es << 7 << false << integrity
                                        << QStringLiteral("does not verify");
        {
            const QByteArray edGood =
                    signRaw("{\"alg\":\"EdDSA\"}", claims, Algorithm::EdDSA, m_ed);
            const QByteArray edInput = edGood.first(edGood.lastIndexOf('.'));
            const auto edSignature = *base64UrlDecode(edGood.sliced(edGood.lastIndexOf('.') + 1));
            QTest::newRow("control: valid EdDSA")
                    << edGood << ed << 7 << false << accepted << QString();
            QTest::newRow("Ed25519 signature 63 bytes")
                    << QByteArray(edInput + '.' + b64(edSignature.first(63))) << ed << 7 << false
                    << invalid << QStringLiteral("must be 64 bytes");
            QTest::newRow("Ed25519 signature 65 bytes")
                    << QByteArray(edInput + '.' + b64(edSignature + '\0')) << ed << 7 << false
                    << invalid << QStringLiteral("must be 64 bytes");
            QByteArray flipped = edSignature;
            flipped[5] = static_cast<char>(flipped[5] ^ 0x80);
            QTest::newRow("Ed25519 signature altered")
                    << QByteArray(edInput + '.' + b64(flipped)) << ed << 7 << false << integrity
                    << QStringLiteral("does not verify");
        }
        {
            const QByteArray rsGood =
                    signRaw("{\"alg\":\"RS256\"}", claims, Algorithm::RS256, m_rs);
            const QByteArray rsInput = rsGood.first(rsGood.lastIndexOf('.'));
            const auto rsSignature = *base64UrlDecode(rsGood.sliced(rsGood.lastIndexOf('.') + 1));
            QTest::newRow("control: valid RS256")
                    << rsGood << rs << 7 << false << accepted << QString();
            QTest::newRow("RS256 signature short")
                    << QByteArray(rsInput + '.' + b64(rsSignature.sliced(1))) << rs << 7 << false
                    << invalid << QStringLiteral("must be 256 bytes");
            QTest::newRow("RS256 signature long")
                    << QByteArray(rsInput + '.' + b64('\0' + rsSignature)) << rs << 7 << false
                    << invalid << QStringLiteral("must be 256 bytes");
            QByteArray flipped = rsSignature;
            flipped[100] = static_cast<char>(flipped[100] ^ 0x10);
            QTest::newRow("RS256 signature altered")
                    << QByteArray(rsInput + '.' + b64(flipped)) << rs << 7 << false << integrity
                    << QStringLiteral("does not verify");
        }
    }

    void hostileTokens()
    {
        QFETCH(QByteArray, compact);
        QFETCH(QString, key);
        QFETCH(int, allowed);
        QFETCH(bool, bytes);
        QFETCH(int, code);
        QFETCH(QString, reason);
        const auto result = verifyWith(compact, key, allowed, bytes);
        if (code == accepted) {
            QVERIFY2(result, result ? "" : qPrintable(result.error().message));
            return;
        }
        QVERIFY2(!result, "accepted a hostile token");
        QVERIFY2(result.error().code == static_cast<ErrorCode>(code),
                 qPrintable(result.error().codeName() + QStringLiteral(": ")
                            + result.error().message));
        QVERIFY2(result.error().message.contains(reason), qPrintable(result.error().message));
    }

    void qStringOverload()
    {
        const auto good = Jws::sign(QJsonObject(), claims, m_es);
        QVERIFY(good);
        QVERIFY(Jws::verify(QStringView(*good), m_es.publicKey(), {Algorithm::ES256}));
        QString accented = *good;
        accented.insert(5, QChar(0xe9));
        const auto refused =
                Jws::verify(QStringView(accented), m_es.publicKey(), {Algorithm::ES256});
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(u"non-ASCII"));
        const QString huge(Jws::maxCompactSize + 1, u'a');
        const auto tooBig = Jws::verify(QStringView(huge), m_set, {Algorithm::ES256});
        QVERIFY(!tooBig);
        QVERIFY(tooBig.error().message.contains(u"at most"));
    }

    void errorsNeverQuoteTheToken()
    {
        // Refusals name the problem, not the token: logs must not collect bearer tokens.
        const auto good = Jws::sign(QJsonObject(), claims, m_es);
        QVERIFY(good);
        const QString signature = good->section(u'.', 2);
        const auto result = Jws::verify(good->toLatin1(), m_es2.publicKey().withKid(m_es.kid()),
                                        {Algorithm::ES256});
        QVERIFY(!result);
        QVERIFY(!result.error().message.contains(signature));
        QVERIFY(!result.error().message.contains(good->section(u'.', 1)));
    }
};

QTEST_GUILESS_MAIN(TestCryptoJws)
#include "tst_crypto_jws.moc"
