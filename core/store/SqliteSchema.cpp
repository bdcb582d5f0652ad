#include "SqliteSchema.h"

namespace mandate::sqlite {

// Version 1: the domain of DESIGN section 2. Text shown to people sorts without regard to
// case (NOCASE), and every sortable inventory column has an index (column, id) so that the
// console pages any sort order by keyset. Enumerations are stored as small integers in the
// order of their C++ declaration (risk low=0 .. critical=3).
static const Migration kV1{1, {
    R"(CREATE TABLE humans (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL COLLATE NOCASE,
        email       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        department  TEXT NOT NULL,
        status      INTEGER NOT NULL CHECK (status BETWEEN 0 AND 2),
        roles       INTEGER NOT NULL DEFAULT 0 CHECK (roles BETWEEN 0 AND 7),
        created_at  INTEGER NOT NULL
    ))",
    "CREATE INDEX humans_by_name ON humans(name, id)",

    R"(CREATE TABLE agents (
        n               INTEGER PRIMARY KEY,
        id              TEXT NOT NULL UNIQUE,
        name            TEXT NOT NULL COLLATE NOCASE,
        owner_id        TEXT NOT NULL REFERENCES humans(id),
        owner_name      TEXT NOT NULL COLLATE NOCASE,
        purpose         TEXT NOT NULL COLLATE NOCASE CHECK (length(purpose) > 0),
        model_provider  TEXT NOT NULL,
        model_name      TEXT NOT NULL,
        model_version   TEXT NOT NULL,
        model           TEXT NOT NULL COLLATE NOCASE,
        runtime         TEXT NOT NULL COLLATE NOCASE,
        risk            INTEGER NOT NULL CHECK (risk BETWEEN 0 AND 3),
        status          INTEGER NOT NULL CHECK (status BETWEEN 0 AND 2),
        ceiling         TEXT NOT NULL,
        ceiling_count   INTEGER NOT NULL,
        used_scopes     TEXT NOT NULL DEFAULT '',
        used_count      INTEGER NOT NULL DEFAULT 0,
        spiffe_id       TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        last_active_at  INTEGER NOT NULL DEFAULT 0
    ))",
    "CREATE INDEX agents_by_name ON agents(name, id)",
    "CREATE INDEX agents_by_owner_name ON agents(owner_name, id)",
    "CREATE INDEX agents_by_owner ON agents(owner_id)",
    "CREATE INDEX agents_by_status ON agents(status, id)",
    "CREATE INDEX agents_by_risk ON agents(risk, id)",
    "CREATE INDEX agents_by_model ON agents(model, id)",
    "CREATE INDEX agents_by_runtime ON agents(runtime, id)",
    "CREATE INDEX agents_by_purpose ON agents(purpose, id)",
    "CREATE INDEX agents_by_created ON agents(created_at, id)",
    "CREATE INDEX agents_by_last_active ON agents(last_active_at, id)",
    // Word-prefix search over what an admin types: name, owner, purpose, model. The index
    // holds no copy of the text (external content), kept current by the triggers below.
    R"(CREATE VIRTUAL TABLE agents_search USING fts5(
        name, owner_name, purpose, model,
        content='agents', content_rowid='n',
        tokenize='unicode61 remove_diacritics 2', prefix='2'))",
    R"(CREATE TRIGGER agents_search_insert AFTER INSERT ON agents BEGIN
        INSERT INTO agents_search(rowid, name, owner_name, purpose, model)
        VALUES (new.n, new.name, new.owner_name, new.purpose, new.model);
    END)",
    R"(CREATE TRIGGER agents_search_delete AFTER DELETE ON agents BEGIN
        INSERT INTO agents_search(agents_search, rowid, name, owner_name, purpose, model)
        VALUES ('delete', old.n, old.name, old.owner_name, old.purpose, old.model);
    END)",
    R"(CREATE TRIGGER agents_search_update AFTER UPDATE OF name, owner_name, purpose, model ON agents BEGIN
        INSERT INTO agents_search(agents_search, rowid, name, owner_name, purpose, model)
        VALUES ('delete', old.n, old.name, old.owner_name, old.purpose, old.model);
        INSERT INTO agents_search(rowid, name, owner_name, purpose, model)
        VALUES (new.n, new.name, new.owner_name, new.purpose, new.model);
    END)",

    R"(CREATE TABLE agent_sponsors (
        agent_id  TEXT NOT NULL REFERENCES agents(id),
        human_id  TEXT NOT NULL REFERENCES humans(id),
        PRIMARY KEY (agent_id, human_id)
    ) WITHOUT ROWID)",

    R"(CREATE TABLE sessions (
        n               INTEGER PRIMARY KEY,
        id              TEXT NOT NULL UNIQUE,
        agent_id        TEXT NOT NULL REFERENCES agents(id),
        human_id        TEXT NOT NULL REFERENCES humans(id),
        parent_id       TEXT REFERENCES sessions(id),
        root_id         TEXT NOT NULL,
        task            TEXT NOT NULL,
        scopes          TEXT NOT NULL,
        depth           INTEGER NOT NULL CHECK (depth >= 0),
        issued_at       INTEGER NOT NULL,
        expires_at      INTEGER NOT NULL CHECK (expires_at > issued_at),
        status          INTEGER NOT NULL CHECK (status BETWEEN 0 AND 2),
        revoked_at      INTEGER NOT NULL DEFAULT 0,
        revoked_reason  TEXT NOT NULL DEFAULT ''
    ))",
    "CREATE INDEX sessions_by_agent ON sessions(agent_id, issued_at)",
    "CREATE INDEX sessions_by_human ON sessions(human_id, issued_at)",
    "CREATE INDEX sessions_by_parent ON sessions(parent_id) WHERE parent_id IS NOT NULL",
    "CREATE INDEX sessions_by_root ON sessions(root_id)",
    "CREATE INDEX sessions_active ON sessions(expires_at) WHERE status = 0",

    R"(CREATE TABLE stepup_requests (
        id               TEXT PRIMARY KEY,
        session_id       TEXT NOT NULL REFERENCES sessions(id),
        agent_id         TEXT NOT NULL REFERENCES agents(id),
        human_id         TEXT NOT NULL REFERENCES humans(id),
        action           TEXT NOT NULL,
        resource         TEXT NOT NULL,
        context          TEXT NOT NULL DEFAULT '{}',
        policy_id        TEXT NOT NULL,
        reason           TEXT NOT NULL,
        binding_message  TEXT NOT NULL,
        status           INTEGER NOT NULL CHECK (status BETWEEN 0 AND 4),
        approver_id      TEXT REFERENCES humans(id),
        created_at       INTEGER NOT NULL,
        decided_at       INTEGER NOT NULL DEFAULT 0,
        decision_reason  TEXT NOT NULL DEFAULT '',
        expires_at       INTEGER NOT NULL
    ))",
    "CREATE INDEX stepup_by_status ON stepup_requests(status, created_at)",
    "CREATE INDEX stepup_by_session ON stepup_requests(session_id)",

    R"(CREATE TABLE policy_versions (
        version     INTEGER PRIMARY KEY,
        text        TEXT NOT NULL,
        author      TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        comment     TEXT NOT NULL DEFAULT '',
        live        INTEGER NOT NULL DEFAULT 0 CHECK (live IN (0, 1))
    ))",
    "CREATE UNIQUE INDEX policy_versions_live ON policy_versions(live) WHERE live = 1",

    // Append-only: no foreign keys (the trail outlives what it names), and triggers refuse
    // updates and deletes. Anyone with the file can drop them; the hash chain is what proves
    // the trail intact.
    R"(CREATE TABLE audit_events (
        seq             INTEGER PRIMARY KEY,
        time            INTEGER NOT NULL,
        type            TEXT NOT NULL,
        actor           TEXT NOT NULL,
        agent_id        TEXT NOT NULL DEFAULT '',
        session_id      TEXT NOT NULL DEFAULT '',
        human_id        TEXT NOT NULL DEFAULT '',
        scopes          TEXT NOT NULL DEFAULT '',
        action          TEXT NOT NULL DEFAULT '',
        resource        TEXT NOT NULL DEFAULT '',
        decision        TEXT NOT NULL DEFAULT '',
        policies        TEXT NOT NULL DEFAULT '',
        model_version   TEXT NOT NULL DEFAULT '',
        task            TEXT NOT NULL DEFAULT '',
        source_address  TEXT NOT NULL DEFAULT '',
        detail          TEXT NOT NULL DEFAULT '',
        prev_hash       TEXT NOT NULL,
        hash            TEXT NOT NULL
    ))",
    "CREATE INDEX audit_by_session ON audit_events(session_id, seq) WHERE session_id != ''",
    "CREATE INDEX audit_by_agent ON audit_events(agent_id, seq) WHERE agent_id != ''",
    "CREATE INDEX audit_by_time ON audit_events(time)",
    R"(CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN
        SELECT RAISE(ABORT, 'audit events are append-only');
    END)",
    R"(CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN
        SELECT RAISE(ABORT, 'audit events are append-only');
    END)",
}};

