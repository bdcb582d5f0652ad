#include "AgentTableModel.h"

#include "../Async.h"
#include "../Labels.h"
#include "../Theme.h"

#include <QFont>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFontDatabase>
#include <QLocale>

namespace mandate::ui {

AgentTableModel::AgentTableModel(Backend &backend, QObject *parent)
    : QAbstractTableModel(parent)
    , m_backend(backend)
{
    connect(&m_backend, &Backend::eventsCommitted, this, &AgentTableModel::applyEvents);
}

AgentTableModel::~AgentTableModel() = default;

void AgentTableModel::applyEvents(const QList<AuditEvent> &events)
{
    // A status change shows in its row at once; the row stays where it is even if the filter
    // would no longer select it, so that the admin's selection does not jump.
    for (const AuditEvent &e : events) {
        if (e.type != QLatin1StringView("agent.status_changed"))
            continue;
        const int row = rowOfAgent(e.agentId);
        if (row < 0)
            continue;
        const QString to = QJsonDocument::fromJson(e.detail.toUtf8()).object().value(QLatin1StringView("to")).toString();
        if (const auto status = agentStatusFromString(to)) {
            m_rows[row].status = *status;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
}

int AgentTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AgentTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::optional<AgentSort> AgentTableModel::sortForColumn(int column)
{
    switch (column) {
    case Name:
        return AgentSort::Name;
    case Owner:
        return AgentSort::Owner;
    case Status:
        return AgentSort::Status;
    case Risk:
        return AgentSort::Risk;
    case Model:
        return AgentSort::Model;
    case Runtime:
        return AgentSort::Runtime;
    case Purpose:
        return AgentSort::Purpose;
    case Created:
        return AgentSort::CreatedAt;
    case LastActive:
        return AgentSort::LastActive;
    case Id:
        return AgentSort::Id;
    // The store has no index over the size of the ceiling, and sorting a page in memory would
    // be wrong for every page but the first: the column is not sortable.
    case Ceiling:
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

int AgentTableModel::columnForSort(AgentSort sort)
{
    switch (sort) {
    case AgentSort::Name:
        return Name;
    case AgentSort::Owner:
        return Owner;
    case AgentSort::Status:
        return Status;
    case AgentSort::Risk:
        return Risk;
    case AgentSort::Model:
        return Model;
    case AgentSort::Runtime:
        return Runtime;
    case AgentSort::Purpose:
        return Purpose;
    case AgentSort::CreatedAt:
        return Created;
    case AgentSort::LastActive:
        return LastActive;
    case AgentSort::Id:
        return Id;
    }
    return Name;
}

QString AgentTableModel::columnKey(int column)
{
    switch (column) {
    case Name:
        return QStringLiteral("name");
    case Owner:
        return QStringLiteral("owner");
    case Status:
        return QStringLiteral("status");
    case Risk:
        return QStringLiteral("risk");
    case Model:
        return QStringLiteral("model");
    case Runtime:
        return QStringLiteral("runtime");
    case Purpose:
        return QStringLiteral("purpose");
    case Ceiling:
        return QStringLiteral("ceiling");
    case Created:
        return QStringLiteral("created");
    case LastActive:
        return QStringLiteral("lastActive");
    case Id:
        return QStringLiteral("id");
    default:
        return {};
    }
}

int AgentTableModel::columnFromKey(QStringView key)
{
    for (int column = 0; column < ColumnCount; ++column) {
        if (key == columnKey(column))
            return column;
    }
    return -1;
}

QVariant AgentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Name:
            return tr("Name");
        case Owner:
            return tr("Owner");
        case Status:
            return tr("Status");
        case Risk:
            return tr("Risk");
        case Model:
            return tr("Model");
        case Runtime:
            return tr("Runtime");
        case Purpose:
            return tr("Purpose");
        case Ceiling:
            return tr("Ceiling");
        case Created:
            return tr("Created");
        case LastActive:
            return tr("Last active");
        case Id:
            return tr("ID");
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && section == Ceiling)
        return QVariant::fromValue(Qt::AlignHCenter | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Ceiling:
            return tr("The most scopes the agent may ever hold. This column cannot be sorted.");
        case LastActive:
            return tr("When the agent last started a session.");
        default:
            return {};
        }
    }
    return {};
}

QVariant AgentTableModel::rawValue(const Agent &a, int column) const
{
    switch (column) {
    case Name:
        return a.name;
    case Owner:
        return a.ownerName;
    case Status:
        return static_cast<int>(a.status);
    case Risk:
        return static_cast<int>(a.risk);
    case Model:
        return a.model.display();
    case Runtime:
        return a.runtime;
    case Purpose:
        return a.purpose;
    case Ceiling:
        return static_cast<int>(a.ceiling.size());
    case Created:
        return a.createdAt;
    case LastActive:
        return a.lastActiveAt;
    case Id:
        return a.id;
    default:
        return {};
    }
}

QVariant AgentTableModel::displayText(const Agent &a, int column) const
{
    switch (column) {
    case Name:
        return a.name;
    case Owner:
        return a.ownerName;
    case Status:
        return Labels::text(a.status);
    case Risk:
        return Labels::text(a.risk);
    case Model:
        return a.model.display();
    case Runtime:
        return a.runtime;
    case Purpose:
        return a.purpose;
    // The count alone keeps the column narrow; the tooltip lists the scopes.
    case Ceiling:
        return QLocale().toString(a.ceiling.size());
    case Created:
        return Labels::shortDate(a.createdAt);
    case LastActive:
        return Labels::relativeTime(a.lastActiveAt, m_backend.nowMs());
    case Id:
        return a.id;
    default:
        return {};
    }
}

QVariant AgentTableModel::toolTip(const Agent &a, int column) const
{
    switch (column) {
    case Owner:
        if (a.ownerStatus != HumanStatus::Active)
            return Labels::ownerWarning(a.ownerStatus);
        return {};
    case Purpose:
        return a.purpose;
    case Ceiling: {
        QStringList lines;
        for (const QString &scope : a.ceiling.values()) {
            lines << (a.usedScopes.contains(scope)
                              ? tr("%1 (used in the last 30 days)").arg(scope)
                              : tr("%1 (not used in the last 30 days)").arg(scope));
        }
        return lines.join(u'\n');
    }
    case Created:
        return Labels::longDateTime(a.createdAt);
    case LastActive:
        return Labels::longDateTime(a.lastActiveAt);
    default:
        return {};
    }
}

QVariant AgentTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Agent &a = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayText(a, column);
    case RawRole:
        return rawValue(a, column);
    case AgentIdRole:
        return a.id;
    case OwnerStatusRole:
        return static_cast<int>(a.ownerStatus);
    case Qt::ToolTipRole:
        return toolTip(a, column);
    case Qt::DecorationRole:
        if (column == Status)
            return Labels::dot(Labels::color(a.status));
        if (column == Risk)
            return Labels::dot(Labels::color(a.risk));
        if (column == Owner && a.ownerStatus != HumanStatus::Active)
            return Labels::warning();
        return {};
    case Qt::ForegroundRole:
        if (column == Owner && a.ownerStatus != HumanStatus::Active)
            return Labels::color(a.ownerStatus);
        if (column == Status && a.status == AgentStatus::Retired)
            return theme::kMutedText;
        if (column == LastActive && a.lastActiveAt == 0)
            return theme::kMutedText;
        if (column == Id)
            return theme::kMutedText;
        return {};
    case Qt::FontRole:
        if (column == Id) {
            static const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
            return fixed;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == Ceiling)
            return QVariant::fromValue(Qt::AlignHCenter | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

bool AgentTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_fetching && m_next.has_value();
}

void AgentTableModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    startFetch();
}

void AgentTableModel::sort(int column, Qt::SortOrder order)
{
    const auto sortKey = sortForColumn(column);
    if (!sortKey)
        return;
    if (m_generation == 0) {
        // Not queried yet (a view sorts as soon as sorting is enabled): remember the order for
        // the first query instead of loading before anybody looks.
        m_sort = *sortKey;
        m_order = order;
        return;
    }
    // The view sorts again whenever its sort indicator is set, even to the same column: only
    // a real change costs a query.
    if (*sortKey == m_sort && order == m_order)
        return;
    setQuery(m_filter, *sortKey, order);
}

void AgentTableModel::setFilter(const AgentFilter &filter)
{
    setQuery(filter, m_sort, m_order);
}

void AgentTableModel::refresh()
{
    setQuery(m_filter, m_sort, m_order);
}

void AgentTableModel::setQuery(const AgentFilter &filter, AgentSort sort, Qt::SortOrder order)
{
    ++m_generation;
    m_filter = filter;
    // "Dormant" is relative to now: fixed once per query so that every page agrees.
    if (m_filter.hygiene == HygieneFilter::Dormant && m_filter.nowMs == 0)
        m_filter.nowMs = m_backend.nowMs();
    m_sort = sort;
    m_order = order;
    m_firstPageArrived = false;
    m_next.reset();
    if (!m_rows.isEmpty()) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }
    startFetch();
}

