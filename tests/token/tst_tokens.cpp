// Credentials through the engine: sessions with tokens, token exchange (RFC 8693),
// introspection (RFC 7662), revocation that cascades, and every hostile token.

#include "TestStores.h"

#include "audit/AuditChain.h"
#include "crypto/Bytes.h"
#include "crypto/Jwk.h"
#include "crypto/Signature.h"
#include "token/TokenService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QProcess>

using namespace mandate;
using namespace mandate::test;

namespace {

struct Org
{
    Human alice;
    Human bob;
    Agent planner;   // the root agent
    Agent worker;    // a sub-agent
    Agent helper;    // a sub-sub-agent
};

Org makeOrg(Fixture &f)
{
    Org o;
    o.alice = f.human(QStringLiteral("Alice Martin"), ConsoleRole::IamAdmin);
    o.bob = f.human(QStringLiteral("Bob Stone"));
    o.planner = f.agent(QStringLiteral("Planner"), o.alice, QStringLiteral("invoices:read invoices:approve mail:send"));
    o.worker = f.agent(QStringLiteral("Worker"), o.alice, QStringLiteral("invoices:read mail:send"));
    o.helper = f.agent(QStringLiteral("Helper"), o.bob, QStringLiteral("invoices:read"));
    // The planner hands work to the worker, the worker and the helper to each other (RFC 8693
    // may_act).
    if (!f.engine->setAgentMayAct(Actor::system(), o.planner.id, {o.worker.id})
        || !f.engine->setAgentMayAct(Actor::system(), o.worker.id, {o.helper.id})
        || !f.engine->setAgentMayAct(Actor::system(), o.helper.id, {o.worker.id}))
        qFatal("setAgentMayAct failed");
    o.planner.mayAct = {o.worker.id};
    o.worker.mayAct = {o.helper.id};
    o.helper.mayAct = {o.worker.id};
    return o;
}

SessionRequest request(const Agent &agent, const Human &human, const QString &scopes)
{
    SessionRequest r;
    r.agentId = agent.id;
    r.humanId = human.id;
    r.task = QStringLiteral("Reconcile November");
    r.scopes = *ScopeSet::parse(scopes);
    return r;
}

IssuedToken start(Fixture &f, const Agent &agent, const Human &human, const QString &scopes)
{
    auto issued = f.engine->startSession(Actor::human(human.id), request(agent, human, scopes));
    if (!issued)
        qFatal("startSession: %s", qPrintable(issued.error().message));
    return *issued;
}

IssuedToken exchange(Fixture &f, const IssuedToken &parent, const Agent &actor, const QString &scopes)
{
    auto issued = f.engine->exchangeToken(Actor::agent(actor.id), parent.token, actor.id, *ScopeSet::parse(scopes));
    if (!issued)
        qFatal("exchangeToken: %s", qPrintable(issued.error().description));
    return *issued;
}

bool active(Fixture &f, const QString &token, QString *reason = nullptr)
{
    auto answer = f.engine->introspect(token);
    if (!answer)
        qFatal("introspect: %s", qPrintable(answer.error().message));
    if (reason)
        *reason = answer->reason;
    return answer->active;
}

QByteArray b64(const QByteArray &bytes)
{
    return crypto::base64UrlEncode(bytes);
}

QJsonObject decodePart(const QString &token, int part)
{
    return QJsonDocument::fromJson(*crypto::base64UrlDecode(token.section(u'.', part, part).toLatin1())).object();
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// The store's current signing key, private half included: to forge tokens that are validly
// signed but wrong in another way.
crypto::Jwk signingKey(Fixture &f)
{
    auto keys = f.store->publishedSigningKeys(f.clock.nowMs());
    if (!keys || keys->isEmpty())
        qFatal("no signing key");
    return *crypto::Jwk::parse(keys->constFirst().privateJwk.toUtf8());
}

QString signRaw(const QByteArray &headerJson, const QByteArray &payloadJson, const crypto::Jwk &key)
{
    const QByteArray input = b64(headerJson) + '.' + b64(payloadJson);
    auto signature = crypto::signBytes(crypto::Algorithm::ES256, key, input);
    if (!signature)
        qFatal("signBytes: %s", qPrintable(signature.error().message));
    return QString::fromLatin1(input + '.' + b64(*signature));
}

QString header(const crypto::Jwk &key, const QString &typ = QStringLiteral("at+jwt"))
{
    return compact({{QStringLiteral("alg"), QStringLiteral("ES256")}, {QStringLiteral("typ"), typ},
                    {QStringLiteral("kid"), key.kid()}});
}

// What a hostile token must not change: live sessions, audit events, and its own session's state.
QString fingerprint(Fixture &f, const QString &sessionId)
{
    auto s = f.store->summary(f.clock.nowMs());
    auto session = f.store->session(sessionId);
    if (!s || !session || !*session)
        return {};
    return QStringLiteral("%1/%2/%3").arg(s->activeSessions).arg(s->auditEvents).arg(int((*session)->status));
}

} // namespace

class TestTokens final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startIssuesAnAccessToken()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken t = start(f, o.planner, o.alice, QStringLiteral("invoices:read mail:send"));
        QCOMPARE(t.session.depth, 0);
        QCOMPARE(t.session.expiresAt, kEpoch + 15 * 60 * 1000);