// Version 2: credentials. Signing keys live in the store, private halves included,
// which is why the store file is created readable by its owner only (SqliteStore::open). A
// retired key stays published until not_after, when the last token it could have signed has
// expired. Tokens are recorded by jti so that one token can be revoked without its session;
// a session's tokens are found by tokens_by_session for the blast radius (until version 4).
static const Migration kV2{2, {
    R"(CREATE TABLE signing_keys (
        kid          TEXT PRIMARY KEY,
        alg          TEXT NOT NULL,
        private_jwk  TEXT NOT NULL,
        public_jwk   TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        retired_at   INTEGER NOT NULL DEFAULT 0,
        not_after    INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID)",
    // At most one current (unretired) key, even with two processes racing to create one.
    "CREATE UNIQUE INDEX signing_keys_current ON signing_keys(retired_at) WHERE retired_at = 0",

    R"(CREATE TABLE tokens (
        jti         TEXT PRIMARY KEY,
        session_id  TEXT NOT NULL REFERENCES sessions(id),
        issued_at   INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL,
        revoked_at  INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID)",
    "CREATE INDEX tokens_by_session ON tokens(session_id, expires_at)",

    // Revocation walks a subtree by parent; with the child's id in the index the walk never
    // reads the table (a 10,000-session subtree in a few milliseconds). It serves every lookup
    // sessions_by_parent did, so it replaces it.
    "CREATE INDEX sessions_tree ON sessions(parent_id, id) WHERE parent_id IS NOT NULL",
    "DROP INDEX sessions_by_parent",
}};

