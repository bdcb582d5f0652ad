#include "RecordingVfs.h"
#include "TestStores.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <cerrno>
#include <cstring>
#include <set>

using namespace mandate;
using namespace mandate::test;

namespace {

QByteArray fileDigest(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

QString goldenPath(const QString &name)
{
    return QStringLiteral(MANDATE_TEST_DATA "/golden/") + name;
}

// The schema as SQLite records it, one object per line, in name order.
QString schemaDump(const QString &path)
{
    QString out;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("dump"));
        db.setDatabaseName(path);
        if (!db.open())
            return {};
        QSqlQuery q(db);
        q.exec(QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_master "
                              "WHERE name NOT LIKE 'sqlite_%' ORDER BY name"));
        while (q.next()) {
            QString sql = q.value(3).toString().simplified();
            out += QStringLiteral("%1 %2 ON %3: %4\n").arg(q.value(0).toString(), q.value(1).toString(),
                                                           q.value(2).toString(), sql);
        }
        q.exec(QStringLiteral("SELECT key, value FROM meta WHERE key = 'schema_version'"));
        while (q.next())
            out += QStringLiteral("meta %1 = %2\n").arg(q.value(0).toString(), q.value(1).toString());
        q.exec(QStringLiteral("PRAGMA application_id"));
        if (q.next())
            out += QStringLiteral("application_id = %1\n").arg(q.value(0).toLongLong());
    }
    QSqlDatabase::removeDatabase(QStringLiteral("dump"));
    return out;
}

// Builds the content of the golden v1 store: fixed clock, fixed ids.
void buildGoldenContent(Fixture &f)
{
    const Human owner = f.human(QStringLiteral("Amara Okafor"), ConsoleRole::IamAdmin);
    const Human approver = f.human(QStringLiteral("Lars Nilsson"), ConsoleRole::Approver);
    const Agent agent = f.agent(QStringLiteral("Invoice Reconciler"), owner, QStringLiteral("invoices:read invoices:approve mail:send"));
    const Agent helper = f.agent(QStringLiteral("Mail Drafter"), owner, QStringLiteral("mail:send"));
    f.clock.advanceMs(60'000);
    auto root = f.engine->openSession(Actor::human(owner.id),
                                      {agent.id, owner.id, {}, QStringLiteral("Reconcile October invoices"),
                                       *ScopeSet::parse(u"invoices:read mail:send"), 0});
    QVERIFY(root);
    auto child = f.engine->openSession(Actor::agent(agent.id),
                                       {helper.id, {}, root->id, QStringLiteral("Send the summary"),
                                        *ScopeSet::parse(u"mail:send"), 0});
    QVERIFY(child);
    QVERIFY(f.engine->recordDecision(Actor::agent(agent.id),
                                     {root->id, QStringLiteral("invoices:read"), QStringLiteral("Invoice::\"inv_1\""),
                                      Decision::Allow, {QStringLiteral("permit-finance-read")}, {}}));
    StepUpRequest r;
    r.sessionId = root->id;
    r.action = QStringLiteral("invoices:approve");
    r.resource = QStringLiteral("Invoice::\"inv_2\"");
    r.policyId = QStringLiteral("stepup-large-invoices");
    r.reason = QStringLiteral("Invoices over 10,000 EUR need a human");
    r.bindingMessage = QStringLiteral("Approve invoice inv_2 (12,400 EUR)?");
    auto requested = f.engine->requestStepUp(Actor::agent(agent.id), r);
    QVERIFY(requested);
    QVERIFY(f.engine->decideStepUp(Actor::human(approver.id), requested->id, approver.id, true,
                                   QStringLiteral("Checked with the supplier")));
    QVERIFY(f.engine->setHumanStatus(Actor::system(), owner.id, HumanStatus::Departed, QStringLiteral("Left the company")));
}

} // namespace

class TestSqliteStore final : public QObject
{
    Q_OBJECT

    static QString schemaDumpOf(const QString &path) { return schemaDump(path); }
    static QString schemaDumpOfNewStore()
    {
        Fixture f;
        if (!f.open())
            return {};
        f.engine.reset();
        f.store.reset();
        return schemaDump(f.path);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(recorder::install()); // under every store these tests open
    }

