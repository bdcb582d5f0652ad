#include "LiveSessionModel.h"

#include "../Async.h"
#include "../Labels.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTimer>

namespace mandate::ui {

namespace {

qint64 parseTime(const QString &iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

QString decisionAction(const AuditEvent &e)
{
    if (e.action.isEmpty())
        return e.type;
    return e.decision.isEmpty() ? e.action : QStringLiteral("%1 \u2192 %2").arg(e.action, e.decision);
}

} // namespace

QString formatTimeLeft(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("0:00");
    const qint64 s = ms / 1000;
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString LiveSessionModel::lastActionText(const QString &raw)
{
    // The backend says "action → decision" or an event type, in wire names.
    if (raw == QLatin1StringView("session.started"))
        return tr("started by a person");
    if (raw == QLatin1StringView("session.delegated"))
        return tr("started by its parent");
    const qsizetype arrow = raw.indexOf(QStringLiteral(" \u2192 "));
    if (arrow < 0)
        return raw;
    const QString decision = raw.mid(arrow + 3);
    QString shown = decision;
    if (decision == QLatin1StringView("allow"))
        shown = tr("allowed");
    else if (decision == QLatin1StringView("deny"))
        shown = tr("denied");
    else if (decision == QLatin1StringView("step_up"))
        shown = tr("needs approval");
    return raw.left(arrow) + QStringLiteral(" \u2192 ") + shown;
}

LiveSessionModel::LiveSessionModel(Backend &backend, QObject *parent)
    : QAbstractTableModel(parent), m_backend(backend), m_clock(new QTimer(this))
{
    connect(&m_backend, &Backend::eventsCommitted, this, &LiveSessionModel::applyEvents);
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, &LiveSessionModel::tick);
}

LiveSessionModel::~LiveSessionModel() = default;

int LiveSessionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LiveSessionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void LiveSessionModel::load()
{
    const quint64 generation = ++m_generation;
    m_loading = true;
    onResult(m_backend.liveSessions(kLoadLimit), this,
             [this, generation](const Result<QList<SessionInfo>> &sessions) {
                 if (generation != m_generation)
                     return;
                 m_loading = false;
                 if (!sessions) {
                     Q_EMIT errorOccurred(sessions.error().message);
                     Q_EMIT loaded();
                     return;
                 }
                 beginResetModel();
                 m_rows = *sessions;
                 const qint64 now = m_backend.nowMs();
                 m_rows.removeIf([now, this](const SessionInfo &s) {
                     return s.session.expiresAt <= now || m_gone.contains(s.session.id);
                 });
                 for (const SessionInfo &s : std::as_const(m_rows)) {
                     m_agentNames.insert(s.session.agentId, s.agentName);
                     m_humanNames.insert(s.session.humanId, s.humanName);
                 }
                 rebuildIndex();
                 endResetModel();
                 m_loaded = true;
                 m_gone.clear();
                 // What happened while the snapshot was read, in order; inserts of sessions
                 // the snapshot already holds are skipped.
                 const auto early = std::exchange(m_early, {});
                 for (const auto &batch : early)
                     applyEvents(batch);
                 m_clock->start();
                 Q_EMIT loaded();
             });
}

void LiveSessionModel::rebuildIndex()
{
    m_rowOf.clear();
    m_rowOf.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowOf.insert(m_rows.at(i).session.id, i);
}

void LiveSessionModel::applyEvents(const QList<AuditEvent> &events)
{
    if (!m_loaded) {
        if (m_loading) {
            m_early << events;
            // A revocation must not be undone by a snapshot read before it.
            for (const AuditEvent &e : events) {
                if (e.type == QLatin1StringView("session.revoked"))
                    m_gone.insert(e.sessionId);
            }
        }
        return;
    }
    QList<SessionInfo> started;
    QStringList unnamed;
    QSet<QString> revokedRoots;
    QSet<QString> revokedAgents;
    QSet<QString> revokedHumans;
    int firstChanged = INT_MAX;
    int lastChanged = -1;
    QHash<QString, int> startedIndex;
    for (const AuditEvent &e : events) {
        if (e.type == QLatin1StringView("session.started") || e.type == QLatin1StringView("session.delegated")) {
            if (m_rowOf.contains(e.sessionId) || startedIndex.contains(e.sessionId))
                continue;
            const QJsonObject detail = QJsonDocument::fromJson(e.detail.toUtf8()).object();
            SessionInfo s;
            s.session.id = e.sessionId;
            s.session.agentId = e.agentId;
            s.session.humanId = e.humanId;
            s.session.parentId = detail.value(QLatin1StringView("parent")).toString();
            s.session.task = e.task;
            s.session.scopes = ScopeSet(e.scopes.split(u' ', Qt::SkipEmptyParts));
            s.session.depth = detail.value(QLatin1StringView("depth")).toInt();
            s.session.issuedAt = e.time;
            s.session.expiresAt = parseTime(detail.value(QLatin1StringView("expires_at")).toString());
            s.agentName = m_agentNames.value(e.agentId);
            s.humanName = m_humanNames.value(e.humanId);
            s.lastAction = e.type;
            s.lastActionAt = e.time;
            if (s.agentName.isEmpty() || s.humanName.isEmpty())
                unnamed << s.session.id;
            startedIndex.insert(s.session.id, int(started.size()));
            started << s;
        } else if (e.type == QLatin1StringView("session.revoked")) {
            revokedRoots.insert(e.sessionId);
        } else if (e.type == QLatin1StringView("agent.sessions_revoked")) {
            revokedAgents.insert(e.agentId);
        } else if (e.type == QLatin1StringView("human.delegations_revoked")) {
            revokedHumans.insert(e.humanId);
        } else if (!e.sessionId.isEmpty()) {
            // A decision, a step-up, a token revoked by itself: the session's last action.
            if (auto it = startedIndex.constFind(e.sessionId); it != startedIndex.constEnd()) {
                started[*it].lastAction = decisionAction(e);
                started[*it].lastActionAt = e.time;
            } else if (const int row = m_rowOf.value(e.sessionId, -1); row >= 0) {
                m_rows[row].lastAction = decisionAction(e);
                m_rows[row].lastActionAt = e.time;
                firstChanged = qMin(firstChanged, row);
                lastChanged = qMax(lastChanged, row);
            }
        }
    }
    if (lastChanged >= 0)
        Q_EMIT dataChanged(index(firstChanged, LastAction), index(lastChanged, LastAction),
                           {Qt::DisplayRole, Qt::ToolTipRole, RawRole});
    insertSessions(std::move(started));
    if (!revokedRoots.isEmpty() || !revokedAgents.isEmpty() || !revokedHumans.isEmpty()) {
        // Everything below a revoked session goes with it, whoever its agent is.
        QSet<QString> roots = revokedRoots;
        for (const SessionInfo &s : std::as_const(m_rows)) {
            if (revokedAgents.contains(s.session.agentId) || revokedHumans.contains(s.session.humanId))
                roots.insert(s.session.id);
        }
        removeSubtrees(roots);
    }
    if (!unnamed.isEmpty())
        resolveNames(unnamed);
}

void LiveSessionModel::insertSessions(QList<SessionInfo> sessions)
{
    const qint64 now = m_backend.nowMs();
    sessions.removeIf([now](const SessionInfo &s) { return s.session.expiresAt <= now; });
    if (sessions.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(sessions.size()) - 1);
    for (SessionInfo &s : sessions) {
        m_rowOf.insert(s.session.id, int(m_rows.size()));
        m_rows << std::move(s);
    }
    endInsertRows();
}

void LiveSessionModel::removeSubtrees(const QSet<QString> &roots)
{
    if (roots.isEmpty())
        return;
    QHash<QString, QStringList> children;
    for (const SessionInfo &s : std::as_const(m_rows)) {
        if (!s.session.parentId.isEmpty())
            children[s.session.parentId] << s.session.id;
    }
    QSet<QString> doomed;
    QStringList stack(roots.cbegin(), roots.cend());
    while (!stack.isEmpty()) {
        const QString id = stack.takeLast();
        if (doomed.contains(id))
            continue;
        doomed.insert(id);
        stack << children.value(id);
    }
    removeWhere([&doomed](const SessionInfo &s) { return doomed.contains(s.session.id); });
}

void LiveSessionModel::removeWhere(const std::function<bool(const SessionInfo &)> &match)
{
    // From the end, one beginRemoveRows per contiguous run: the rows above keep their numbers.
    bool removed = false;
    int row = int(m_rows.size()) - 1;
    while (row >= 0) {
        if (!match(m_rows.at(row))) {
            --row;
            continue;
        }
        const int last = row;
        while (row - 1 >= 0 && match(m_rows.at(row - 1)))
            --row;
        beginRemoveRows(QModelIndex(), row, last);
        m_rows.remove(row, last - row + 1);
        endRemoveRows();
        removed = true;
        --row;
    }
    if (removed)
        rebuildIndex();
}

void LiveSessionModel::tick()
{
    const qint64 now = m_backend.nowMs();
    removeWhere([now](const SessionInfo &s) { return s.session.expiresAt <= now; });
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, TimeLeft), index(int(m_rows.size()) - 1, TimeLeft), {Qt::DisplayRole, RawRole});
}