// Version 3: who may act below an agent (RFC 8693 may_act). The agent ids that may hold a
// sub-agent session delegated by one of this agent's sessions, space-separated, or "*" for
// any agent; an agent may always delegate to another run of itself. Agents registered before
// this version keep the behaviour they had: any agent ("*"). New ones name theirs.
static const Migration kV3{3, {
    "ALTER TABLE agents ADD COLUMN may_act TEXT NOT NULL DEFAULT '*'",
}};

// Version 4: a session's token is recorded on the session. A session is issued exactly one
// token, when it is opened (a sub-agent gets a session of its own by token exchange), so the
// token's id and its own revocation are two columns of the session's row rather than a table
// and an index of their own: issuing a token writes nothing beyond the session, and
// introspection reads the token's state from the row it reads anyway. A session opened
// without a token (the demo's recorded history) has an empty jti. Tokens recorded by version 2
// and 3 move onto their sessions.
static const Migration kV4{4, {
    "ALTER TABLE sessions ADD COLUMN jti TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE sessions ADD COLUMN token_revoked_at INTEGER NOT NULL DEFAULT 0",
    "UPDATE sessions SET jti = t.jti, token_revoked_at = t.revoked_at FROM tokens t WHERE t.session_id = sessions.id",
    "DROP TABLE tokens",
}};

// Version 5: a session tree is found by walking sessions_tree down from its root, which
// revocation does anyway, rather than by an index of its own on root_id: every session opened
// wrote one more index entry for a lookup only the delegation view makes.
static const Migration kV5{5, {
    "DROP INDEX sessions_by_root",
}};

// Version 6: no index on the audit log's agent. No query reads the log by agent (an agent's
// history is read through its sessions, and the activity view by time), yet every event that
// names an agent, each session start among them, wrote an entry to it.
static const Migration kV6{6, {
    "DROP INDEX audit_by_agent",
}};

const QList<Migration> &migrations()
{
    static const QList<Migration> all{kV1, kV2, kV3, kV4, kV5, kV6};
    return all;
}

} // namespace mandate::sqlite
