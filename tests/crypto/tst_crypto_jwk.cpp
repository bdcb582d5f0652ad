#include "JoseTestSupport.h"

#include "crypto/Jwk.h"
#include "crypto/Signature.h"

#include <QDebug>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace mandate;
using namespace mandate::crypto;
using namespace mandate::crypto::test;

namespace {

// RFC 8037 Appendix A.1 (typed from the RFC).
const QString rfc8037D = QStringLiteral("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A");
const QString rfc8037X = QStringLiteral("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
const QString rfc8037Thumbprint = QStringLiteral("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");

QJsonObject rfc8037Key(bool withPrivate)
{
    QJsonObject o{{QStringLiteral("kty"), QStringLiteral("OKP")},
                  {QStringLiteral("crv"), QStringLiteral("Ed25519")},
                  {QStringLiteral("x"), rfc8037X}};
    if (withPrivate)
        o.insert(QStringLiteral("d"), rfc8037D);
    return o;
}

QJsonObject with(QJsonObject o, const QString &name, const QJsonValue &value)
{
    if (value.isUndefined())
        o.remove(name);
    else
        o.insert(name, value);
    return o;
}

const QStringList privateMembers = {QStringLiteral("d"),  QStringLiteral("p"),
                                    QStringLiteral("q"),  QStringLiteral("dp"),
                                    QStringLiteral("dq"), QStringLiteral("qi")};

} // namespace

class TestCryptoJwk final : public QObject
{
    Q_OBJECT

private:
    Jwk m_es256;
    Jwk m_ed25519;
    Jwk m_rs256;

private Q_SLOTS:
    void initTestCase()
    {
        auto es = Jwk::generate(Algorithm::ES256);
        auto ed = Jwk::generate(Algorithm::EdDSA);
        auto rs = Jwk::generate(Algorithm::RS256);
        QVERIFY(es && ed && rs);
        m_es256 = *es;
        m_ed25519 = *ed;
        m_rs256 = *rs;
    }

    void rfc7638Thumbprint()
    {
        const auto key = Jwk::parse(readData(QStringLiteral("jose-rfc7515/rfc7638_3.1.jwk")));
        QVERIFY2(key, key ? "" : qPrintable(key.error().message));
        QCOMPARE(key->thumbprint(),
                 QString::fromLatin1(
                         readData(QStringLiteral("jose-rfc7515/rfc7638_3.1.thp")).trimmed()));
        QCOMPARE(key->kid(), QStringLiteral("2011-04-29"));
        QCOMPARE(key->alg(), QStringLiteral("RS256"));
        QVERIFY(key->keyType() == KeyType::RSA);
        QCOMPARE(key->bits(), 2048);
        QVERIFY(!key->hasPrivateKey());
    }

    void rfc8037Key()
    {
        const auto pub = Jwk::fromJson(::rfc8037Key(false));
        const auto priv = Jwk::fromJson(::rfc8037Key(true));
        QVERIFY(pub && priv);
        QCOMPARE(pub->thumbprint(), rfc8037Thumbprint);
        QCOMPARE(priv->thumbprint(), rfc8037Thumbprint);
        QVERIFY(priv->hasPrivateKey());
        QVERIFY(!pub->hasPrivateKey());
        QVERIFY(pub->hasSamePublicKey(*priv));
        QCOMPARE(priv->curve(), QStringLiteral("Ed25519"));
        QCOMPARE(priv->toPrivateJson().value(QStringLiteral("d")).toString(), rfc8037D);
    }

    void exportIsCanonicalAndRoundTrips_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::newRow("RSA private (RFC 7515 A.2)")
                << readJsonData(QStringLiteral("jose-rfc7515/rfc7515_A.2.jwk"));
        QTest::newRow("EC private (RFC 7515 A.3)")
                << readJsonData(QStringLiteral("jose-rfc7515/rfc7515_A.3.jwk"));
        QTest::newRow("OKP private (RFC 8037 A.1)") << ::rfc8037Key(true);
        QTest::newRow("RSA public (RFC 7638)")
                << readJsonData(QStringLiteral("jose-rfc7515/rfc7638_3.1.jwk"));
    }