void LiveSessionModel::resolveNames(const QStringList &sessionIds)
{
    onResult(m_backend.sessionsById(sessionIds), this, [this](const Result<QList<SessionInfo>> &infos) {
        if (!infos)
            return;
        int first = INT_MAX;
        int last = -1;
        for (const SessionInfo &info : *infos) {
            m_agentNames.insert(info.session.agentId, info.agentName);
            m_humanNames.insert(info.session.humanId, info.humanName);
            const int row = m_rowOf.value(info.session.id, -1);
            if (row < 0)
                continue;
            m_rows[row].agentName = info.agentName;
            m_rows[row].humanName = info.humanName;
            m_rows[row].session.rootId = info.session.rootId;
            first = qMin(first, row);
            last = qMax(last, row);
        }
        // Names of other new rows with the same agent or human, learnt by this answer.
        for (int row = 0; row < m_rows.size(); ++row) {
            SessionInfo &s = m_rows[row];
            if (s.agentName.isEmpty() || s.humanName.isEmpty()) {
                s.agentName = m_agentNames.value(s.session.agentId, s.agentName);
                s.humanName = m_humanNames.value(s.session.humanId, s.humanName);
                first = qMin(first, row);
                last = qMax(last, row);
            }
        }
        if (last >= 0)
            Q_EMIT dataChanged(index(first, Agent), index(last, Human), {Qt::DisplayRole, Qt::ToolTipRole, RawRole});
    });
}

