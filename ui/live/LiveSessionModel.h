#pragma once

#include <backend/Backend.h>

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

class QTimer;

namespace mandate::ui {

// "4:05", "1:02:09": what a session has left, for counting down.
QString formatTimeLeft(qint64 ms);

// Every live session, kept current from the engine's committed events: a started or
// delegated session is inserted from its event at once (names follow from the backend), a
// revoked one leaves with its whole subtree, an agent's or a human's revocation takes all of
// theirs, a decision updates the last action. Expiry is time, not a write: a clock tick
// removes what has run out and counts down the rest. No reset after the first load; changes of
// one batch are one insert, one dataChanged span, and removals in contiguous runs.
class LiveSessionModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Agent, Task, Human, Depth, Scopes, TimeLeft, LastAction, Issued, Id, ColumnCount };
    enum Role { RawRole = Qt::UserRole + 1, SessionIdRole, AgentIdRole, HumanIdRole, ExpiresAtRole };

    static constexpr int kLoadLimit = 20000;

    explicit LiveSessionModel(Backend &backend, QObject *parent = nullptr);
    ~LiveSessionModel() override;
    Q_DISABLE_COPY_MOVE(LiveSessionModel)

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Loads the live sessions (once; later calls load again, the only reset).
    void load();
    bool isLoaded() const { return m_loaded; }
    bool isLoading() const { return m_loading; }

    const SessionInfo &sessionAt(int row) const { return m_rows.at(row); }
    int rowOfSession(const QString &id) const { return m_rowOf.value(id, -1); }

    // Applies committed engine events; public for the benchmark and tests.
    void applyEvents(const QList<AuditEvent> &events);
    // Removes what has expired and refreshes the time left (the clock tick calls it).
    void tick();

    void retranslate();
    // "payments:refund → denied", "started by a person": the last action as people read it.
    static QString lastActionText(const QString &raw);

Q_SIGNALS:
    void loaded();
    void errorOccurred(const QString &message);

private:
    void insertSessions(QList<SessionInfo> sessions);
    void removeWhere(const std::function<bool(const SessionInfo &)> &match);
    void removeSubtrees(const QSet<QString> &roots);
    void rebuildIndex();
    void resolveNames(const QStringList &sessionIds);
    QVariant display(const SessionInfo &s, int column) const;
    QVariant raw(const SessionInfo &s, int column) const;

    Backend &m_backend;
    QList<SessionInfo> m_rows;
    QHash<QString, int> m_rowOf;
    QHash<QString, QString> m_agentNames;
    QHash<QString, QString> m_humanNames;
    QList<QList<AuditEvent>> m_early; // events that arrived while the first load ran
    QSet<QString> m_gone;             // revoked while their names or the load were on the way
    QTimer *m_clock;
    quint64 m_generation = 0;
    bool m_loaded = false;
    bool m_loading = false;
};

} // namespace mandate::ui
