#pragma once

// The reference Cedar implementation, @cedar-policy/cedar-wasm, run by Node.js in one process
// for a whole test or benchmark (tests/policy/peer/cedar_peer.cjs). bootstrap.sh installs
// Node.js and the pinned package (npm ci into the build tree); without them start() fails
// and says so: the tests that need the peer fail rather than skip.

#include <QJsonObject>
#include <QProcess>
#include <QString>

#include <optional>
#include <vector>

namespace mandate::policy::testing {

class CedarPeer
{
public:
    // mode: "eval" (answers isAuthorized calls line by line) or "bench".
    bool start(const char *mode, QString *error);
    // eval: one answer per line, in order.
    std::optional<std::vector<QJsonObject>> ask(const std::vector<QByteArray> &lines,
                                                QString *error);
    // bench: one JSON document in, one out; the peer then exits.
    std::optional<QJsonObject> runOnce(const QByteArray &input, int timeoutMs, QString *error);
    void stop();
    ~CedarPeer() { stop(); }

    static QString peerDir();     // where npm ci installed the package
    static QString scriptPath();  // cedar_peer.cjs

private:
    QProcess m_process;
};

} // namespace mandate::policy::testing