QVariant LiveSessionModel::display(const SessionInfo &s, int column) const
{
    switch (column) {
    case Agent:
        return s.agentName.isEmpty() ? s.session.agentId : s.agentName;
    case Task:
        return s.session.task;
    case Human:
        return s.humanName.isEmpty() ? s.session.humanId : s.humanName;
    case Depth:
        return s.session.depth == 0 ? tr("root") : QLocale().toString(s.session.depth);
    case Scopes:
        return s.session.scopes.toString();
    case TimeLeft:
        return formatTimeLeft(s.session.expiresAt - m_backend.nowMs());
    case LastAction:
        return lastActionText(s.lastAction);
    case Issued:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(s.session.issuedAt), QLocale::ShortFormat);
    case Id:
        return s.session.id;
    default:
        return {};
    }
}

QVariant LiveSessionModel::raw(const SessionInfo &s, int column) const
{
    switch (column) {
    case Depth:
        return s.session.depth;
    case Scopes:
        return qint64(s.session.scopes.size());
    case TimeLeft:
        return s.session.expiresAt;
    case LastAction:
        return s.lastActionAt;
    case Issued:
        return s.session.issuedAt;
    default:
        return display(s, column);
    }
}

QVariant LiveSessionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SessionInfo &s = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(s, index.column());
    case RawRole:
        return raw(s, index.column());
    case SessionIdRole:
        return s.session.id;
    case AgentIdRole:
        return s.session.agentId;
    case HumanIdRole:
        return s.session.humanId;
    case ExpiresAtRole:
        return s.session.expiresAt;
    case Qt::ToolTipRole:
        if (index.column() == Scopes)
            return s.session.scopes.values().join(u'\n');
        if (index.column() == TimeLeft)
            return Labels::longDateTime(s.session.expiresAt);
        if (index.column() == Task || index.column() == LastAction)
            return display(s, index.column());
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == TimeLeft)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (index.column() == Depth)
            return int(Qt::AlignCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == TimeLeft && s.session.expiresAt - m_backend.nowMs() < 60 * 1000)
            return QColor(0xb2, 0x6a, 0x00);
        return {};
    case Qt::DecorationRole:
        if (index.column() == Agent)
            return Labels::dot(Labels::color(SessionStatus::Active));
        return {};
    default:
        return {};
    }
}

QVariant LiveSessionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Agent:
        return tr("Agent");
    case Task:
        return tr("Task");
    case Human:
        return tr("On behalf of");
    case Depth:
        return tr("Depth");
    case Scopes:
        return tr("Scopes");
    case TimeLeft:
        return tr("Time left");
    case LastAction:
        return tr("Last action");
    case Issued:
        return tr("Issued");
    case Id:
        return tr("Session");
    default:
        return {};
    }
}

void LiveSessionModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

} // namespace mandate::ui