    void exportIsCanonicalAndRoundTrips()
    {
        QFETCH(QJsonObject, input);
        const auto key = Jwk::fromJson(input);
        QVERIFY2(key, key ? "" : qPrintable(key.error().message));
        // These published keys are canonical already, so the export reproduces them exactly.
        QCOMPARE(key->toPrivateJson(), input);
        const QJsonObject pub = key->toPublicJson();
        for (const QString &name : privateMembers)
            QVERIFY(!pub.contains(name));
        for (auto it = pub.constBegin(); it != pub.constEnd(); ++it)
            QCOMPARE(it.value(), input.value(it.key()));

        const auto again = Jwk::parse(QJsonDocument(key->toPrivateJson()).toJson());
        QVERIFY(again);
        QCOMPARE(again->toPrivateJson(), input);
        QCOMPARE(again->thumbprint(), key->thumbprint());
        QCOMPARE(again->hasPrivateKey(), key->hasPrivateKey());
    }

    void generatedKeys_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<int>("bits");
        QTest::addColumn<QString>("kty");
        QTest::newRow("ES256") << int(Algorithm::ES256) << 256 << QStringLiteral("EC");
        QTest::newRow("EdDSA") << int(Algorithm::EdDSA) << 255 << QStringLiteral("OKP");
        QTest::newRow("RS256") << int(Algorithm::RS256) << 2048 << QStringLiteral("RSA");
    }

    void generatedKeys()
    {
        QFETCH(int, algorithm);
        QFETCH(int, bits);
        QFETCH(QString, kty);
        const auto alg = static_cast<Algorithm>(algorithm);
        const Jwk key = alg == Algorithm::ES256   ? m_es256
                        : alg == Algorithm::EdDSA ? m_ed25519
                                                  : m_rs256;
        QVERIFY(key.hasPrivateKey());
        QCOMPARE(key.bits(), bits);
        QCOMPARE(key.keyTypeName(), kty);
        QCOMPARE(key.kid(), key.thumbprint());
        QCOMPARE(key.alg(), algorithmName(alg));
        QCOMPARE(key.use(), QStringLiteral("sig"));
        QVERIFY(key.defaultAlgorithm() == alg);
        QVERIFY(key.canSign(alg));
        QVERIFY(key.canVerify(alg));

        const auto signature = signBytes(alg, key, "message");
        QVERIFY(signature);
        QVERIFY(verifyBytes(alg, key.publicKey(), "message", *signature));
        QVERIFY(!verifyBytes(alg, key.publicKey(), "massage", *signature));

        // Private export and import give the same key: it signs, and the original verifies.
        const auto restored = Jwk::fromJson(key.toPrivateJson());
        QVERIFY2(restored, restored ? "" : qPrintable(restored.error().message));
        QVERIFY(restored->hasPrivateKey());
        QVERIFY(restored->hasSamePublicKey(key));
        QCOMPARE(restored->kid(), key.kid());
        const auto again = signBytes(alg, *restored, "message 2");
        QVERIFY(again);
        QVERIFY(verifyBytes(alg, key, "message 2", *again));

        // Two generations never give the same key.
        const auto other = Jwk::generate(alg);
        QVERIFY(other);
        QVERIFY(!other->hasSamePublicKey(key));
        QVERIFY(other->kid() != key.kid());
    }

    void rsaSizes()
    {
        const auto big = Jwk::generate(Algorithm::RS256, 3072);
        QVERIFY(big);
        QCOMPARE(big->bits(), 3072);
        const auto sig = signBytes(Algorithm::RS256, *big, "x");
        QVERIFY(sig);
        QCOMPARE(sig->size(), 384);
        QVERIFY(verifyBytes(Algorithm::RS256, big->publicKey(), "x", *sig));

        const auto small = Jwk::generate(Algorithm::RS256, 1024);
        QVERIFY(!small);
        QVERIFY(small.error().message.contains(u"2048"));
    }

    void privateMaterialIsNeverShown()
    {
        for (const Jwk &key : {m_es256, m_ed25519, m_rs256}) {
            const QJsonObject secret = key.toPrivateJson();
            QVERIFY(secret.contains(QStringLiteral("d")));
            QString debugText;
            QDebug(&debugText) << key;
            const QString shown =
                    key.toString() + debugText
                    + QString::fromUtf8(QJsonDocument(key.toPublicJson()).toJson())
                    + QString::fromUtf8(QJsonDocument(key.publicKey().toPrivateJson()).toJson());
            for (const QString &name : privateMembers) {
                if (secret.contains(name))
                    QVERIFY2(!shown.contains(secret.value(name).toString()), qPrintable(name));
            }
            QVERIFY(key.toString().contains(u"private"));
            QVERIFY(debugText.contains(key.kid()));
        }
        QCOMPARE(Jwk().toString(), QStringLiteral("Jwk(null)"));
    }

    void publicKeyHasNoPrivatePart()
    {
        for (const Jwk &key : {m_es256, m_ed25519, m_rs256}) {
            const Jwk pub = key.publicKey();
            QVERIFY(!pub.hasPrivateKey());
            QVERIFY(pub.hasSamePublicKey(key));
            QCOMPARE(pub.kid(), key.kid());
            QCOMPARE(pub.toPrivateJson(), pub.toPublicJson());
            const auto alg = *key.defaultAlgorithm();
            QVERIFY(pub.refusalToSign(alg).contains(u"public"));
            const auto sig = signBytes(alg, pub, "x");
            QVERIFY(!sig);
            QVERIFY(sig.error().code == ErrorCode::InvalidArgument);
        }
    }

    void withKid()
    {
        const Jwk renamed = m_es256.withKid(QStringLiteral("2025-01"));
        QCOMPARE(renamed.kid(), QStringLiteral("2025-01"));
        QCOMPARE(m_es256.kid(), m_es256.thumbprint());
        QVERIFY(renamed.hasSamePublicKey(m_es256));
        QVERIFY(renamed.hasPrivateKey());
        QCOMPARE(renamed.thumbprint(), m_es256.thumbprint());
    }

    void refusals_data()
    {
        QTest::addColumn<QJsonObject>("jwk");
        QTest::addColumn<QString>("reason");
        const QJsonObject ec = readJsonData(QStringLiteral("jose-rfc7515/rfc7515_A.3.jwk"));
        const QJsonObject rsa = readJsonData(QStringLiteral("jose-rfc7515/rfc7515_A.2.jwk"));
        const QJsonObject okp = ::rfc8037Key(true);
        const QJsonObject otherEc = m_es256.toPrivateJson();
        const QJsonObject otherRsa = m_rs256.toPrivateJson();
        const QString k = QStringLiteral("kty");

        QTest::newRow("oct (RFC 7515 A.1)")
                << readJsonData(QStringLiteral("jose-rfc7515/rfc7515_A.1.jwk"))
                << QStringLiteral("symmetric");
        QTest::newRow("P-521 (RFC 7515 A.4)")
                << readJsonData(QStringLiteral("jose-rfc7515/rfc7515_A.4.jwk"))
                << QStringLiteral("\"P-521\" is not supported");
        QTest::newRow("P-384") << with(ec, QStringLiteral("crv"), QStringLiteral("P-384"))
                               << QStringLiteral("not supported");
        QTest::newRow("X25519") << with(okp, QStringLiteral("crv"), QStringLiteral("X25519"))
                                << QStringLiteral("not supported");
        QTest::newRow("Ed448") << with(okp, QStringLiteral("crv"), QStringLiteral("Ed448"))
                               << QStringLiteral("not supported");
        QTest::newRow("unknown kty")
                << with(ec, k, QStringLiteral("ECDSA")) << QStringLiteral("not supported");
        QTest::newRow("no kty") << with(ec, k, QJsonValue::Undefined) << QStringLiteral("kty");
        QTest::newRow("kty not a string") << with(ec, k, 1) << QStringLiteral("kty");
        QTest::newRow("RSA 1024") << QJsonObject{{k, QStringLiteral("RSA")},
                                                 {QStringLiteral("n"),
                                                  QString::fromLatin1(
                                                          b64(QByteArray(127, '\xc3') + '\x01'))},
                                                 {QStringLiteral("e"), QStringLiteral("AQAB")}}
                                  << QStringLiteral("2048");
        QTest::newRow("EC x short")
                << with(ec, QStringLiteral("x"), QString::fromLatin1(b64(QByteArray(31, 'x'))))
                << QStringLiteral("32 bytes");
        QTest::newRow("EC y missing") << with(ec, QStringLiteral("y"), QJsonValue::Undefined)
                                      << QStringLiteral("no \"y\"");
        QTest::newRow("EC point off the curve")
                << with(with(ec, QStringLiteral("y"), otherEc.value(QStringLiteral("y"))),
                        QStringLiteral("d"), QJsonValue::Undefined)
                << QStringLiteral("P-256");
        QTest::newRow("EC d of another key")
                << with(ec, QStringLiteral("d"), otherEc.value(QStringLiteral("d")))
                << QStringLiteral("does not match");
        QTest::newRow("EC d short")
                << with(ec, QStringLiteral("d"), QString::fromLatin1(b64(QByteArray(31, 'd'))))
                << QStringLiteral("32 bytes");
        QTest::newRow("EC d empty")
                << with(ec, QStringLiteral("d"), QString()) << QStringLiteral("empty");
        QTest::newRow("OKP x long")
                << with(okp, QStringLiteral("x"), QString::fromLatin1(b64(QByteArray(33, 'x'))))
                << QStringLiteral("32 bytes");
        QTest::newRow("OKP x of small order (identity)")
                << with(okp, QStringLiteral("x"),
                        QString::fromLatin1(b64(QByteArray::fromHex("01") + QByteArray(31, '\0'))))
                << QStringLiteral("small order");
        QTest::newRow("OKP x of small order (order 8, sign bit set)") << with(
                with(okp, QStringLiteral("d"), QJsonValue::Undefined), QStringLiteral("x"),
                QString::fromLatin1(b64(QByteArray::fromHex(
                        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"))))
                                                                      << QStringLiteral(
                                                                                 "small order");
        QTest::newRow("OKP d of another key") << with(
                okp, QStringLiteral("d"), m_ed25519.toPrivateJson().value(QStringLiteral("d")))
                                              << QStringLiteral("does not match");
        QTest::newRow("RSA without CRT members")
                << with(with(rsa, QStringLiteral("p"), QJsonValue::Undefined), QStringLiteral("q"),
                        QJsonValue::Undefined)
                << QStringLiteral("p, q, dp, dq and qi");
        QTest::newRow("RSA CRT without d") << with(rsa, QStringLiteral("d"), QJsonValue::Undefined)
                                           << QStringLiteral("no \"d\"");
        QTest::newRow("RSA oth") << with(rsa, QStringLiteral("oth"), QJsonArray())
                                 << QStringLiteral("multi-prime");
        QJsonObject grafted = otherRsa;
        grafted.insert(QStringLiteral("n"), rsa.value(QStringLiteral("n")));
        QTest::newRow("RSA private parts of another key")
                << grafted << QStringLiteral("do not match");
        QTest::newRow("RSA e even")
                << with(rsa, QStringLiteral("e"), QStringLiteral("AQAA")) << QStringLiteral("odd");
        QTest::newRow("RSA e one") << with(rsa, QStringLiteral("e"), QStringLiteral("AQ"))
                                   << QStringLiteral("at least 3");
        QTest::newRow("x padded") << with(okp, QStringLiteral("x"), QString(rfc8037X + u'='))
                                  << QStringLiteral("padding");
        QTest::newRow("x standard base64")
                << with(okp, QStringLiteral("x"), QString(rfc8037X).replace(u'_', u'/'))
                << QStringLiteral("standard base64");
        QTest::newRow("x not a string")
                << with(okp, QStringLiteral("x"), 5) << QStringLiteral("not a string");
        QTest::newRow("kid not a string")
                << with(okp, QStringLiteral("kid"), 5) << QStringLiteral("\"kid\"");
        QTest::newRow("key_ops not an array")
                << with(okp, QStringLiteral("key_ops"), QStringLiteral("sign"))
                << QStringLiteral("not an array");
        QTest::newRow("key_ops repeated")
                << with(okp, QStringLiteral("key_ops"),
                        QJsonArray{QStringLiteral("sign"), QStringLiteral("sign")})
                << QStringLiteral("repeats");
    }

    void refusals()
    {
        QFETCH(QJsonObject, jwk);
        QFETCH(QString, reason);
        const auto key = Jwk::fromJson(jwk);
        QVERIFY2(!key, qPrintable(key ? key->toString() : QString()));
        QVERIFY(key.error().code == ErrorCode::InvalidArgument);
        QVERIFY2(key.error().message.contains(reason), qPrintable(key.error().message));
        // No refusal quotes key material back.
        if (!jwk.value(QStringLiteral("d")).toString().isEmpty())
            QVERIFY(!key.error().message.contains(jwk.value(QStringLiteral("d")).toString()));
    }

    void duplicateMembersInText()
    {
        const QByteArray text = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_"
                                "7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"x\":\"AAAA\"}";
        const auto key = Jwk::parse(text);
        QVERIFY(!key);
        QVERIFY2(key.error().message.contains(u"duplicate member \"x\""),
                 qPrintable(key.error().message));
    }

    void usageChecks()
    {
        const QJsonObject base = m_es256.toPrivateJson();
        QVERIFY(m_es256.canVerify(Algorithm::ES256));
        QVERIFY(m_es256.refusalToVerify(Algorithm::EdDSA).contains(u"cannot be used with EdDSA"));
        QVERIFY(m_es256.refusalToVerify(Algorithm::RS256).contains(u"cannot be used with RS256"));
        QVERIFY(m_rs256.refusalToVerify(Algorithm::ES256).contains(u"cannot be used"));
        QVERIFY(m_ed25519.refusalToVerify(Algorithm::ES256).contains(u"cannot be used"));
        QVERIFY(Jwk().refusalToVerify(Algorithm::ES256) == QStringLiteral("no key"));

        const auto restricted =
                Jwk::fromJson(with(base, QStringLiteral("alg"), QStringLiteral("ES512")));
        QVERIFY(restricted);
        QVERIFY(restricted->refusalToVerify(Algorithm::ES256).contains(u"restricted to \"ES512\""));
        QVERIFY(!restricted->defaultAlgorithm());

        const auto encryption =
                Jwk::fromJson(with(base, QStringLiteral("use"), QStringLiteral("enc")));
        QVERIFY(encryption);
        QVERIFY(encryption->refusalToVerify(Algorithm::ES256).contains(u"use \"enc\""));

        const auto signOnly = Jwk::fromJson(
                with(base, QStringLiteral("key_ops"), QJsonArray{QStringLiteral("sign")}));
        QVERIFY(signOnly);
        QVERIFY(signOnly->canSign(Algorithm::ES256));
        QVERIFY(signOnly->refusalToVerify(Algorithm::ES256).contains(u"\"verify\""));
        QVERIFY(*signOnly->keyOperations() == QStringList{QStringLiteral("sign")});

        const auto verifyOnly = Jwk::fromJson(
                with(base, QStringLiteral("key_ops"), QJsonArray{QStringLiteral("verify")}));
        QVERIFY(verifyOnly);
        QVERIFY(verifyOnly->canVerify(Algorithm::ES256));
        QVERIFY(verifyOnly->refusalToSign(Algorithm::ES256).contains(u"\"sign\""));

        // "Ed25519" names the same algorithm as "EdDSA" on a key too.
        const auto ed = Jwk::fromJson(
                with(m_ed25519.toPublicJson(), QStringLiteral("alg"), QStringLiteral("Ed25519")));
        QVERIFY(ed);
        QVERIFY(ed->canVerify(Algorithm::EdDSA));
    }

    void jwks()
    {
        JwkSet set;
        QVERIFY(set.add(m_es256));
        QVERIFY(set.add(m_ed25519));
        QVERIFY(set.add(m_rs256));
        const auto duplicate = set.add(m_es256.publicKey());
        QVERIFY(!duplicate);
        QVERIFY(duplicate.error().code == ErrorCode::Conflict);
        QVERIFY(!set.add(Jwk()));
        QCOMPARE(set.size(), 3);

        const QJsonObject published = set.toPublicJson();
        const QByteArray text = QJsonDocument(published).toJson(QJsonDocument::Compact);
        for (const Jwk &key : set.keys())
            QVERIFY(!text.contains(
                    key.toPrivateJson().value(QStringLiteral("d")).toString().toLatin1()));
        const auto loaded = JwkSet::parse(text);
        QVERIFY(loaded);
        QCOMPARE(loaded->size(), 3);
        QVERIFY(loaded->skipped().isEmpty());
        for (const Jwk &key : set.keys()) {
            const auto found = loaded->find(key.kid());
            QVERIFY(found);
            QVERIFY(found->hasSamePublicKey(key));
            QVERIFY(!found->hasPrivateKey());
        }
        QVERIFY(!loaded->find(u"no such kid"));
        QVERIFY(!loaded->find(u""));

        const auto restored = JwkSet::fromJson(set.toPrivateJson());
        QVERIFY(restored);
        for (const Jwk &key : restored->keys())
            QVERIFY(key.hasPrivateKey());
        QVERIFY(!set.publicKeys().keys().first().hasPrivateKey());
    }

    void jwksSkipsUnsupportedKeys()
    {
        QJsonArray keys{m_es256.toPublicJson()};
        keys.append(readJsonData(QStringLiteral("jose-rfc7515/rfc7515_A.1.jwk"))); // oct
        keys.append(readJsonData(QStringLiteral("jose-rfc7515/rfc7515_A.4.jwk"))); // P-521
        keys.append(QJsonObject{{QStringLiteral("kty"), QStringLiteral("PQC")}});
        const auto set = JwkSet::fromJson(QJsonObject{{QStringLiteral("keys"), keys}});
        QVERIFY(set);
        QCOMPARE(set->size(), 1);
        QCOMPARE(set->skipped().size(), 3);
        QVERIFY(set->skipped().at(0).contains(u"symmetric"));
    }

    void jwksRefusals()
    {
        QVERIFY(!JwkSet::parse("{}"));
        QVERIFY(!JwkSet::parse("{\"keys\":{}}"));
        QVERIFY(!JwkSet::parse("{\"keys\":[1]}"));
        QVERIFY(!JwkSet::parse("{\"keys\":[],\"keys\":[]}"));
        // A malformed key of a supported type refuses the whole set.
        QJsonObject broken = m_ed25519.toPublicJson();
        broken.insert(QStringLiteral("x"), QStringLiteral("AAAA"));
        const auto set = JwkSet::fromJson(
                QJsonObject{{QStringLiteral("keys"), QJsonArray{m_es256.toPublicJson(), broken}}});
        QVERIFY(!set);
        QVERIFY2(set.error().message.contains(u"entry 1"), qPrintable(set.error().message));
        // Two keys with one kid: a verifier could not tell which one a token means.
        const auto twice = JwkSet::fromJson(
                QJsonObject{{QStringLiteral("keys"),
                             QJsonArray{m_es256.toPublicJson(),
                                        m_ed25519.withKid(m_es256.kid()).toPublicJson()}}});
        QVERIFY(!twice);
        QVERIFY(twice.error().message.contains(u"already has a key"));
    }
};

QTEST_GUILESS_MAIN(TestCryptoJwk)
#include "tst_crypto_jwk.moc"