void AgentTableModel::setFetching(bool fetching)
{
    if (m_fetching == fetching)
        return;
    m_fetching = fetching;
    Q_EMIT loadingChanged(fetching);
}

void AgentTableModel::startFetch()
{
    AgentQuery query;
    query.filter = m_filter;
    query.sort = m_sort;
    query.order = m_order;
    query.after = m_next;
    query.limit = kPageSize;
    const quint64 generation = m_generation;
    setFetching(true);
    onResult(m_backend.agents(query), this, [this, generation](const Result<AgentPage> &page) {
        if (generation != m_generation)
            return; // an answer for a query the model has left
        setFetching(false);
        const bool first = !m_firstPageArrived;
        m_firstPageArrived = true;
        if (!page) {
            // No cursor: the view must not ask again and again for a page that fails.
            m_next.reset();
            Q_EMIT errorOccurred(page.error().message);
            if (first)
                Q_EMIT firstRowsArrived();
            return;
        }
        m_next = page->next;
        if (!page->agents.isEmpty()) {
            const int from = static_cast<int>(m_rows.size());
            beginInsertRows(QModelIndex(), from, from + static_cast<int>(page->agents.size()) - 1);
            m_rows.append(page->agents);
            endInsertRows();
        }
        if (first)
            Q_EMIT firstRowsArrived();
    });
}

int AgentTableModel::rowOfAgent(const QString &agentId) const
{
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == agentId)
            return static_cast<int>(row);
    }
    return -1;
}

void AgentTableModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                           {Qt::DisplayRole, Qt::ToolTipRole});
}

} // namespace mandate::ui