        const QJsonObject h = decodePart(t.token, 0);
        QCOMPARE(h.value(QStringLiteral("typ")).toString(), QStringLiteral("at+jwt"));
        QCOMPARE(h.value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));
        QVERIFY(!h.value(QStringLiteral("kid")).toString().isEmpty());
        const QJsonObject c = decodePart(t.token, 1);
        QCOMPARE(c.value(QStringLiteral("sub")).toString(), f.engine->spiffeIdFor(o.planner.id));
        QCOMPARE(c.value(QStringLiteral("client_id")).toString(), o.planner.id);
        QCOMPARE(c.value(QStringLiteral("sid")).toString(), t.session.id);
        QCOMPARE(c.value(QStringLiteral("scope")).toString(), QStringLiteral("invoices:read mail:send"));
        QCOMPARE(c.value(QStringLiteral("jti")).toString(), t.jti);
        for (const char *claim : {"iss", "aud", "exp", "iat", "nbf"})
            QVERIFY2(c.contains(QLatin1StringView(claim)), claim);
        const QJsonObject act = c.value(QStringLiteral("act")).toObject();
        QCOMPARE(act.value(QStringLiteral("sub")).toString(), f.engine->spiffeIdFor(o.planner.id));
        QCOMPARE(act.value(QStringLiteral("act")).toObject().value(QStringLiteral("sub")).toString(),
                 QStringLiteral("human:") + o.alice.id);

        auto answer = f.engine->introspect(t.token);
        QVERIFY(answer);
        QVERIFY2(answer->active, qPrintable(answer->reason));
        const QJsonObject j = answer->toJson();
        QCOMPARE(j.value(QStringLiteral("active")).toBool(), true);
        QCOMPARE(j.value(QStringLiteral("sid")).toString(), t.session.id);
        QCOMPARE(j.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
        QCOMPARE(j.value(QStringLiteral("exp")).toInteger(), (kEpoch + 15 * 60 * 1000) / 1000);
        QVERIFY(j.value(QStringLiteral("act")).isObject());

        auto jwks = f.engine->jwks();
        QVERIFY(jwks);
        const QJsonArray keys = jwks->value(QStringLiteral("keys")).toArray();
        QCOMPARE(keys.size(), 1);
        QCOMPARE(keys.at(0).toObject().value(QStringLiteral("kid")).toString(), h.value(QStringLiteral("kid")).toString());
        QVERIFY(!keys.at(0).toObject().contains(QStringLiteral("d"))); // never the private half

        auto verified = f.engine->verifyAudit();
        QVERIFY(verified && verified->intact);
    }

    void startRefusalsNameTheScopesAndAreAudited()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        QVERIFY(f.engine->jwks()); // the first signing key, and its audit event, come first
        auto before = f.store->auditHead();
        auto refused = f.engine->startSession(Actor::human(o.alice.id),
                                              request(o.worker, o.alice, QStringLiteral("invoices:read payments:refund")));
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("payments:refund")));
        auto after = f.store->auditHead();
        QCOMPARE(after->seq, before->seq + 1);
        auto events = f.store->auditEvents(after->seq, 1);
        QCOMPARE(events->constFirst().type, QStringLiteral("session.refused"));
        QVERIFY(events->constFirst().detail.contains(QStringLiteral("payments:refund")));
        auto sessions = f.store->sessions(SessionQuery{});
        QVERIFY(sessions->isEmpty());

        // A disabled human cannot delegate; a suspended agent cannot act.
        QVERIFY(f.engine->setHumanStatus(Actor::system(), o.bob.id, HumanStatus::Disabled, QStringLiteral("left")));
        QVERIFY(!f.engine->startSession(Actor::human(o.bob.id), request(o.helper, o.bob, QStringLiteral("invoices:read"))));
        QVERIFY(f.engine->setAgentStatus(Actor::system(), o.worker.id, AgentStatus::Suspended, QStringLiteral("x")));
        QVERIFY(!f.engine->startSession(Actor::human(o.alice.id), request(o.worker, o.alice, QStringLiteral("invoices:read"))));
        // A TTL beyond the maximum is refused, not trimmed.
        SessionRequest tooLong = request(o.planner, o.alice, QStringLiteral("invoices:read"));
        tooLong.ttlMs = 61 * 60 * 1000;
        QVERIFY(!f.engine->startSession(Actor::human(o.alice.id), tooLong));
    }

    void exchangeNarrowsAndChainsActors()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken root = start(f, o.planner, o.alice, QStringLiteral("invoices:read mail:send"));
        f.clock.advanceMs(60 * 1000);
        const IssuedToken child = exchange(f, root, o.worker, QStringLiteral("invoices:read"));
        QCOMPARE(child.session.depth, 1);
        QCOMPARE(child.session.parentId, root.session.id);
        QVERIFY(child.session.expiresAt <= root.session.expiresAt);
        QCOMPARE(child.session.scopes.toString(), QStringLiteral("invoices:read"));

        const QJsonObject act = decodePart(child.token, 1).value(QStringLiteral("act")).toObject();
        QCOMPARE(AccessTokenClaims{.act = act}.actors(),
                 (QStringList{f.engine->spiffeIdFor(o.worker.id), f.engine->spiffeIdFor(o.planner.id),
                              QString(QStringLiteral("human:") + o.alice.id)}));
        QVERIFY(active(f, child.token));

        // Asking for more than the parent holds: invalid_scope, naming the scope.
        auto more = f.engine->exchangeToken(Actor::agent(o.worker.id), child.token, o.worker.id,
                                            *ScopeSet::parse(QStringLiteral("invoices:read mail:send")));
        QVERIFY(!more);
        QCOMPARE(more.error().error, QStringLiteral("invalid_scope"));
        QVERIFY(more.error().description.contains(QStringLiteral("mail:send")));
        // Beyond the actor's own ceiling: invalid_scope too.
        auto ceiling = f.engine->exchangeToken(Actor::agent(o.helper.id), root.token, o.helper.id,
                                               *ScopeSet::parse(QStringLiteral("mail:send")));
        QVERIFY(!ceiling);
        QCOMPARE(ceiling.error().error, QStringLiteral("invalid_scope"));
        QVERIFY(ceiling.error().description.contains(QStringLiteral("mail:send")));
        // Not a token: invalid_grant. Unknown actor: invalid_request. No subject: invalid_request.
        auto garbage = f.engine->exchangeToken(Actor::agent(o.worker.id), QStringLiteral("abc.def.ghi"), o.worker.id, {});
        QVERIFY(!garbage);
        QCOMPARE(garbage.error().error, QStringLiteral("invalid_grant"));
        auto nobody = f.engine->exchangeToken(Actor::system(), root.token, QStringLiteral("agt_nobody"), {});
        QCOMPARE(nobody.error().error, QStringLiteral("invalid_request"));
        auto empty = f.engine->exchangeToken(Actor::system(), QString(), o.worker.id, {});
        QCOMPARE(empty.error().error, QStringLiteral("invalid_request"));
        // A TTL beyond the maximum: invalid_request.
        auto tooLong = f.engine->exchangeToken(Actor::agent(o.worker.id), root.token, o.worker.id,
                                               *ScopeSet::parse(QStringLiteral("invoices:read")), 2 * 3600 * 1000);
        QCOMPARE(tooLong.error().error, QStringLiteral("invalid_request"));

        // Every refusal above is an audit event with its reason.
        auto events = f.store->auditEvents(0, 1000);
        qsizetype refusals = 0;
        for (const AuditEvent &e : std::as_const(*events)) {
            if (e.type == QStringLiteral("token.exchange_refused")) {
                ++refusals;
                QVERIFY(e.detail.contains(QStringLiteral("invalid_")));
            }
        }
        QCOMPARE(refusals, 6);
    }

    void mayActDecidesWhoActsBelow()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken root = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        // The planner lets the worker act below it, not the helper.
        auto refused = f.engine->exchangeToken(Actor::agent(o.helper.id), root.token, o.helper.id, {});
        QVERIFY(!refused);
        QCOMPARE(refused.error().error, QStringLiteral("invalid_grant"));
        QVERIFY(refused.error().description.contains(QStringLiteral("may_act")));
        auto events = f.store->auditEvents(f.store->auditHead()->seq, 1);
        QCOMPARE(events->constFirst().type, QStringLiteral("token.exchange_refused"));
        QVERIFY(exchange(f, root, o.worker, QStringLiteral("invoices:read")).session.depth == 1);
        // Another run of the same agent always may.
        QVERIFY(exchange(f, root, o.planner, QStringLiteral("invoices:read")).session.depth == 1);
        // "*" lets any agent act below; names must be agents.
        QVERIFY(f.engine->setAgentMayAct(Actor::system(), o.planner.id, {QStringLiteral("*")}));
        QVERIFY(exchange(f, root, o.helper, QStringLiteral("invoices:read")).session.depth == 1);
        const qint64 seq = f.store->auditHead()->seq;
        auto unknown = f.engine->setAgentMayAct(Actor::system(), o.planner.id, {QStringLiteral("agt_nobody")});
        QVERIFY(!unknown);
        QVERIFY(unknown.error().message.contains(QStringLiteral("agt_nobody")));
        QCOMPARE(f.store->auditHead()->seq, seq);
        auto stored = f.store->agent(o.planner.id);
        QCOMPARE((*stored)->mayAct, QStringList{QStringLiteral("*")});
        // An agent registered without may_act keeps sub-agents of other kinds out.
        Agent lone = f.agent(QStringLiteral("Lone"), o.alice, QStringLiteral("invoices:read"), {});
        QVERIFY(f.store->agent(lone.id).value()->mayAct.isEmpty());
        const IssuedToken loneRoot = start(f, lone, o.alice, QStringLiteral("invoices:read"));
        QVERIFY(!f.engine->exchangeToken(Actor::agent(o.worker.id), loneRoot.token, o.worker.id, {}));
    }

    void depthIsLimited()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        IssuedToken t = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        for (int depth = 1; depth <= 4; ++depth) {
            t = exchange(f, t, depth % 2 ? o.worker : o.helper, QStringLiteral("invoices:read"));
            QCOMPARE(t.session.depth, depth);
        }
        auto fifth = f.engine->exchangeToken(Actor::agent(o.worker.id), t.token, o.worker.id, {});
        QVERIFY(!fifth);
        QCOMPARE(fifth.error().error, QStringLiteral("invalid_grant"));
        QVERIFY(fifth.error().description.contains(QStringLiteral("depth 4")));
        QCOMPARE(decodePart(t.token, 1).value(QStringLiteral("act")).toObject().isEmpty(), false);
        QCOMPARE(AccessTokenClaims{.act = decodePart(t.token, 1).value(QStringLiteral("act")).toObject()}.actors().size(), 6);
    }

    void revokingAParentDeactivatesTheChildAtOnce()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken root = start(f, o.planner, o.alice, QStringLiteral("invoices:read mail:send"));
        const IssuedToken child = exchange(f, root, o.worker, QStringLiteral("invoices:read"));
        const IssuedToken grandchild = exchange(f, child, o.helper, QStringLiteral("invoices:read"));
        QVERIFY(active(f, grandchild.token)); // the signature is cached from here on
        QVERIFY(active(f, child.token));

        auto report = f.engine->revoke(Actor::human(o.alice.id),
                                       RevocationTarget{RevocationTarget::Kind::Session, child.session.id},
                                       QStringLiteral("compromised"));
        QVERIFY(report);
        QCOMPARE(report->sessionIds.size(), 2);
        QCOMPARE(report->subAgentSessions, 2);
        QCOMPARE(report->tokens, 2);
        QString reason;
        QVERIFY(!active(f, child.token, &reason));
        QVERIFY(reason.contains(QStringLiteral("revoked")));
        QVERIFY(!active(f, grandchild.token, &reason));
        QVERIFY2(reason.contains(QStringLiteral("revoked")), qPrintable(reason));
        QVERIFY(active(f, root.token)); // above the revoked session, nothing changes
        // Nothing below a revoked session can be delegated any more.
        auto again = f.engine->exchangeToken(Actor::agent(o.helper.id), child.token, o.helper.id, {});
        QCOMPARE(again.error().error, QStringLiteral("invalid_grant"));

        auto verified = f.engine->verifyAudit();
        QVERIFY(verified && verified->intact);
    }

    // Introspection walks every ancestor: a session whose parent alone is revoked or expired
    // (as another writer could leave it) is inactive too.
    void anInvalidAncestorDeactivates()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken root = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        const IssuedToken child = exchange(f, root, o.worker, QStringLiteral("invoices:read"));
        const IssuedToken grandchild = exchange(f, child, o.helper, QStringLiteral("invoices:read"));
        QVERIFY(active(f, grandchild.token));
        QVERIFY(f.store->execForTest(QStringLiteral("UPDATE sessions SET status = 2, revoked_reason = 'test' WHERE id = '%1'")
                                         .arg(root.session.id)));
        QString reason;
        QVERIFY(!active(f, grandchild.token, &reason));
        QVERIFY2(reason.contains(QStringLiteral("Ancestor session %1").arg(root.session.id)), qPrintable(reason));
        f.clock.advanceMs(1000);
        QVERIFY(f.store->execForTest(QStringLiteral("UPDATE sessions SET status = 0, expires_at = %2 WHERE id = '%1'")
                                         .arg(root.session.id)
                                         .arg(f.clock.nowMs())));
        QVERIFY(!active(f, grandchild.token, &reason));
        QVERIFY2(reason.contains(QStringLiteral("expired")), qPrintable(reason));
    }

    void revocationSurvivesReopening()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken root = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        const IssuedToken child = exchange(f, root, o.worker, QStringLiteral("invoices:read"));
        QVERIFY(f.engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Session, root.session.id}, {}));
        f.engine.reset();
        f.store.reset();
        auto reopened = SqliteStore::open(f.path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY(reopened);
        f.store = std::move(*reopened);
        f.engine = std::make_unique<IdentityEngine>(*f.store, f.clock, f.ids);
        QVERIFY(!active(f, root.token));
        QVERIFY(!active(f, child.token));
        auto s = f.store->session(child.session.id);
        QVERIFY((*s)->status == SessionStatus::Revoked);
    }

    void tokenRevocationLeavesTheSession()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken root = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        auto dry = f.engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Token, root.token}, {}, true);
        QVERIFY(dry);
        QCOMPARE(dry->tokens, 1);
        QVERIFY(active(f, root.token));
        auto real = f.engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Token, root.token}, {});
        QVERIFY(real);
        QCOMPARE(real->tokens, 1);
        QCOMPARE(real->tokenIds, QStringList{root.jti});
        QString reason;
        QVERIFY(!active(f, root.token, &reason));
        QVERIFY(reason.contains(QStringLiteral("token has been revoked")));
        QVERIFY((*f.store->session(root.session.id))->status == SessionStatus::Active);
        auto none = f.engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Token, QStringLiteral("x.y.z")}, {});
        QVERIFY(!none);
    }

    // A store written by version 3 (tests/data/golden/store-v3-tokens.mandate) kept its tokens
    // in a table of their own; version 4 moves each onto its session. Its tokens, signed then,
    // are still what they were: live, delegated or revoked.
    void tokensOfAVersion3StoreSurviveMigration()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v3.mandate"));
        QVERIFY(QFile::copy(QStringLiteral(MANDATE_TEST_DATA "/golden/store-v3-tokens.mandate"), path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        QFile recorded(QStringLiteral(MANDATE_TEST_DATA "/golden/store-v3-tokens.json"));
        QVERIFY(recorded.open(QIODevice::ReadOnly));
        const QJsonObject golden = QJsonDocument::fromJson(recorded.readAll()).object();
        auto store = SqliteStore::open(path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        QCOMPARE((*store)->schemaVersion(), SqliteStore::kSchemaVersion);
        ManualClock clock(qint64(golden.value(QStringLiteral("now_ms")).toDouble()));
        SeededIdSource ids(7);
        IdentityEngine engine(**store, clock, ids);
        auto introspect = [&](const QString &key) {
            auto answer = engine.introspect(golden.value(key).toString());
            if (!answer)
                qFatal("introspect: %s", qPrintable(answer.error().message));
            return *answer;
        };

        QVERIFY(introspect(QStringLiteral("live")).active);
        QVERIFY(introspect(QStringLiteral("child")).active);
        const Introspection revoked = introspect(QStringLiteral("revoked"));
        QVERIFY(!revoked.active);
        QVERIFY(revoked.reason.contains(QStringLiteral("token has been revoked")));

        auto session = (*store)->session(golden.value(QStringLiteral("live_session")).toString());
        QVERIFY(session && *session);
        QCOMPARE((*session)->jti, introspect(QStringLiteral("live")).jti);
        QCOMPARE((*session)->tokenRevokedAt, qint64(0));
        auto revokedSession = (*store)->session(golden.value(QStringLiteral("revoked_session")).toString());
        QVERIFY(revokedSession && *revokedSession);
        QVERIFY((*revokedSession)->tokenRevokedAt > 0);
        QVERIFY((*revokedSession)->status == SessionStatus::Active);

        // The blast radius of the live session counts its token and its child's.
        const RevocationTarget tree{RevocationTarget::Kind::Session, golden.value(QStringLiteral("live_session")).toString()};
        auto dry = engine.revoke(Actor::system(), tree, {}, true);
        QVERIFY(dry);
        QCOMPARE(dry->sessionIds.size(), 2);
        QCOMPARE(dry->tokens, 2);
        // A migrated token is revoked by itself like a new one.
        auto real = engine.revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Token,
                                                                    golden.value(QStringLiteral("child")).toString()}, {});
        QVERIFY(real);
        QCOMPARE(real->tokens, 1);
        QVERIFY(!introspect(QStringLiteral("child")).active);
        QVERIFY(introspect(QStringLiteral("live")).active);
        auto verified = AuditChain::verify(**store);
        QVERIFY(verified && verified->intact);
    }

    void agentAndHumanRevocationCascade()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken a1 = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        const IssuedToken a2 = start(f, o.planner, o.bob, QStringLiteral("invoices:read"));
        const IssuedToken w1 = exchange(f, a1, o.worker, QStringLiteral("invoices:read"));
        const IssuedToken h1 = exchange(f, w1, o.helper, QStringLiteral("invoices:read"));
        const IssuedToken other = start(f, o.worker, o.alice, QStringLiteral("invoices:read"));

        // Revoking the planner reaches both its sessions and what they delegated to others.
        auto report = f.engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Agent, o.planner.id}, {});
        QVERIFY(report);
        QCOMPARE(report->sessionIds.size(), 4);
        QCOMPARE(report->subAgentSessions, 2);
        for (const IssuedToken *t : {&a1, &a2, &w1, &h1})
            QVERIFY(!active(f, t->token));
        QVERIFY(active(f, other.token));

        // Revoking Alice reaches what she delegated, whichever agent holds it.
        const IssuedToken p3 = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        const IssuedToken bobs = start(f, o.helper, o.bob, QStringLiteral("invoices:read"));
        auto human = f.engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Human, o.alice.id}, {});
        QVERIFY(human);
        QCOMPARE(human->sessionIds.size(), 2);
        QVERIFY(human->sessionIds.contains(p3.session.id) && human->sessionIds.contains(other.session.id));
        QVERIFY(!active(f, p3.token));
        QVERIFY(!active(f, other.token));
        QVERIFY(active(f, bobs.token));
        // A second revocation finds nothing left to revoke.
        auto again = f.engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Human, o.alice.id}, {});
        QCOMPARE(again->sessionIds.size(), 0);
        QVERIFY(!f.engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Agent, QStringLiteral("agt_none")}, {}));
    }

    void disablingAHumanOrSuspendingAnAgentRevokes()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken bobs = start(f, o.planner, o.bob, QStringLiteral("invoices:read"));
        const IssuedToken bobsChild = exchange(f, bobs, o.worker, QStringLiteral("invoices:read"));
        const IssuedToken alices = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        const IssuedToken workers = start(f, o.worker, o.alice, QStringLiteral("mail:send"));

        // Bob leaves: what he delegated stops at once, sub-agents included; Alice's does not.
        QVERIFY(f.engine->setHumanStatus(Actor::system(), o.bob.id, HumanStatus::Departed, QStringLiteral("left")));
        QString reason;
        QVERIFY(!active(f, bobs.token, &reason));
        QVERIFY(reason.contains(QStringLiteral("left")));
        QVERIFY(!active(f, bobsChild.token));
        QVERIFY(active(f, alices.token));
        auto head = f.store->auditHead();
        auto last = f.store->auditEvents(head->seq - 1, 2);
        QCOMPARE(last->at(0).type, QStringLiteral("human.status_changed"));
        QCOMPARE(last->at(1).type, QStringLiteral("human.delegations_revoked"));
        QCOMPARE(last->at(1).humanId, o.bob.id);

        // The worker is suspended: its own sessions stop; coming back does not revive them.
        QVERIFY(f.engine->setAgentStatus(Actor::system(), o.worker.id, AgentStatus::Suspended, QStringLiteral("odd")));
        QVERIFY(!active(f, workers.token));
        QVERIFY(active(f, alices.token));
        QVERIFY(f.engine->setAgentStatus(Actor::system(), o.worker.id, AgentStatus::Active, QStringLiteral("ok")));
        QVERIFY(!active(f, workers.token));
        // A status change with nothing live to revoke writes no revocation event.
        head = f.store->auditHead();
        QVERIFY(f.engine->setHumanStatus(Actor::system(), o.alice.id, HumanStatus::Disabled, QStringLiteral("leave")));
        QVERIFY(!active(f, alices.token));
        QVERIFY(f.engine->setHumanStatus(Actor::system(), o.alice.id, HumanStatus::Active, QStringLiteral("back")));
        const qint64 seq = f.store->auditHead()->seq;
        QVERIFY(f.engine->setHumanStatus(Actor::system(), o.alice.id, HumanStatus::Disabled, QStringLiteral("again")));
        QCOMPARE(f.store->auditHead()->seq, seq + 1);
    }

    void dryRunChangesNothingAndMatchesTheRealRun()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken root = start(f, o.planner, o.alice, QStringLiteral("invoices:read mail:send"));
        const IssuedToken c1 = exchange(f, root, o.worker, QStringLiteral("invoices:read"));
        const IssuedToken c2 = exchange(f, root, o.worker, QStringLiteral("mail:send"));
        exchange(f, c1, o.helper, QStringLiteral("invoices:read"));
        StepUpRequest step;
        step.sessionId = c2.session.id;
        step.action = QStringLiteral("mail.send");
        step.resource = QStringLiteral("mailbox:finance");
        step.policyId = QStringLiteral("policy-7");
        step.reason = QStringLiteral("external recipient");
        QVERIFY(f.engine->requestStepUp(Actor::agent(o.worker.id), step));

        const auto headBefore = *f.store->auditHead();
        const RevocationTarget target{RevocationTarget::Kind::Session, root.session.id};
        auto dry = f.engine->revoke(Actor::system(), target, {}, true);
        QVERIFY(dry);
        QVERIFY(dry->dryRun);
        QCOMPARE(f.store->auditHead()->seq, headBefore.seq);
        QVERIFY(active(f, root.token));
        QCOMPARE(dry->sessionIds.size(), 4);
        QCOMPARE(dry->subAgentSessions, 3);
        QCOMPARE(dry->tokens, 4);
        QCOMPARE(dry->pendingStepUps, 1);

        auto real = f.engine->revoke(Actor::system(), target, QStringLiteral("incident 42"));
        QVERIFY(real);
        QVERIFY(!real->dryRun);
        QCOMPARE(real->sessionIds, dry->sessionIds);
        QCOMPARE(real->subAgentSessions, dry->subAgentSessions);
        QCOMPARE(real->tokens, dry->tokens);
        QCOMPARE(real->pendingStepUps, dry->pendingStepUps);
        QCOMPARE(f.store->auditHead()->seq, headBefore.seq + 1);
        auto events = f.store->auditEvents(headBefore.seq + 1, 1);
        QCOMPARE(events->constFirst().type, QStringLiteral("session.revoked"));
        QVERIFY(events->constFirst().detail.contains(QStringLiteral("incident 42")));
        auto cancelled = f.store->summary(f.clock.nowMs());
        QCOMPARE(cancelled->pendingStepUps, 0);
    }

    // A wide and deep tree: one revocation reaches every descendant, each inactive at once.
    void revokingALargeSubtree()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken root = start(f, o.planner, o.alice, QStringLiteral("invoices:read mail:send"));
        QList<IssuedToken> leaves;
        for (int i = 0; i < 10; ++i) {
            const IssuedToken mid = exchange(f, root, o.worker, QStringLiteral("invoices:read"));
            for (int j = 0; j < 10; ++j)
                leaves << exchange(f, mid, o.helper, QStringLiteral("invoices:read"));
        }
        const IssuedToken deepest = exchange(f, exchange(f, leaves.constLast(), o.worker, QStringLiteral("invoices:read")),
                                             o.helper, QStringLiteral("invoices:read"));
        const IssuedToken other = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        auto dry = f.engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Session, root.session.id}, {}, true);
        QCOMPARE(dry->sessionIds.size(), 1 + 10 + 100 + 2);
        auto report = f.engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Session, root.session.id}, {});
        QVERIFY(report);
        QCOMPARE(report->sessionIds, dry->sessionIds);
        QCOMPARE(report->sessionIds.constFirst(), root.session.id); // by depth: the root first
        QCOMPARE(report->subAgentSessions, 112);
        for (const IssuedToken &leaf : std::as_const(leaves))
            QVERIFY(!active(f, leaf.token));
        QVERIFY(!active(f, deepest.token));
        QVERIFY(active(f, other.token));
    }

    // Tokens made here verify with an independent JOSE library (jwcrypto) against our JWKS,
    // whatever the signing key's algorithm.
    void tokensVerifyWithJwcrypto_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::newRow("ES256") << QStringLiteral("ES256");
        QTest::newRow("EdDSA") << QStringLiteral("EdDSA");
        QTest::newRow("RS256") << QStringLiteral("RS256");
    }
    void tokensVerifyWithJwcrypto()
    {
        QFETCH(QString, alg);
        // Debian's interpreter, the one its python3-jwcrypto package serves (another python3
        // may come first on PATH).
        const QString python = QStringLiteral("/usr/bin/python3");
        QProcess probe;
        probe.start(python, {QStringLiteral("-c"), QStringLiteral("import jwcrypto")});
        QVERIFY2(probe.waitForFinished(30000) && probe.exitCode() == 0,
                 "python3-jwcrypto is required (installer/bootstrap.sh installs it)");
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        if (alg != u"ES256")
            QVERIFY(f.engine->rotateSigningKey(Actor::system(), crypto::algorithmFromName(alg)));
        const IssuedToken root = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        QCOMPARE(decodePart(root.token, 0).value(QStringLiteral("alg")).toString(), alg);
        QVERIFY(active(f, root.token));
        const QByteArray jwks = QJsonDocument(*f.engine->jwks()).toJson(QJsonDocument::Compact);
        const QString script = QStringLiteral(
            "import sys, json\n"
            "from jwcrypto import jwk, jws\n"
            "keys = jwk.JWKSet.from_json(sys.argv[1])\n"
            "token = jws.JWS()\n"
            "token.deserialize(sys.argv[2])\n"
            "header = token.jose_header\n"
            "assert header['typ'] == 'at+jwt' and header['alg'] == sys.argv[3]\n"
            "token.verify(keys.get_key(header['kid']), alg=sys.argv[3])\n"
            "print(json.loads(token.payload)['sid'])\n");
        QProcess check;
        check.start(python, {QStringLiteral("-c"), script, QString::fromUtf8(jwks), root.token, alg});
        QVERIFY(check.waitForFinished(30000));
        QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
        QCOMPARE(QString::fromUtf8(check.readAllStandardOutput()).trimmed(), root.session.id);
    }

    void rotationKeepsOldTokensVerifiable()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken before = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        const QString oldKid = decodePart(before.token, 0).value(QStringLiteral("kid")).toString();
        auto kid = f.engine->rotateSigningKey(Actor::human(o.alice.id));
        QVERIFY(kid);
        QVERIFY(*kid != oldKid);
        const IssuedToken after = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        QCOMPARE(decodePart(after.token, 0).value(QStringLiteral("kid")).toString(), *kid);
        QVERIFY(active(f, before.token));
        QVERIFY(active(f, after.token));
        QCOMPARE(f.engine->jwks()->value(QStringLiteral("keys")).toArray().size(), 2);
        // Once every token the old key could have signed has expired, it is no longer published.
        f.clock.advanceMs(61 * 60 * 1000 + 31 * 1000);
        QCOMPARE(f.engine->jwks()->value(QStringLiteral("keys")).toArray().size(), 1);
        // Another engine on the same store (another process) signs with the new key too.
        IdentityEngine second(*f.store, f.clock, f.ids);
        auto third = second.startSession(Actor::human(o.alice.id), request(o.planner, o.alice, QStringLiteral("invoices:read")));
        QVERIFY(third);
        QCOMPARE(decodePart(third->token, 0).value(QStringLiteral("kid")).toString(), *kid);

        // Rotating to another algorithm: old ES256 tokens still verify beside the new EdDSA ones.
        auto edKid = f.engine->rotateSigningKey(Actor::system(), crypto::Algorithm::EdDSA);
        QVERIFY(edKid);
        const IssuedToken ed = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        QCOMPARE(decodePart(ed.token, 0).value(QStringLiteral("alg")).toString(), QStringLiteral("EdDSA"));
        QVERIFY(active(f, ed.token));
        QVERIFY(active(f, third->token));
        // A rotation without an algorithm keeps the current key's.
        QVERIFY(f.engine->rotateSigningKey(Actor::system()));
        const IssuedToken ed2 = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        QCOMPARE(decodePart(ed2.token, 0).value(QStringLiteral("alg")).toString(), QStringLiteral("EdDSA"));
    }

    void audiencesOutsideTheIssuersAreInvalidTarget()
    {
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken root = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        const qint64 sessions = f.store->sessions(SessionQuery{})->size();
        auto refused = f.engine->exchangeToken(Actor::agent(o.worker.id), root.token, o.worker.id, {}, 0, {},
                                               QStringLiteral("https://payments.example"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().error, QStringLiteral("invalid_target"));
        QCOMPARE(f.store->sessions(SessionQuery{})->size(), sessions);
        // The issuer's own audience, named, is fine.
        auto named = f.engine->exchangeToken(Actor::agent(o.worker.id), root.token, o.worker.id, {}, 0, {},
                                             f.engine->config().audience);
        QVERIFY(named);
        SessionRequest r = request(o.planner, o.alice, QStringLiteral("invoices:read"));
        r.audience = QStringLiteral("https://payments.example");
        QVERIFY(!f.engine->startSession(Actor::human(o.alice.id), r));
    }

    void anExtraAudienceIsHonoured()
    {
        Fixture f;
        IdentityEngine::Config config;
        config.extraAudiences = {QStringLiteral("https://payments.example")};
        QVERIFY(f.open(config));
        const Org o = makeOrg(f);
        const IssuedToken root = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        auto child = f.engine->exchangeToken(Actor::agent(o.worker.id), root.token, o.worker.id, {}, 0, {},
                                             QStringLiteral("https://payments.example"));
        QVERIFY2(child, qPrintable(child ? QString() : child.error().description));
        QCOMPARE(decodePart(child->token, 1).value(QStringLiteral("aud")).toString(), QStringLiteral("https://payments.example"));
        auto answer = f.engine->introspect(child->token);
        QVERIFY(answer && answer->active);
        QCOMPARE(answer->audience, QStringLiteral("https://payments.example"));
    }

    // Bad input: every malformed or hostile token is inactive, with a reason, and
    // changes nothing.
    void hostileTokensAreInactive_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("why"); // what the reason must say: the check that caught it
        const std::pair<const char *, const char *> cases[] = {
            {"alg none", "\"none\""},
            {"HS256 keyed with the public key", "HS256"},
            {"unknown kid", "no key with kid"},
            {"crit header", "crit"},
            {"wrong typ", "typ must be at+jwt"},
            {"expired", "expired"},
            {"not yet valid", "nbf"},
            {"wrong aud", "aud"},
            {"wrong iss", "iss"},
            {"tampered header", "does not verify"},
            {"tampered payload", "does not verify"},
            {"truncated signature", "must be 64 bytes"},
            {"oversized signature", "must be 64 bytes"},
            {"non-canonical base64url", "base64url"},
            {"oversized token", "larger than"},
            {"deeply nested act", "nested deeper"},
            {"act chain longer than the session's", "does not match"},
            {"duplicate JSON keys", "duplicate"},
            {"empty", "empty"},
            {"not a JWS", "segments"},
        };
        for (const auto &[kind, why] : cases)
            QTest::newRow(kind) << QString::fromLatin1(kind) << QString::fromLatin1(why);
    }

    void hostileTokensAreInactive()
    {
        QFETCH(QString, kind);
        QFETCH(QString, why);
        Fixture f;
        QVERIFY(f.open());
        const Org o = makeOrg(f);
        const IssuedToken good = start(f, o.planner, o.alice, QStringLiteral("invoices:read"));
        const crypto::Jwk key = signingKey(f);
        QJsonObject claims = decodePart(good.token, 1);
        const QString h = header(key);
        auto forge = [&](const QJsonObject &c) { return signRaw(h.toUtf8(), compact(c).toUtf8(), key); };
        const QStringList parts = good.token.split(u'.');
        const qint64 nowS = f.clock.nowMs() / 1000;

        QString hostile;
        if (kind == QStringLiteral("alg none")) {
            hostile = QString::fromLatin1(b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + '.' + parts.at(1).toLatin1() + '.');
        } else if (kind == QStringLiteral("HS256 keyed with the public key")) {
            const QByteArray hs = b64("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"" + key.kid().toLatin1() + "\"}");
            const QByteArray input = hs + '.' + parts.at(1).toLatin1();
            const QByteArray mac = QMessageAuthenticationCode::hash(
                input, QJsonDocument(key.toPublicJson()).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256);
            hostile = QString::fromLatin1(input + '.' + b64(mac));
        } else if (kind == QStringLiteral("unknown kid")) {
            const crypto::Jwk stranger = *crypto::Jwk::generate(crypto::Algorithm::ES256);
            hostile = signRaw(header(stranger).toUtf8(), compact(claims).toUtf8(), stranger);
        } else if (kind == QStringLiteral("crit header")) {
            QJsonObject hh = QJsonDocument::fromJson(h.toUtf8()).object();
            hh.insert(QStringLiteral("crit"), QJsonArray{QStringLiteral("exp")});
            hostile = signRaw(compact(hh).toUtf8(), compact(claims).toUtf8(), key);
        } else if (kind == QStringLiteral("act chain longer than the session's")) {
            // Validly signed, but naming a sub-agent hop its root session never had.
            QJsonObject act = claims.value(QStringLiteral("act")).toObject();
            claims.insert(QStringLiteral("act"),
                          QJsonObject{{QStringLiteral("sub"), act.value(QStringLiteral("sub"))},
                                      {QStringLiteral("act"), act}});
            hostile = forge(claims);
        } else if (kind == QStringLiteral("wrong typ")) {
            hostile = signRaw(header(key, QStringLiteral("JWT")).toUtf8(), compact(claims).toUtf8(), key);
        } else if (kind == QStringLiteral("expired")) {
            claims.insert(QStringLiteral("exp"), nowS - 3600);
            claims.insert(QStringLiteral("iat"), nowS - 7200);
            claims.insert(QStringLiteral("nbf"), nowS - 7200);
            hostile = forge(claims);
        } else if (kind == QStringLiteral("not yet valid")) {
            claims.insert(QStringLiteral("nbf"), nowS + 3600);
            hostile = forge(claims);
        } else if (kind == QStringLiteral("wrong aud")) {
            claims.insert(QStringLiteral("aud"), QStringLiteral("someone-else"));
            hostile = forge(claims);
        } else if (kind == QStringLiteral("wrong iss")) {
            claims.insert(QStringLiteral("iss"), QStringLiteral("https://evil.example"));
            hostile = forge(claims);
        } else if (kind == QStringLiteral("tampered header")) {
            QJsonObject hh = QJsonDocument::fromJson(h.toUtf8()).object();
            hh.insert(QStringLiteral("x"), 1);
            hostile = QString::fromLatin1(b64(compact(hh).toUtf8())) + u'.' + parts.at(1) + u'.' + parts.at(2);
        } else if (kind == QStringLiteral("tampered payload")) {
            claims.insert(QStringLiteral("scope"), QStringLiteral("invoices:read invoices:approve"));
            hostile = parts.at(0) + u'.' + QString::fromLatin1(b64(compact(claims).toUtf8())) + u'.' + parts.at(2);
        } else if (kind == QStringLiteral("truncated signature")) {
            const QByteArray sig = *crypto::base64UrlDecode(parts.at(2).toLatin1());
            hostile = parts.at(0) + u'.' + parts.at(1) + u'.' + QString::fromLatin1(b64(sig.left(48)));
        } else if (kind == QStringLiteral("oversized signature")) {
            hostile = good.token + QStringLiteral("AAAA");
        } else if (kind == QStringLiteral("non-canonical base64url")) {
            // The last character of a 64-byte signature carries 2 unused bits; set them.
            QString sig = parts.at(2);
            const QByteArray alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
            const int last = int(alphabet.indexOf(sig.back().toLatin1()));
            sig.back() = QChar::fromLatin1(alphabet.at(last | 1));
            hostile = parts.at(0) + u'.' + parts.at(1) + u'.' + sig;
        } else if (kind == QStringLiteral("oversized token")) {
            claims.insert(QStringLiteral("pad"), QString(12000, u'x'));
            hostile = forge(claims);
        } else if (kind == QStringLiteral("deeply nested act")) {
            QJsonObject act{{QStringLiteral("sub"), QString(QStringLiteral("human:") + o.alice.id)}};
            for (int i = 0; i < 9; ++i)
            {
                QJsonObject outer{{QStringLiteral("sub"), f.engine->spiffeIdFor(o.planner.id)}};
                outer.insert(QStringLiteral("act"), act);
                act = outer;
            }
            claims.insert(QStringLiteral("act"), act);
            hostile = forge(claims);
        } else if (kind == QStringLiteral("duplicate JSON keys")) {
            QByteArray text = compact(claims).toUtf8();
            text.chop(1);
            text += ",\"scope\":\"invoices:read invoices:approve\"}";
            hostile = signRaw(h.toUtf8(), text, key);
        } else if (kind == QStringLiteral("empty")) {
            hostile = QString();
        } else if (kind == QStringLiteral("not a JWS")) {
            hostile = QStringLiteral("this is not a token at all");
        }
        QVERIFY(hostile != good.token);

        const auto headBefore = *f.store->auditHead();
        const QString before = fingerprint(f, good.session.id);
        auto answer = f.engine->introspect(hostile);
        QVERIFY(answer);
        QVERIFY2(!answer->active, qPrintable(kind));
        QVERIFY2(!answer->reason.isEmpty(), qPrintable(kind));
        QVERIFY2(answer->reason.contains(why), qPrintable(answer->reason));
        QCOMPARE(answer->toJson(), (QJsonObject{{QStringLiteral("active"), false}}));
        QVERIFY2(!answer->reason.contains(hostile.left(20)) || hostile.size() < 20, "the reason quotes the token");
        QCOMPARE(f.store->auditHead()->seq, headBefore.seq);
        QCOMPARE(fingerprint(f, good.session.id), before);

        // As a subject token it is refused (invalid_grant); the refusal is the one audit event.
        auto exchanged = f.engine->exchangeToken(Actor::agent(o.worker.id), hostile, o.worker.id, {});
        QVERIFY(!exchanged);
        QVERIFY(exchanged.error().error == QStringLiteral("invalid_grant")
                || exchanged.error().error == QStringLiteral("invalid_request"));
        QCOMPARE(f.store->auditHead()->seq, headBefore.seq + 1);
        QCOMPARE(f.store->sessions(SessionQuery{})->size(), 1);
        // The genuine token is still fine.
        QVERIFY(active(f, good.token));
    }
};

QTEST_GUILESS_MAIN(TestTokens)
#include "tst_tokens.moc"
