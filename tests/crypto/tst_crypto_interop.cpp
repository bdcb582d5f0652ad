// Interoperability with an independent JOSE implementation, jwcrypto (python3-jwcrypto, which
// installer/bootstrap.sh installs): its tokens verify here, ours verify there, and both agree on
// JWK encodings and RFC 7638 thumbprints.

#include "crypto/Jws.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

using namespace mandate;
using namespace mandate::crypto;

namespace {

const QString script = QStringLiteral(MANDATE_INTEROP_SCRIPT);

struct Run
{
    bool ok = false;
    QByteArray out;
    QString problem;
};

Run runPython(const QString &python, const QStringList &arguments,
              const QByteArray &input = QByteArray())
{
    QProcess process;
    process.start(python, arguments);
    Run run;
    if (!process.waitForStarted(10000)) {
        run.problem = process.errorString();
        return run;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        run.problem = QStringLiteral("timed out");
        return run;
    }
    run.out = process.readAllStandardOutput();
    run.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    if (!run.ok)
        run.problem = QString::fromUtf8(process.readAllStandardError());
    return run;
}

// Debian's interpreter first: jwcrypto comes from a Debian package, and a python3 earlier in
// PATH (pyenv, a virtualenv) may not see it.
QString findPython()
{
    QStringList candidates;
    if (const QString forced = qEnvironmentVariable("MANDATE_PYTHON"); !forced.isEmpty())
        candidates.append(forced);
    candidates << QStringLiteral("/usr/bin/python3") << QStringLiteral("python3");
    for (const QString &candidate : std::as_const(candidates)) {
        if (runPython(candidate, {QStringLiteral("-c"), QStringLiteral("import jwcrypto")}).ok)
            return candidate;
    }
    return QString();
}

QJsonObject checkCase(Algorithm alg, const QJsonObject &jwk, const QString &token)
{
    return QJsonObject{{QStringLiteral("alg"), algorithmName(alg)},
                       {QStringLiteral("jwk"), jwk},
                       {QStringLiteral("token"), token}};
}

const QByteArray ourClaims =
        "{\"iss\":\"mandate\",\"sub\":\"interop\",\"scope\":\"calendar:read\"}";

} // namespace

class TestCryptoInterop final : public QObject
{
    Q_OBJECT

private:
    QString m_python;
    QJsonArray m_theirs;

private Q_SLOTS:
    void initTestCase()
    {
        m_python = findPython();
        if (m_python.isEmpty())
            // installer/bootstrap.sh installs it, so its absence is a broken set-up, not a pass.
            QFAIL("python3 with jwcrypto is not installed (Debian: python3-jwcrypto; "
                  "installer/bootstrap.sh installs it)");
        const Run made = runPython(m_python, {script, QStringLiteral("make")});
        QVERIFY2(made.ok, qPrintable(made.problem));
        m_theirs = QJsonDocument::fromJson(made.out).array();
        QCOMPARE(m_theirs.size(), 3);
    }

    void theirTokensVerifyHere()
    {
        JwkSet theirKeys;
        for (const QJsonValue &v : std::as_const(m_theirs)) {
            const QJsonObject c = v.toObject();
            const auto alg = algorithmFromName(c.value(QStringLiteral("alg")).toString());
            QVERIFY(alg);
            const auto key = Jwk::fromJson(c.value(QStringLiteral("public_jwk")).toObject());
            QVERIFY2(key, key ? "" : qPrintable(key.error().message));
            QCOMPARE(key->thumbprint(), c.value(QStringLiteral("thumbprint")).toString());
            QCOMPARE(key->toPublicJson(), c.value(QStringLiteral("public_jwk")).toObject());
            QVERIFY(theirKeys.add(*key));

            const QString token = c.value(QStringLiteral("token")).toString();
            const auto result = Jws::verify(token, *key, {*alg});
            QVERIFY2(result, result ? "" : qPrintable(result.error().message));
            QCOMPARE(result->payload, c.value(QStringLiteral("payload")).toString().toUtf8());
            QCOMPARE(result->claims.value(QStringLiteral("iss")).toString(),
                     QStringLiteral("jwcrypto"));

            // Tampered with, it is refused here too.
            QString tampered = token;
            const qsizetype dot = tampered.indexOf(u'.');
            tampered.replace(dot + 1, 4,
                             QStringLiteral("eyJp") == tampered.mid(dot + 1, 4)
                                     ? QStringLiteral("eyJq")
                                     : QStringLiteral("eyJp"));
            QVERIFY(!Jws::verify(tampered, *key, {*alg}));
        }
        // And through a key set, chosen by kid.
        for (const QJsonValue &v : std::as_const(m_theirs)) {
            const QJsonObject c = v.toObject();
            const auto result = Jws::verify(c.value(QStringLiteral("token")).toString(), theirKeys,
                                            {Algorithm::ES256, Algorithm::EdDSA, Algorithm::RS256});
            QVERIFY2(result, result ? "" : qPrintable(result.error().message));
            QCOMPARE(result->kid, c.value(QStringLiteral("thumbprint")).toString());
        }
    }

