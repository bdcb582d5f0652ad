#include "CedarPeer.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>

namespace mandate::policy::testing {

QString CedarPeer::peerDir()
{
    const QString fromEnvironment = qEnvironmentVariable("MANDATE_CEDAR_PEER_DIR");
    return fromEnvironment.isEmpty() ? QStringLiteral(MANDATE_CEDAR_PEER_DIR) : fromEnvironment;
}

QString CedarPeer::scriptPath() { return QStringLiteral(MANDATE_CEDAR_PEER_SCRIPT); }

bool CedarPeer::start(const char *mode, QString *error)
{
    QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        node = QStandardPaths::findExecutable(QStringLiteral("nodejs"));
    if (node.isEmpty()) {
        *error = QStringLiteral("Node.js is not installed (no `node` on PATH): the reference "
                                "Cedar implementation cannot run. installer/bootstrap.sh installs "
                                "Debian's nodejs and npm.");
        return false;
    }
    const QString module = peerDir()
            + QStringLiteral("/node_modules/@cedar-policy/cedar-wasm/nodejs/cedar_wasm.js");
    if (!QFile::exists(module)) {
        *error = QStringLiteral("@cedar-policy/cedar-wasm is not installed in %1: run "
                                "installer/bootstrap.sh, or `npm ci` there with the package.json "
                                "and package-lock.json of tests/policy/peer.")
                         .arg(peerDir());
        return false;
    }
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(node, {scriptPath(), peerDir(), QLatin1StringView(mode)});
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(node, m_process.errorString());
        return false;
    }
    return true;
}

std::optional<std::vector<QJsonObject>> CedarPeer::ask(const std::vector<QByteArray> &lines,
                                                       QString *error)
{
    std::vector<QJsonObject> answers;
    answers.reserve(lines.size());
    // In chunks, so that neither pipe fills while the other side waits.
    constexpr size_t chunk = 100;
    for (size_t start = 0; start < lines.size(); start += chunk) {
        const size_t end = std::min(lines.size(), start + chunk);
        for (size_t i = start; i < end; ++i) {
            m_process.write(lines[i]);
            m_process.write("\n", 1);
        }
        while (answers.size() < end) {
            if (!m_process.canReadLine() && !m_process.waitForReadyRead(60000)) {
                *error = QStringLiteral("the Cedar peer stopped answering (%1): %2")
                                 .arg(m_process.errorString(),
                                      QString::fromUtf8(m_process.readAllStandardError()));
                return std::nullopt;
            }
            while (m_process.canReadLine() && answers.size() < end) {
                const QByteArray line = m_process.readLine();
                answers.push_back(QJsonDocument::fromJson(line).object());
            }
        }
    }
    return answers;
}

std::optional<QJsonObject> CedarPeer::runOnce(const QByteArray &input, int timeoutMs,
                                              QString *error)
{
    m_process.write(input);
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(timeoutMs) || m_process.exitCode() != 0) {
        *error = QStringLiteral("the Cedar peer failed: %1")
                         .arg(QString::fromUtf8(m_process.readAllStandardError()));
        stop();
        return std::nullopt;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(m_process.readAllStandardOutput());
    if (!doc.isObject()) {
        *error = QStringLiteral("the Cedar peer printed no JSON object");
        return std::nullopt;
    }
    return doc.object();
}

void CedarPeer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished();
    }
}

} // namespace mandate::policy::testing