    void createsAMandateStore()
    {
        Fixture f;
        QVERIFY(f.open());
        QCOMPARE(f.store->schemaVersion(), SqliteStore::kSchemaVersion);
        QVERIFY(QFile::exists(f.path));
        const QString schema = schemaDump(f.path);
        QVERIFY(schema.contains(QStringLiteral("application_id = %1").arg(SqliteStore::kApplicationId)));
        // The store reopens without migrating again.
        f.store.reset();
        auto again = SqliteStore::open(f.path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY2(again, qPrintable(again ? QString() : again.error().message));
        QCOMPARE((*again)->schemaVersion(), SqliteStore::kSchemaVersion);
    }

    void schemaMatchesGolden()
    {
        Fixture f;
        QVERIFY(f.open());
        f.store.reset();
        const QString actual = schemaDump(f.path);
        // One golden per version: schema-v1.txt stays as version 1 wrote it.
        QFile golden(goldenPath(QStringLiteral("schema-v%1.txt").arg(SqliteStore::kSchemaVersion)));
        if (qEnvironmentVariableIsSet("MANDATE_UPDATE_GOLDEN")) {
            QVERIFY(golden.open(QIODevice::WriteOnly | QIODevice::Truncate));
            golden.write(actual.toUtf8());
            return;
        }
        QVERIFY2(golden.open(QIODevice::ReadOnly), "golden schema missing");
        QCOMPARE(actual, QString::fromUtf8(golden.readAll()));
    }

    // A store written by version 1 (tests/data/golden/store-v1.mandate) opens, reads and verifies
    // with this build; when the schema moves on, this is what proves the migration.
    void opensGoldenV1Store()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v1.mandate"));
        if (qEnvironmentVariableIsSet("MANDATE_UPDATE_GOLDEN")) {
            Fixture f;
            QVERIFY(f.open());
            buildGoldenContent(f);
            f.store->execForTest(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
            auto verified = AuditChain::verify(*f.store);
            QVERIFY(verified && verified->intact);
            QFile head(goldenPath(QStringLiteral("store-v1.head")));
            QVERIFY(head.open(QIODevice::WriteOnly | QIODevice::Truncate));
            head.write(verified->head.hash + '\n');
            head.close();
            const QString src = f.path;
            f.engine.reset();
            f.store.reset();
            QFile::remove(goldenPath(QStringLiteral("store-v1.mandate")));
            QVERIFY(QFile::copy(src, goldenPath(QStringLiteral("store-v1.mandate"))));
            return;
        }
        QVERIFY(QFile::copy(goldenPath(QStringLiteral("store-v1.mandate")), path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        auto store = SqliteStore::open(path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        QCOMPARE((*store)->schemaVersion(), SqliteStore::kSchemaVersion);

        auto humans = (*store)->humans({});
        QVERIFY(humans);
        QCOMPARE(humans->size(), 2);
        AgentQuery query;
        auto agents = (*store)->agents(query);
        QVERIFY(agents);
        QCOMPARE(agents->agents.size(), 2);
        QCOMPARE(agents->agents.at(0).name, QStringLiteral("Invoice Reconciler"));
        QVERIFY(agents->agents.at(0).ownerStatus == HumanStatus::Departed);
        QCOMPARE(agents->agents.at(0).ceiling.toString(), QStringLiteral("invoices:approve invoices:read mail:send"));

        auto verification = AuditChain::verify(**store);
        QVERIFY(verification);
        QVERIFY2(verification->intact, qPrintable(verification->problem));
        QCOMPARE(verification->eventsChecked, 10);
        // The events' encoding and hashing are part of the format: a later version that
        // changes them breaks every exported trail, and this comparison.
        QFile head(goldenPath(QStringLiteral("store-v1.head")));
        QVERIFY(head.open(QIODevice::ReadOnly));
        QCOMPARE(verification->head.hash, head.readAll().trimmed());

        // Migrated to version 2: the credential tables exist, empty, and work.
        auto keys = (*store)->publishedSigningKeys(0);
        QVERIFY(keys);
        QVERIFY(keys->isEmpty());
        auto none = (*store)->credentialState(QStringLiteral("tok_missing"), QStringLiteral("ses_missing"), 1);
        QVERIFY(none);
        QVERIFY(!none->tokenKnown);
        QVERIFY(none->chain.isEmpty());
        // Migrated to version 4: tokens live on their sessions; the table of version 2 is gone.
        QVERIFY(schemaDump(path).contains(QStringLiteral("token_revoked_at INTEGER NOT NULL DEFAULT 0")));
        QVERIFY(!schemaDump(path).contains(QStringLiteral("table tokens ON tokens")));
        // Migrated to version 5: a tree is walked from its root, with no index on root_id.
        QVERIFY(!schemaDump(path).contains(QStringLiteral("sessions_by_root")));
        // Migrated to version 6: the audit log has no index by agent; the one by session stays.
        QVERIFY(!schemaDump(path).contains(QStringLiteral("audit_by_agent")));
        QVERIFY(schemaDump(path).contains(QStringLiteral("index audit_by_session ON audit_events")));
        // Migrated to version 3: agents from before may_act keep delegating to any agent.
        QCOMPARE(agents->agents.at(0).mayAct, QStringList{QStringLiteral("*")});
        store->reset();
        QVERIFY(schemaDump(path).contains(QStringLiteral("meta schema_version = %1\n").arg(SqliteStore::kSchemaVersion)));
    }

    // Private keys live in the store: it and its WAL files are readable by their owner only,
    // whatever the umask, and a looser store from before is tightened on open.
    void storeFilesArePrivate()
    {
        Fixture f;
        QVERIFY(f.open());
        f.human(QStringLiteral("Ada Lovelace")); // writes, so the -wal and -shm exist
        const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup
                                                | QFileDevice::ReadOther | QFileDevice::WriteOther
                                                | QFileDevice::ExeGroup | QFileDevice::ExeOther;
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            const QString file = f.path + suffix;
            QVERIFY2(QFile::exists(file), qPrintable(file));
            QVERIFY2((QFile::permissions(file) & others) == 0, qPrintable(file));
            QVERIFY((QFile::permissions(file) & ownerOnly) == ownerOnly);
        }
        f.engine.reset();
        f.store.reset();
        QVERIFY(QFile::setPermissions(f.path, ownerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        auto again = SqliteStore::open(f.path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY(again);
        QVERIFY((QFile::permissions(f.path) & others) == 0);
    }

    void refusesAStoreFromANewerVersion()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.store->execForTest(QStringLiteral("UPDATE meta SET value = '99' WHERE key = 'schema_version'")));
        f.engine.reset();
        f.store.reset();
        const QByteArray before = fileDigest(f.path);
        auto store = SqliteStore::open(f.path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY(!store);
        QVERIFY(store.error().code == ErrorCode::StoreTooNew);
        QVERIFY(store.error().message.contains(QStringLiteral("newer version")));
        QCOMPARE(fileDigest(f.path), before);
    }

    void refusesAFileThatIsNotSqlite()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.mandate"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray("These are my notes, not a database.\n").repeated(100));
        file.close();
        const QByteArray before = fileDigest(path);
        for (auto mode : {SqliteStore::OpenMode::OpenExisting, SqliteStore::OpenMode::CreateIfMissing}) {
            auto store = SqliteStore::open(path, mode);
            QVERIFY(!store);
            QVERIFY(store.error().code == ErrorCode::StoreNotMandate);
        }
        QCOMPARE(fileDigest(path), before);
    }

    void refusesAnotherApplicationsSqliteFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.db"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE bookmarks (url TEXT)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO bookmarks VALUES ('https://example.com')")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other"));
        const QByteArray before = fileDigest(path);
        auto store = SqliteStore::open(path, SqliteStore::OpenMode::CreateIfMissing);
        QVERIFY(!store);
        QVERIFY(store.error().code == ErrorCode::StoreNotMandate);
        QVERIFY(store.error().message.contains(QStringLiteral("not a Mandate store")));
        QCOMPARE(fileDigest(path), before);
    }

    void refusesACorruptStore()
    {
        Fixture f;
        QVERIFY(f.open());
        f.human(QStringLiteral("Amara Okafor"));
        f.store->execForTest(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        f.engine.reset();
        f.store.reset();
        // Keep SQLite's header (so it still claims to be a Mandate store) and ruin the rest.
        QFile file(f.path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 size = file.size();
        QVERIFY(size > 4096);
        file.seek(100);
        file.write(QByteArray(size - 100, '\xA5'));
        file.close();
        const QByteArray before = fileDigest(f.path);
        auto store = SqliteStore::open(f.path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY(!store);
        QVERIFY(store.error().code == ErrorCode::StoreCorrupt);
        QVERIFY(store.error().message.contains(QStringLiteral("damaged")));
        QCOMPARE(fileDigest(f.path), before);
    }

    void interruptedBulkLoadIsRefused()
    {
        Fixture f;
        QVERIFY(f.open());
        f.human(QStringLiteral("Amara Okafor"));
        QVERIFY(f.store->setBulkLoad(true));
        // While loading, the store is marked unfinished, durably: another connection sees it.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(f.path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'unfinished_bulk_load'")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("1"));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
        QVERIFY(f.store->setBulkLoad(false));
        // What a killed load leaves behind: the mark is still there.
        QVERIFY(f.store->execForTest(QStringLiteral("INSERT INTO meta(key, value) VALUES ('unfinished_bulk_load', '1')")));
        f.engine.reset();
        f.store.reset();
        auto store = SqliteStore::open(f.path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY(!store);
        QVERIFY(store.error().code == ErrorCode::StoreCorrupt);
        QVERIFY2(store.error().message.contains(QStringLiteral("interrupted")), qPrintable(store.error().message));
    }

    void finishedBulkLoadOpens()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.store->setBulkLoad(true));
        f.human(QStringLiteral("Amara Okafor"));
        QVERIFY(f.store->setBulkLoad(false));
        f.engine.reset();
        f.store.reset();
        auto store = SqliteStore::open(f.path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        QCOMPARE(schemaDumpOf(f.path), schemaDumpOfNewStore());
    }

    void aNewStoreOpensBesideItsCreator()
    {
        Fixture f;
        QVERIFY(f.open());
        f.human(QStringLiteral("Amara Okafor"));
        auto second = SqliteStore::open(f.path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY2(second, second ? "" : qPrintable(second.error().message));
        auto humans = (*second)->humans({});
        QVERIFY(humans);
        QCOMPARE(humans->size(), 1);
    }

    // A store is opened through a URI filename (docs/store.md); its path is the file's name,
    // whatever characters a URI gives a meaning to.
    void aPathIsTakenLiterally()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("a b#c?d=é"));
        QVERIFY(QDir().mkpath(folder));
        const QString path = folder + QStringLiteral("/x%20y&vfs=unix.mandate");
        {
            auto store = SqliteStore::open(path, SqliteStore::OpenMode::CreateIfMissing);
            QVERIFY2(store, store ? "" : qPrintable(store.error().message));
            Human h;
            h.id = QStringLiteral("hum_probe");
            h.name = QStringLiteral("Amara Okafor");
            h.email = QStringLiteral("amara@example.com");
            h.department = QStringLiteral("Finance");
            h.createdAt = 1;
            QVERIFY((*store)->insertHuman(h));
        }
        QCOMPARE(QDir(folder).entryList(QDir::Files), QStringList{QStringLiteral("x%20y&vfs=unix.mandate")});
        QDir previous = QDir::current();
        QDir::setCurrent(dir.path());
        auto relative = SqliteStore::open(QStringLiteral("a b#c?d=é/x%20y&vfs=unix.mandate"),
                                          SqliteStore::OpenMode::OpenExisting);
        QDir::setCurrent(previous.path());
        QVERIFY2(relative, relative ? "" : qPrintable(relative.error().message));
        auto humans = (*relative)->humans({});
        QVERIFY(humans);
        QCOMPARE(humans->size(), 1);
        QCOMPARE(humans->constFirst().name, QStringLiteral("Amara Okafor"));
    }

    void missingStoreIsNotCreatedByOpenExisting()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("absent.mandate"));
        auto store = SqliteStore::open(path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY(!store);
        QVERIFY(store.error().code == ErrorCode::StoreUnavailable);
        QVERIFY(!QFile::exists(path));
        auto inMissingFolder = SqliteStore::open(dir.filePath(QStringLiteral("no/such/folder/x.mandate")),
                                                 SqliteStore::OpenMode::CreateIfMissing);
        QVERIFY(!inMissingFolder);
    }

    void enforcesForeignKeysAndChecks()
    {
        Fixture f;
        QVERIFY(f.open());
        Agent orphan;
        orphan.id = QStringLiteral("agt_orphan");
        orphan.name = QStringLiteral("Orphan");
        orphan.ownerId = QStringLiteral("hum_nobody");
        orphan.purpose = QStringLiteral("None");
        orphan.ceiling = *ScopeSet::parse(u"mail:send");
        auto inserted = f.store->insertAgent(orphan);
        QVERIFY(!inserted);
        QVERIFY(inserted.error().code == ErrorCode::Conflict);
    }

    // A commit that does not wait for its sync is written and seen at once, numbered, and
    // durable once waited for; a plain commit makes every one before it durable.
    void deferredCommitsAreDurableOnceWaitedFor()
    {
        Fixture f;
        QVERIFY(f.open());
        auto addHuman = [&](const QString &id) -> Status {
            Human h;
            h.id = id;
            h.name = id;
            h.email = id + QStringLiteral("@example.com");
            h.department = QStringLiteral("Finance");
            if (auto ok = f.store->begin(); !ok)
                return ok;
            if (auto ok = f.store->insertHuman(h); !ok) {
                f.store->rollback();
                return ok;
            }
            return {};
        };
        auto other = SqliteStore::open(f.path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY(other);

        // (The first commit begins the log again, and syncs its new header at once.)
        QVERIFY(addHuman(QStringLiteral("hum_a")));
        auto first = f.store->commitDeferringSync();
        QVERIFY2(first, qPrintable(first ? QString() : first.error().message));
        QVERIFY((*other)->human(QStringLiteral("hum_a"))->has_value());
        QVERIFY(addHuman(QStringLiteral("hum_b")));
        recorder::start();
        auto second = f.store->commitDeferringSync();
        QVERIFY(second);
        QVERIFY(recorder::count("log-write") >= 1);
        QCOMPARE(recorder::count("log-sync"), 0); // made on the syncer's own descriptor
        QVERIFY(*second > *first);
        QVERIFY(f.store->waitUntilDurable(*second));
        QVERIFY(f.store->waitUntilDurable(*first));

        // The syncing thread stops when idle, and the next commit starts another.
        QTest::qWait(250);
        QVERIFY(addHuman(QStringLiteral("hum_idle")));
        auto afterIdle = f.store->commitDeferringSync();
        QVERIFY(afterIdle);
        QVERIFY(f.store->waitUntilDurable(*afterIdle));

        QVERIFY(addHuman(QStringLiteral("hum_c")));
        auto third = f.store->commitDeferringSync();
        QVERIFY(third);
        QVERIFY(addHuman(QStringLiteral("hum_d")));
        QVERIFY(f.store->commit());
        QVERIFY(f.store->waitUntilDurable(*third));

        // A plain commit that writes nothing still syncs what a deferred one before it owes.
        QVERIFY(addHuman(QStringLiteral("hum_e")));
        auto fourth = f.store->commitDeferringSync();
        QVERIFY(fourth);
        recorder::start();
        QVERIFY(f.store->begin());
        QVERIFY(f.store->commit());
        QCOMPARE(recorder::count("log-sync"), 1);
        QVERIFY(f.store->waitUntilDurable(*fourth));

        // Refused: a number never given.
        auto none = f.store->waitUntilDurable(0);
        QVERIFY(!none);
        QVERIFY(none.error().code == ErrorCode::Internal);
        auto later = f.store->waitUntilDurable(*fourth + 1);
        QVERIFY(!later);
        QVERIFY(later.error().code == ErrorCode::Internal);

        // Many batches, a checkpoint among them (each a few hundred pages of log).
        quint64 last = 0;
        for (int batch = 0; batch < 40; ++batch) {
            QVERIFY(f.store->begin());
            for (int i = 0; i < 25; ++i) {
                Human h;
                h.id = QStringLiteral("hum_%1_%2").arg(batch).arg(i);
                h.name = QString(2000, u'n');
                h.email = h.id + QStringLiteral("@example.com");
                h.department = QStringLiteral("Finance");
                QVERIFY(f.store->insertHuman(h));
            }
            auto committed = f.store->commitDeferringSync();
            QVERIFY(committed);
            if (last)
                QVERIFY(f.store->waitUntilDurable(last));
            last = *committed;
        }
        QVERIFY(f.store->waitUntilDurable(last));
        f.store.reset();
        auto again = SqliteStore::open(f.path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY(again);
        HumanQuery all;
        all.limit = 10000;
        QCOMPARE((*again)->humans(all)->size(), 6 + 40 * 25);
    }

    // A sync that fails is final: the commit it was for is never called durable, and the store
    // takes no more changes, plain or deferred, until it is opened again.
    void aFailedLogSyncStopsTheStore()
    {
        Fixture f;
        QVERIFY(f.open());
        f.human(QStringLiteral("Amara Okafor"));
        f.store->failNextLogSyncForTest(EIO);
        QVERIFY(f.store->begin());
        Human h;
        h.id = QStringLiteral("hum_lost");
        h.name = QStringLiteral("Lost");
        h.email = QStringLiteral("lost@example.com");
        h.department = QStringLiteral("Finance");
        QVERIFY(f.store->insertHuman(h));
        auto committed = f.store->commitDeferringSync();
        QVERIFY(committed);
        auto durable = f.store->waitUntilDurable(*committed);
        QVERIFY(!durable);
        QVERIFY(durable.error().code == ErrorCode::StoreFailed);
        QVERIFY2(durable.error().message.contains(QString::fromLocal8Bit(std::strerror(EIO))),
                 qPrintable(durable.error().message));
        QVERIFY(!f.store->waitUntilDurable(*committed)); // and stays so

        auto refused = f.store->begin();
        QVERIFY(!refused);
        QVERIFY(refused.error().code == ErrorCode::StoreFailed);
        QVERIFY(!f.engine->addHuman(Actor::system(), h));
        // Nor does a checkpoint copy what may not be on the disk.
        recorder::start();
        QVERIFY(!f.store->execForTest(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        QCOMPARE(recorder::count("db-write"), 0);

        f.engine.reset();
        f.store.reset();
        QVERIFY(f.open());
        QVERIFY(f.engine->addHuman(Actor::system(), [] {
            Human n;
            n.name = QStringLiteral("Lars Nilsson");
            n.email = QStringLiteral("lars@example.com");
            n.department = QStringLiteral("Finance");
            return n;
        }()));
    }

    // Opening a session reads its agent and human from rows kept between transactions; what is
    // read must always be what the database holds.
    void sessionRowsAreNeverStale()
    {
        Fixture f;
        QVERIFY(f.open());
        const Human owner = f.human(QStringLiteral("Amara Okafor"));
        const Agent agent = f.agent(QStringLiteral("Ledger"), owner, QStringLiteral("invoices:read"));
        auto read = [&]() -> std::pair<AgentStatus, HumanStatus> {
            auto a = f.store->agentForSession(agent.id);
            auto h = f.store->human(owner.id);
            if (!a || !*a || !h || !*h)
                qFatal("cannot read the agent or the human");
            return {(*a)->status, (*h)->status};
        };
        auto inTransaction = [&](auto work) {
            QVERIFY(f.store->begin());
            work();
            QVERIFY(f.store->commit());
        };
        inTransaction([&] { QVERIFY(read().first == AgentStatus::Active); });

        // This connection's own change, in the same transaction as the read before it.
        inTransaction([&] {
            QVERIFY(read().first == AgentStatus::Active);
            QVERIFY(f.store->updateAgentStatus(agent.id, AgentStatus::Suspended));
            QVERIFY(read().first == AgentStatus::Suspended);
        });
        inTransaction([&] { QVERIFY(read().first == AgentStatus::Suspended); });

        // A change rolled back is gone again, although it was read while it stood.
        QVERIFY(f.store->begin());
        QVERIFY(f.store->updateHumanStatus(owner.id, HumanStatus::Disabled));
        QVERIFY(read().second == HumanStatus::Disabled);
        f.store->rollback();
        inTransaction([&] { QVERIFY(read().second == HumanStatus::Active); });

        // A change committed by another connection, between two transactions of this one.
        {
            auto other = SqliteStore::open(f.path, SqliteStore::OpenMode::OpenExisting);
            QVERIFY2(other, other ? "" : qPrintable(other.error().message));
            QVERIFY((*other)->updateAgentStatus(agent.id, AgentStatus::Active));
            QVERIFY((*other)->updateHumanStatus(owner.id, HumanStatus::Departed));
        }
        inTransaction([&] {
            QVERIFY(read().first == AgentStatus::Active);
            QVERIFY(read().second == HumanStatus::Departed);
        });

        // A change made with plain SQL on this connection.
        QVERIFY(f.store->execForTest(QStringLiteral("UPDATE agents SET ceiling = 'mail:send' WHERE id = '%1'")
                                         .arg(agent.id)));
        inTransaction([&] {
            auto a = f.store->agentForSession(agent.id);
            QVERIFY(a && *a);
            QCOMPARE((*a)->ceiling.toString(), QStringLiteral("mail:send"));
        });

        // And the engine refuses a session at once when another connection suspends the agent.
        QVERIFY(f.store->updateHumanStatus(owner.id, HumanStatus::Active));
        SessionRequest request;
        request.agentId = agent.id;
        request.humanId = owner.id;
        request.task = QStringLiteral("Reconcile");
        request.scopes = *ScopeSet::parse(u"mail:send");
        QVERIFY(f.engine->startSession(Actor::human(owner.id), request));
        {
            auto other = SqliteStore::open(f.path, SqliteStore::OpenMode::OpenExisting);
            QVERIFY(other);
            QVERIFY((*other)->updateAgentStatus(agent.id, AgentStatus::Suspended));
        }
        auto refused = f.engine->startSession(Actor::human(owner.id), request);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("suspended")));
    }

    void auditEventsAreAppendOnly()
    {
        Fixture f;
        QVERIFY(f.open());
        f.human(QStringLiteral("Amara Okafor"));
        QVERIFY(!f.store->execForTest(QStringLiteral("UPDATE audit_events SET actor = 'someone' WHERE seq = 1")));
        QVERIFY(!f.store->execForTest(QStringLiteral("DELETE FROM audit_events WHERE seq = 1")));
    }

    void pagesEverySortOrderByKeyset_data()
    {
        QTest::addColumn<int>("sort");
        QTest::addColumn<bool>("ascending");
        for (AgentSort s : {AgentSort::Name, AgentSort::Owner, AgentSort::Status, AgentSort::Risk, AgentSort::Model,
                            AgentSort::Runtime, AgentSort::Purpose, AgentSort::CreatedAt, AgentSort::LastActive,
                            AgentSort::Id}) {
            QTest::addRow("sort %d asc", int(s)) << int(s) << true;
            QTest::addRow("sort %d desc", int(s)) << int(s) << false;
        }
    }

    void pagesEverySortOrderByKeyset()
    {
        QFETCH(int, sort);
        QFETCH(bool, ascending);
        Fixture &f = inventory();
        AgentQuery query;
        query.sort = static_cast<AgentSort>(sort);
        query.order = ascending ? Qt::AscendingOrder : Qt::DescendingOrder;
        query.limit = 17;
        std::set<QString> seen;
        QList<Agent> all;
        for (int page = 0; page < 100; ++page) {
            auto result = f.store->agents(query);
            QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
            for (const Agent &a : std::as_const(result->agents)) {
                QVERIFY2(seen.insert(a.id).second, qPrintable(QStringLiteral("duplicate %1").arg(a.id)));
                all << a;
            }
            if (!result->next)
                break;
            QCOMPARE(result->agents.size(), 17);
            query.after = result->next;
        }
        QCOMPARE(qsizetype(seen.size()), qsizetype(kInventorySize));
        auto key = [&](const Agent &a) -> std::pair<QVariant, QString> {
            switch (static_cast<AgentSort>(sort)) {
            case AgentSort::Name: return {a.name.toLower(), a.id};
            case AgentSort::Owner: return {a.ownerName.toLower(), a.id};
            case AgentSort::Status: return {int(a.status), a.id};
            case AgentSort::Risk: return {int(a.risk), a.id};
            case AgentSort::Model: return {a.model.display().toLower(), a.id};
            case AgentSort::Runtime: return {a.runtime.toLower(), a.id};
            case AgentSort::Purpose: return {a.purpose.toLower(), a.id};
            case AgentSort::CreatedAt: return {a.createdAt, a.id};
            case AgentSort::LastActive: return {a.lastActiveAt, a.id};
            case AgentSort::Id: return {a.id, a.id};
            }
            return {};
        };
        for (qsizetype i = 1; i < all.size(); ++i) {
            const auto prev = key(all.at(i - 1));
            const auto cur = key(all.at(i));
            const int c = QVariant::compare(prev.first, cur.first) == QPartialOrdering::Less      ? -1
                          : QVariant::compare(prev.first, cur.first) == QPartialOrdering::Greater ? 1
                                                                                                   : 0;
            const int order = c != 0 ? c : (prev.second < cur.second ? -1 : 1);
            QVERIFY2(ascending ? order < 0 : order > 0, qPrintable(QStringLiteral("out of order at %1").arg(i)));
        }
    }

    void filtersInTheStore()
    {
        Fixture &f = inventory();
        auto countOf = [&](const AgentFilter &filter) {
            AgentQuery q;
            q.filter = filter;
            q.limit = 10000;
            auto page = f.store->agents(q);
            auto count = f.store->countAgents(filter);
            if (!page || !count || page->agents.size() != *count)
                return qint64(-1);
            return *count;
        };
        AgentFilter none;
        QCOMPARE(countOf(none), qint64(kInventorySize));

        AgentFilter byText;
        byText.text = QStringLiteral("forecast");
        const qint64 forecasters = countOf(byText);
        QVERIFY(forecasters > 0 && forecasters < kInventorySize);
        QCOMPARE(forecasters, qint64(kInventorySize / 2));
        byText.text = QStringLiteral("FORECASTER pipe"); // case-insensitive word prefixes
        QCOMPARE(countOf(byText), forecasters);
        byText.text = QStringLiteral("forecast okafor"); // every word must match, across columns
        QCOMPARE(countOf(byText), qint64(kInventorySize / 4));
        byText.text = QStringLiteral("forecaster router");
        QCOMPARE(countOf(byText), qint64(0));

        AgentFilter byOwner;
        byOwner.text = QStringLiteral("Okafor");
        QCOMPARE(countOf(byOwner), qint64(kInventorySize / 2));

        AgentFilter suspended;
        suspended.status = AgentStatus::Suspended;
        QCOMPARE(countOf(suspended), qint64(kInventorySize / 10));

        AgentFilter critical;
        critical.risk = RiskTier::Critical;
        QCOMPARE(countOf(critical), qint64(kInventorySize / 4));

        AgentFilter ownerGone;
        ownerGone.owner = OwnerFilter::Gone;
        QCOMPARE(countOf(ownerGone), qint64(kInventorySize / 2));
        AgentFilter hygieneGone;
        hygieneGone.hygiene = HygieneFilter::OwnerGone;
        QCOMPARE(countOf(hygieneGone), qint64(kInventorySize / 2));

        AgentFilter dormant;
        dormant.hygiene = HygieneFilter::Dormant;
        dormant.nowMs = f.clock.nowMs();
        QCOMPARE(countOf(dormant), qint64(kInventorySize - 1)); // only one agent ran a session

        AgentFilter overScoped;
        overScoped.hygiene = HygieneFilter::OverScoped;
        QCOMPARE(countOf(overScoped), qint64(kInventorySize / 2));
    }

    // A word most agents match is answered by walking the sort order; a rare one by sorting its
    // matches. Both must page the same agents in the same order as a filter-free walk.
    void commonAndRareWordsPageAlike()
    {
        Fixture f;
        QVERIFY(f.open());
        const Human owner = f.human(QStringLiteral("Amara Okafor"));
        constexpr int kAgents = 2600;
        QVERIFY(f.engine->transaction([&]() -> Status {
            for (int i = 0; i < kAgents; ++i) {
                Agent a;
                a.name = (i % 13 == 0 ? QStringLiteral("Ticket Router %1") : QStringLiteral("Pipeline Forecaster %1")).arg(i);
                a.ownerId = owner.id;
                a.purpose = QStringLiteral("Purpose %1").arg(i % 7);
                a.ceiling = *ScopeSet::parse(u"a:read");
                if (auto added = f.engine->registerAgent(Actor::system(), a); !added)
                    return std::unexpected(added.error());
            }
            return {};
        }));
        auto walk = [&](const QString &text, Qt::SortOrder order) {
            QStringList ids;
            AgentQuery q;
            q.filter.text = text;
            q.order = order;
            q.limit = 150;
            for (int page = 0; page < 100; ++page) {
                auto result = f.store->agents(q);
                if (!result)
                    return QStringList{QStringLiteral("error: ") + result.error().message};
                for (const Agent &a : std::as_const(result->agents))
                    ids << a.name;
                if (!result->next)
                    break;
                q.after = result->next;
            }
            return ids;
        };
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            const QStringList all = walk(QString(), order);
            QCOMPARE(all.size(), kAgents);
            QStringList expectCommon;
            QStringList expectRare;
            for (const QString &name : all)
                (name.startsWith(QStringLiteral("Pipeline")) ? expectCommon : expectRare) << name;
            QVERIFY(expectCommon.size() > 2000); // takes the walking plan
            QVERIFY(expectRare.size() < 2000);   // takes the sorting plan
            QCOMPARE(walk(QStringLiteral("forecaster"), order), expectCommon);
            QCOMPARE(walk(QStringLiteral("router"), order), expectRare);
        }
    }

    void hostileSearchTextIsInert_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("quote") << QStringLiteral("\"");
        QTest::newRow("fts syntax") << QStringLiteral("NEAR(a b) OR x* -y ^z");
        QTest::newRow("sql") << QStringLiteral("'; DROP TABLE agents; --");
        QTest::newRow("column filter") << QStringLiteral("name:forecast");
        QTest::newRow("only punctuation") << QStringLiteral("*** ((( ");
        QTest::newRow("long") << QString(5000, u'x');
        QTest::newRow("unicode") << QStringLiteral("Øyvind 王 🤖");
    }

    void hostileSearchTextIsInert()
    {
        QFETCH(QString, text);
        Fixture &f = inventory();
        AgentQuery q;
        q.filter.text = text;
        auto page = f.store->agents(q);
        QVERIFY2(page, qPrintable(page ? QString() : page.error().message));
        auto count = f.store->countAgents(q.filter);
        QVERIFY(count);
        auto all = f.store->countAgents({});
        QVERIFY(all);
        QCOMPARE(*all, qint64(kInventorySize));
    }

private:
    static constexpr int kInventorySize = 40;

    // 40 agents: "Pipeline Forecaster n" (i % 4 < 2) and "Ticket Router n"; the even ones are
    // Amara's, who has left, and have a wide ceiling they never use; risk is i % 4; every tenth
    // is suspended; only agent 1 has run a session in the last 30 days.
    Fixture &inventory()
    {
        if (m_inventory)
            return *m_inventory;
        m_inventory = std::make_unique<Fixture>();
        Fixture &f = *m_inventory;
        if (!f.open())
            qFatal("cannot open fixture");
        const Human amara = f.human(QStringLiteral("Amara Okafor"));
        const Human lars = f.human(QStringLiteral("Lars Nilsson"));
        QStringList names;
        for (int i = 0; i < kInventorySize; ++i) {
            Agent a;
            const bool first = i % 2 == 0;
            a.name = (i % 4 < 2 ? QStringLiteral("Pipeline Forecaster %1") : QStringLiteral("Ticket Router %1")).arg(i);
            a.ownerId = first ? amara.id : lars.id;
            a.purpose = QStringLiteral("Purpose number %1").arg(kInventorySize - i);
            a.model = ModelInfo{i % 3 == 0 ? QStringLiteral("OpenAI") : QStringLiteral("Anthropic"),
                                QStringLiteral("model-%1").arg(i % 5), QStringLiteral("v1")};
            a.runtime = i % 2 ? QStringLiteral("aws-lambda") : QStringLiteral("k8s/prod");
            a.risk = static_cast<RiskTier>(i % 4);
            a.ceiling = first ? *ScopeSet::parse(u"a:read a:write b:read b:write c:read") : *ScopeSet::parse(u"a:read");
            f.clock.advanceMs(1000);
            auto added = f.engine->registerAgent(Actor::system(), a);
            if (!added)
                qFatal("register: %s", qPrintable(added.error().message));
            if (i % 10 == 3)
                f.engine->setAgentStatus(Actor::system(), added->id, AgentStatus::Suspended, QStringLiteral("test"));
            names << added->id;
        }
        f.clock.advanceMs(40LL * 24 * 3600 * 1000);
        auto one = f.engine->openSession(Actor::human(lars.id),
                                         {names.at(1), lars.id, {}, QStringLiteral("Route tickets"),
                                          *ScopeSet::parse(u"a:read"), 0});
        if (!one)
            qFatal("session: %s", qPrintable(one.error().message));
        f.engine->setHumanStatus(Actor::system(), amara.id, HumanStatus::Departed, QStringLiteral("left"));
        return f;
    }

    std::unique_ptr<Fixture> m_inventory;
};

QTEST_GUILESS_MAIN(TestSqliteStore)
#include "tst_sqlitestore.moc"
