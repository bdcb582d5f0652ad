#include "crypto/Algorithm.h"
#include "crypto/Bytes.h"
#include "crypto/StrictJson.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

using namespace mandate;
using namespace mandate::crypto;

class TestCryptoEncoding final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void base64UrlRoundTrip()
    {
        // RFC 4648 section 10 vectors, without padding.
        struct Vector
        {
            QByteArray plain;
            QByteArray encoded;
        };
        const Vector vectors[] = {
                {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
                {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
        };
        for (const auto &[plain, encoded] : vectors) {
            QCOMPARE(base64UrlEncode(plain), encoded);
            const auto decoded = base64UrlDecode(encoded);
            QVERIFY(decoded);
            QCOMPARE(*decoded, plain);
        }
        // The URL-safe alphabet: 0xfb 0xff -> "-_8" (standard base64: "+/8=").
        QCOMPARE(base64UrlEncode(QByteArray::fromHex("fbff")), QByteArray("-_8"));
        QByteArray all(256, Qt::Uninitialized);
        for (int i = 0; i < 256; ++i)
            all[i] = static_cast<char>(i);
        for (qsizetype n = 0; n <= all.size(); n += 17) {
            const auto back = base64UrlDecode(base64UrlEncode(all.first(n)));
            QVERIFY(back);
            QCOMPARE(*back, all.first(n));
        }
    }

    void base64UrlStrict_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("padding") << QByteArray("Zm8=") << QStringLiteral("padding");
        QTest::newRow("double padding") << QByteArray("Zg==") << QStringLiteral("padding");
        QTest::newRow("plus") << QByteArray("+_8") << QStringLiteral("standard base64");
        QTest::newRow("slash") << QByteArray("-/8") << QStringLiteral("standard base64");
        QTest::newRow("space") << QByteArray("Zm9 v") << QStringLiteral("whitespace");
        QTest::newRow("newline") << QByteArray("Zm9v\nYmFy") << QStringLiteral("whitespace");
        QTest::newRow("tab") << QByteArray("\tZm9v") << QStringLiteral("whitespace");
        QTest::newRow("other character") << QByteArray("Zm9v?") << QStringLiteral("character");
        QTest::newRow("nul") << QByteArray("Zm\0v", 4) << QStringLiteral("character");
        QTest::newRow("non-ascii") << QByteArray("Zm9v\xc3\xa9") << QStringLiteral("character");
        QTest::newRow("lone character") << QByteArray("Zm9vY") << QStringLiteral("length");
        // Whole groups of four are decoded together; a fault deep inside one is still found
        // and placed exactly.
        QTest::newRow("space in a later group") << QByteArray("Zm9vYmFyZm 9v") << QStringLiteral("offset 10");
        QTest::newRow("plus at a group's end") << QByteArray("Zm9vYmF+") << QStringLiteral("'+'");
        QTest::newRow("padding after groups") << QByteArray("Zm9vYmFyZg==") << QStringLiteral("padding");
        QTest::newRow("nul in a later group") << QByteArray("Zm9vYm\0y", 8) << QStringLiteral("0x00 at offset 6");
        // "Zh" and "Zg" both carry 'f' in their first 8 bits; only "Zg" has zero stray bits.
        QTest::newRow("stray bits, 1 byte") << QByteArray("Zh") << QStringLiteral("trailing bits");
        QTest::newRow("stray bits, 2 bytes")
                << QByteArray("Zm9") << QStringLiteral("trailing bits");
        QTest::newRow("stray bits, 2 bytes, last bit")
                << QByteArray("Zm-") << QStringLiteral("trailing bits");
    }

    void base64UrlStrict()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, reason);
        const auto decoded = base64UrlDecode(text);
        QVERIFY(!decoded);
        QVERIFY(decoded.error().code == ErrorCode::InvalidArgument);
        QVERIFY2(decoded.error().message.contains(reason), qPrintable(decoded.error().message));
    }

    void constantTimeCompare()
    {
        QVERIFY(constantTimeEquals("", ""));
        QVERIFY(constantTimeEquals("secret", "secret"));
        QVERIFY(!constantTimeEquals("secret", "secreT"));
        QVERIFY(!constantTimeEquals("secret", "secret2"));
        QVERIFY(!constantTimeEquals("", "x"));
        QVERIFY(constantTimeEquals(QByteArray("a\0b", 3), QByteArray("a\0b", 3)));
        QVERIFY(!constantTimeEquals(QByteArray("a\0b", 3), QByteArray("a\0c", 3)));
    }

    void strictJsonAccepts_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("whitespace") << QByteArray(" \t\r\n{ \"a\" : 1 }\r\n");
        QTest::newRow("nested") << QByteArray(
                "{\"a\":{\"b\":[1,2,{\"c\":null}]},\"d\":true,\"e\":false}");
        QTest::newRow("numbers") << QByteArray("{\"a\":-0,\"b\":1.5e10,\"c\":2E-3,\"d\":0.25}");
        QTest::newRow("escapes") << QByteArray(
                "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}");
        QTest::newRow("utf-8") << QByteArray("{\"caf\xc3\xa9\":\"\xf0\x9f\x98\x80\"}");
        QTest::newRow("escaped names, all different")
                << QByteArray("{\"\\u0061\":1,\"\\u0062\":2,\"\\u0063\":3,\"\\u0064\":4,\"a\\u0061\":5,\"e\":6}");
        QTest::newRow("same name, other objects")
                << QByteArray("{\"a\":{\"x\":1},\"b\":{\"x\":2}}");
        QTest::newRow("names differing only by case") << QByteArray("{\"alg\":1,\"Alg\":2}");
        QTest::newRow("claims") << QByteArray(
                "{\"iss\":\"https://mandate.example\",\"aud\":[\"a\",\"b\"],\"exp\":1795350900,\"scope\":\"\","
                "\"act\":{\"sub\":\"x\",\"act\":{\"sub\":\"h\"}},\"ok\":true,\"no\":null,\"\\u0073id\":\"s\\u00e9\"}");
    }

    void strictJsonAccepts()
    {
        QFETCH(QByteArray, json);
        const auto object = parseStrictJsonObject(json, u"test");
        QVERIFY2(object, object ? "" : qPrintable(object.error().message));

        // Read member by member, the same object: every name, in order, with the same value.
        QList<StrictJsonMember> members;
        const auto read = readStrictJsonObject(json, u"test", [&](const StrictJsonMember &m) {
            StrictJsonMember kept = m;
            kept.name = QByteArrayView(); // only valid during the call
            members << kept;
            QVERIFY2(object->contains(QString::fromUtf8(m.name)), m.name.data());
            const QJsonValue expected = object->value(QString::fromUtf8(m.name));
            QCOMPARE(m.type, expected.type());
            switch (m.type) {
            case QJsonValue::String: QCOMPARE(m.string, expected.toString()); break;
            case QJsonValue::Double: QCOMPARE(m.number, expected.toDouble()); break;
            case QJsonValue::Bool: QCOMPARE(m.boolean, expected.toBool()); break;
            case QJsonValue::Object:
                QCOMPARE(QJsonDocument::fromJson(m.json.toByteArray()).object(), expected.toObject());
                break;
            case QJsonValue::Array:
                QCOMPARE(QJsonDocument::fromJson(m.json.toByteArray()).array(), expected.toArray());
                break;
            default: break;
            }
        });
        QVERIFY2(read, read ? "" : qPrintable(read.error().message));
        QCOMPARE(members.size(), object->size());
    }

    // Numbers are read as doubles, as QJsonDocument reads them; past a double's range as
    // infinite, below it as zero.
    void strictJsonNumbers()
    {
        QHash<QByteArray, double> numbers;
        const auto read = readStrictJsonObject(
                "{\"a\":1795350900,\"b\":-0.5,\"c\":2E-3,\"d\":1e400,\"e\":-1e400,\"f\":1e-400,\"g\":1.0}", u"test",
                [&](const StrictJsonMember &m) { numbers.insert(m.name.toByteArray(), m.number); });
        QVERIFY(read);
        QCOMPARE(numbers.value("a"), 1795350900.0);
        QCOMPARE(numbers.value("b"), -0.5);
        QCOMPARE(numbers.value("c"), 0.002);
        QVERIFY(std::isinf(numbers.value("d")) && numbers.value("d") > 0);
        QVERIFY(std::isinf(numbers.value("e")) && numbers.value("e") < 0);
        QCOMPARE(numbers.value("f"), 0.0);
        QCOMPARE(numbers.value("g"), 1.0);
    }

    void strictJsonRefuses_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("reason");
        QTest::newRow("duplicate member") << QByteArray("{\"alg\":\"ES256\",\"alg\":\"none\"}")
                                          << QStringLiteral("duplicate member \"alg\"");
        QTest::newRow("duplicate by escape")
                << QByteArray("{\"alg\":\"ES256\",\"\\u0061lg\":\"none\"}")
                << QStringLiteral("duplicate");
        QTest::newRow("duplicate, written raw and escaped")
                << QByteArray("{\"caf\xc3\xa9\":1,\"caf\\u00e9\":2}") << QStringLiteral("duplicate member \"caf\u00e9\"");
        QTest::newRow("duplicate among many escaped names")
                << QByteArray("{\"\\u0061\":1,\"\\u0062\":2,\"\\u0063\":3,\"\\u0064\":4,\"\\u0062\":5}")
                << QStringLiteral("duplicate member \"b\"");
        QTest::newRow("nested duplicate") << QByteArray("{\"act\":{\"sub\":\"a\",\"sub\":\"b\"}}")
                                          << QStringLiteral("duplicate");
        QTest::newRow("duplicate in array")
                << QByteArray("{\"a\":[{\"k\":1,\"k\":2}]}") << QStringLiteral("duplicate");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not a JSON object");
        QTest::newRow("string") << QByteArray("\"x\"") << QStringLiteral("not a JSON object");
        QTest::newRow("empty") << QByteArray("") << QStringLiteral("not a JSON object");
        QTest::newRow("trailing data") << QByteArray("{}x") << QStringLiteral("trailing");
        QTest::newRow("two objects") << QByteArray("{}{}") << QStringLiteral("trailing");
        QTest::newRow("trailing comma")
                << QByteArray("{\"a\":1,}") << QStringLiteral("not valid JSON");
        QTest::newRow("single quotes") << QByteArray("{'a':1}") << QStringLiteral("not valid JSON");
        QTest::newRow("leading zero")
                << QByteArray("{\"a\":01}") << QStringLiteral("not valid JSON");
        QTest::newRow("bare word") << QByteArray("{\"a\":yes}") << QStringLiteral("not valid JSON");
        QTest::newRow("comment") << QByteArray("{/*x*/}") << QStringLiteral("not valid JSON");
        QTest::newRow("unterminated")
                << QByteArray("{\"a\":\"b") << QStringLiteral("not valid JSON");
        QTest::newRow("control character")
                << QByteArray("{\"a\":\"x\ny\"}") << QStringLiteral("control character");
        QTest::newRow("bad escape")
                << QByteArray("{\"a\":\"\\x\"}") << QStringLiteral("not valid JSON");
        QTest::newRow("lone high surrogate")
                << QByteArray("{\"a\":\"\\ud83d\"}") << QStringLiteral("surrogate");
        QTest::newRow("lone low surrogate")
                << QByteArray("{\"a\":\"\\ude00\"}") << QStringLiteral("surrogate");
        QTest::newRow("invalid utf-8") << QByteArray("{\"a\":\"\xff\"}") << QStringLiteral("UTF-8");
        QTest::newRow("overlong utf-8")
                << QByteArray("{\"a\":\"\xc0\xaf\"}") << QStringLiteral("UTF-8");
        QTest::newRow("utf-8 surrogate")
                << QByteArray("{\"a\":\"\xed\xa0\x80\"}") << QStringLiteral("UTF-8");
        QTest::newRow("truncated utf-8")
                << QByteArray("{\"a\":\"\xe2\x82") << QStringLiteral("UTF-8");
        QTest::newRow("too deep") << QByteArray(QByteArray("{\"a\":").repeated(maxJsonDepth + 1)
                                                + "1" + QByteArray("}").repeated(maxJsonDepth + 1))
                                  << QStringLiteral("deeper");
    }

    void strictJsonRefuses()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, reason);
        const auto object = parseStrictJsonObject(json, u"the test text");
        QVERIFY(!object);
        QVERIFY(object.error().code == ErrorCode::InvalidArgument);
        QVERIFY2(object.error().message.contains(reason), qPrintable(object.error().message));
        QVERIFY(object.error().message.startsWith(u"the test text"));

        // Read member by member, it is refused the same way, before any member is handed over.
        int visited = 0;
        const auto read = readStrictJsonObject(json, u"the test text", [&](const StrictJsonMember &) { ++visited; });
        QVERIFY(!read);
        QCOMPARE(read.error().message, object.error().message);
        QCOMPARE(visited, 0);
    }

    void depthLimitIsInclusive()
    {
        const QByteArray deepest = QByteArray("{\"a\":").repeated(maxJsonDepth) + "1"
                                   + QByteArray("}").repeated(maxJsonDepth);
        QVERIFY(parseStrictJsonObject(deepest, u"x"));
    }

    void algorithmNames()
    {
        QVERIFY(algorithmFromName(u"ES256") == Algorithm::ES256);
        QVERIFY(algorithmFromName(u"EdDSA") == Algorithm::EdDSA);
        QVERIFY(algorithmFromName(u"Ed25519") == Algorithm::EdDSA);
        QVERIFY(algorithmFromName(u"RS256") == Algorithm::RS256);
        QCOMPARE(algorithmName(Algorithm::EdDSA), QStringLiteral("EdDSA"));
        for (const auto name : {u"es256", u"none", u"HS256", u"PS256", u"ES512", u"ES256K", u""})
            QVERIFY(!algorithmFromName(name));
        QVERIFY(algorithmRefusal(u"none").contains(u"unsecured"));
        QVERIFY(algorithmRefusal(u"NONE").contains(u"unsecured"));
        QVERIFY(algorithmRefusal(u"HS256").contains(u"HMAC"));
        QVERIFY(algorithmRefusal(u"HS512").contains(u"HMAC"));
        QVERIFY(algorithmRefusal(u"PS256").contains(u"not supported"));
        QVERIFY(algorithmRefusal(u"ES256").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCryptoEncoding)
#include "tst_crypto_encoding.moc"
