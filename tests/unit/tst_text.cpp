// The text the engine writes on its hot paths by hand, checked against Qt's own writers.

#include "Clock.h"
#include "JsonText.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace mandate;

class TestText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatTimeMatchesQt_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::newRow("epoch") << qint64(0);
        QTest::newRow("before epoch") << qint64(-1);
        QTest::newRow("leap day 2024") << qint64(1709164800123);
        QTest::newRow("2026-11-22") << qint64(1795350900000);
        QTest::newRow("end of 2099") << qint64(4102444799999);
        QTest::newRow("year 1") << qint64(-62135596800000);
        QTest::newRow("year 0, which Qt does not write") << qint64(-62135596800001);
        QTest::newRow("last ms of 9999") << qint64(253402300799999);
        QTest::newRow("year 10000") << qint64(253402300800000);
        QTest::newRow("1900-03-01") << qint64(-2203891200000);
    }
    void formatTimeMatchesQt()
    {
        QFETCH(qint64, ms);
        QCOMPARE(formatTime(ms), QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs));
    }

    void formatTimeMatchesQtOverRandomTimes()
    {
        QRandomGenerator rng(20261122);
        for (int i = 0; i < 20000; ++i) {
            const qint64 ms = qint64(rng.bounded(Q_INT64_C(253402300799999) + Q_INT64_C(62135596800000)))
                              - Q_INT64_C(62135596800000);
            QCOMPARE(formatTime(ms), QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs));
        }
    }

    void jsonStringsRoundTrip_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("plain") << QStringLiteral("invoices:read") << QByteArray("\"invoices:read\"");
        QTest::newRow("empty") << QString() << QByteArray("\"\"");
        QTest::newRow("quote and backslash") << QStringLiteral("a\"b\\c") << QByteArray("\"a\\\"b\\\\c\"");
        QTest::newRow("controls") << QString::fromUtf16(u"\b\f\n\r\t\x01\x1f")
                                  << QByteArray("\"\\b\\f\\n\\r\\t\\u0001\\u001f\"");
        QTest::newRow("non-ASCII") << QString::fromUtf16(u"Zo\u00eb \u20ac \U0001F600")
                                   << QString::fromUtf16(u"\"Zo\u00eb \u20ac \U0001F600\"").toUtf8();
        QTest::newRow("escapes after non-ASCII") << QString::fromUtf16(u"{\"n\":\"Zo\u00eb\"}\n\x01")
                                                 << QString::fromUtf16(u"\"{\\\"n\\\":\\\"Zo\u00eb\\\"}\\n\\u0001\"").toUtf8();
        QTest::newRow("DEL is not escaped") << QString::fromUtf16(u"\x7f") << QByteArray("\"\x7f\"");
    }
    void jsonStringsRoundTrip()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, json);
        QByteArray out;
        appendJsonString(out, text);
        QCOMPARE(out, json);
        // What is written reads back as the same string.
        const QJsonDocument doc = QJsonDocument::fromJson("{\"v\":" + out + "}");
        QVERIFY(doc.isObject());
        QCOMPARE(doc.object().value(QStringLiteral("v")).toString(), text);
    }

    // Runs of plain ASCII are copied several characters at a time: every character that needs
    // care, at every position of a run and after it, comes out as one character at a time would.
    void jsonStringsAtEveryPosition()
    {
        const auto reference = [](const QString &text) {
            QByteArray out("\"");
            for (const char32_t c : text.toUcs4()) {
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
                        out += QByteArray::number(int(c), 16).rightJustified(2, '0');
                    } else {
                        out += QString::fromUcs4(&c, 1).toUtf8();
                    }
                }
            }
            out += '"';
            return out;
        };
        const QList<QString> specials{QStringLiteral("\""), QStringLiteral("\\"), QStringLiteral("\n"),
                                      QString(QChar(0x1f)), QString(QChar(0x7f)), QString(QChar(0x80)),
                                      QString(QChar(0xe9)), QString(QChar(0x20ac)), QString(QChar(0xfffd)),
                                      QString::fromUtf16(u"\U0001F600"), QStringLiteral(" ")};
        for (int length = 0; length <= 26; ++length) {
            for (int at = 0; at <= length; ++at) {
                for (const QString &special : specials) {
                    QString text(length, u'a');
                    for (int k = 0; k < length; ++k)
                        text[k] = QChar(u'a' + (k % 26));
                    text.insert(at, special);
                    QByteArray out("x");
                    appendJsonString(out, text);
                    QByteArray expected("x");
                    expected += reference(text);
                    QCOMPARE(out, expected);
                }
            }
        }
    }

    void objectWriterWritesValidJsonInOrder()
    {
        JsonObjectWriter nested;
        nested.add(QLatin1StringView("sub"), QStringLiteral("spiffe://example.org/agent/a"));
        JsonObjectWriter w;
        w.add(QLatin1StringView("iss"), QStringLiteral("https://mandate.example"))
            .add(QLatin1StringView("exp"), qint64(1795350900))
            .add(QLatin1StringView("depth"), 2)
            .add(QLatin1StringView("dry_run"), false)
            .add(QLatin1StringView("task"), QStringLiteral("Reply to \"urgent\" mail"))
            .addJson(QLatin1StringView("act"), nested.bytes());
        const QByteArray bytes = w.bytes();
        QCOMPARE(bytes, QByteArray("{\"iss\":\"https://mandate.example\",\"exp\":1795350900,\"depth\":2,"
                                   "\"dry_run\":false,\"task\":\"Reply to \\\"urgent\\\" mail\","
                                   "\"act\":{\"sub\":\"spiffe://example.org/agent/a\"}}"));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.object().value(QStringLiteral("exp")).toInteger(), qint64(1795350900));
        QCOMPARE(JsonObjectWriter().bytes(), QByteArray("{}"));
    }
};

QTEST_GUILESS_MAIN(TestText)
#include "tst_text.moc"
