#pragma once

// Small stores built through the engine, for the unit tests.

#include "Clock.h"
#include "engine/IdSource.h"
#include "engine/IdentityEngine.h"
#include "store/SqliteStore.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace mandate::test {

inline constexpr qint64 kEpoch = 1'790'000'000'000; // 2026-09-21, a fixed "now" for tests

struct Fixture
{
    QTemporaryDir dir;
    QString path;
    std::unique_ptr<SqliteStore> store;
    ManualClock clock{kEpoch};
    SeededIdSource ids{42};
    std::unique_ptr<IdentityEngine> engine;

    bool open(const IdentityEngine::Config &config = {})
    {
        if (!dir.isValid())
            return false;
        path = dir.filePath(QStringLiteral("test.mandate"));
        auto opened = SqliteStore::open(path, SqliteStore::OpenMode::CreateIfMissing);
        if (!opened) {
            qWarning() << opened.error().message;
            return false;
        }
        store = std::move(*opened);
        engine = std::make_unique<IdentityEngine>(*store, clock, ids, config);
        return true;
    }

    Human human(const QString &name, ConsoleRoles roles = {})
    {
        Human h;
        h.name = name;
        h.email = name.toLower().replace(u' ', u'.') + QStringLiteral("@example.com");
        h.department = QStringLiteral("Finance");
        h.roles = roles;
        auto added = engine->addHuman(Actor::system(), h);
        if (!added)
            qFatal("addHuman: %s", qPrintable(added.error().message));
        return *added;
    }

    // Tests delegate between agents freely unless they say otherwise (mayAct).
    Agent agent(const QString &name, const Human &owner, const QString &ceiling,
                const QStringList &mayAct = {QStringLiteral("*")})
    {
        Agent a;
        a.mayAct = mayAct;
        a.name = name;
        a.ownerId = owner.id;
        a.purpose = QStringLiteral("Reconciles invoices for ") + name;
        a.model = ModelInfo{QStringLiteral("Anthropic"), QStringLiteral("claude-sonnet-4.5"), QStringLiteral("20250929")};
        a.runtime = QStringLiteral("k8s/prod-eu-west-1");
        a.ceiling = *ScopeSet::parse(ceiling);
        auto added = engine->registerAgent(Actor::human(owner.id), a);
        if (!added)
            qFatal("registerAgent: %s", qPrintable(added.error().message));
        return *added;
    }
};

} // namespace mandate::test