    void ourTokensVerifyThere()
    {
        QJsonArray cases;
        QList<bool> expected;
        QStringList expectedThumbprints;
        QStringList labels;

        // Keys generated here.
        for (const Algorithm alg : {Algorithm::ES256, Algorithm::EdDSA, Algorithm::RS256}) {
            const auto key = Jwk::generate(alg);
            QVERIFY(key);
            const auto token = Jws::sign(
                    QJsonObject{{QStringLiteral("typ"), QStringLiteral("JWT")}}, ourClaims, *key);
            QVERIFY(token);
            cases.append(checkCase(alg, key->toPublicJson(), *token));
            expected.append(true);
            expectedThumbprints.append(key->thumbprint());
            labels.append(QStringLiteral("our %1 key").arg(algorithmName(alg)));

            // A control: jwcrypto must refuse a token signed by another key, or its "yes"
            // would mean nothing.
            const auto stranger = Jwk::generate(alg);
            const auto forged = Jws::sign(QJsonObject(), ourClaims, stranger->withKid(key->kid()));
            QVERIFY(forged);
            cases.append(checkCase(alg, key->toPublicJson(), *forged));
            expected.append(false);
            expectedThumbprints.append(QString());
            labels.append(QStringLiteral("forged %1").arg(algorithmName(alg)));
        }
        // jwcrypto's private keys, imported here and used to sign.
        for (const QJsonValue &v : std::as_const(m_theirs)) {
            const QJsonObject c = v.toObject();
            const auto alg = *algorithmFromName(c.value(QStringLiteral("alg")).toString());
            const auto key = Jwk::fromJson(c.value(QStringLiteral("private_jwk")).toObject());
            QVERIFY2(key, key ? "" : qPrintable(key.error().message));
            QVERIFY(key->hasPrivateKey());
            QCOMPARE(key->toPrivateJson(), c.value(QStringLiteral("private_jwk")).toObject());
            const auto token = Jws::sign(QJsonObject(), ourClaims, *key);
            QVERIFY(token);
            cases.append(checkCase(alg, c.value(QStringLiteral("public_jwk")).toObject(), *token));
            expected.append(true);
            expectedThumbprints.append(c.value(QStringLiteral("thumbprint")).toString());
            labels.append(QStringLiteral("their %1 key, signed here").arg(algorithmName(alg)));
        }

        const Run checked = runPython(m_python, {script, QStringLiteral("check")},
                                      QJsonDocument(cases).toJson());
        QVERIFY2(checked.ok, qPrintable(checked.problem));
        const QJsonArray results = QJsonDocument::fromJson(checked.out).array();
        QCOMPARE(results.size(), cases.size());
        int verified = 0;
        int refused = 0;
        for (qsizetype i = 0; i < results.size(); ++i) {
            const QJsonObject r = results.at(i).toObject();
            const bool ok = r.value(QStringLiteral("ok")).toBool();
            QVERIFY2(ok == expected.at(i),
                     qPrintable(labels.at(i) + QStringLiteral(": ")
                                + r.value(QStringLiteral("error")).toString()));
            if (ok) {
                ++verified;
                QCOMPARE(r.value(QStringLiteral("payload")).toString().toUtf8(), ourClaims);
                QCOMPARE(r.value(QStringLiteral("thumbprint")).toString(),
                         expectedThumbprints.at(i));
            } else {
                ++refused;
            }
        }
        qInfo("jwcrypto verified %d tokens made here and refused the %d forged controls", verified,
              refused);
    }
};

QTEST_GUILESS_MAIN(TestCryptoInterop)
#include "tst_crypto_interop.moc"
