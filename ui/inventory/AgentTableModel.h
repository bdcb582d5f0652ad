#pragma once

#include <backend/Backend.h>

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace mandate::ui {

// The agent inventory as a table, paged from the backend: the store filters and sorts (in
// SQL), the model holds only the pages fetched so far and asks for the next one when the view
// scrolls to the end. A million agents are never in memory at once.
class AgentTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Name,
        Owner,
        Status,
        Risk,
        Model,
        Runtime,
        Purpose,
        Ceiling,
        Created,
        LastActive,
        Id,
        ColumnCount
    };

    enum Role {
        // The unformatted value of a cell: text, an enum as int, a time in ms, a count.
        RawRole = Qt::UserRole + 1,
        AgentIdRole,
        OwnerStatusRole,
    };

    static constexpr int kPageSize = 200;

    explicit AgentTableModel(Backend &backend, QObject *parent = nullptr);
    ~AgentTableModel() override;
    Q_DISABLE_COPY_MOVE(AgentTableModel)

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    // Re-queries the store in the new order; columns without an index to sort by are ignored.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Starts over with a new query: the rows go, the first page is asked for at once. An
    // answer still on its way for an earlier query is dropped when it arrives.
    void setQuery(const AgentFilter &filter, AgentSort sort, Qt::SortOrder order);
    void setFilter(const AgentFilter &filter);
    // The same query again from the first page (after an error, or to see changes).
    void refresh();

    const AgentFilter &filter() const { return m_filter; }
    AgentSort sortKey() const { return m_sort; }
    Qt::SortOrder sortOrder() const { return m_order; }
    int sortColumn() const { return columnForSort(m_sort); }
    bool isLoading() const { return m_fetching; }
    // False until the first setQuery (or refresh): the model loads nothing before it is asked.
    bool hasQuery() const { return m_generation > 0; }
    // True once the first page of the current query has arrived.
    bool hasFirstPage() const { return m_firstPageArrived; }

    const Agent &agentAt(int row) const { return m_rows.at(row); }
    int rowOfAgent(const QString &agentId) const;

    static std::optional<AgentSort> sortForColumn(int column);
    static int columnForSort(AgentSort sort);
    static bool isSortable(int column) { return sortForColumn(column).has_value(); }
    // Stable, untranslated names of the columns, for settings.
    static QString columnKey(int column);
    static int columnFromKey(QStringView key);

    // Header and cell texts again in the current language.
    void retranslate();
    // Committed engine events: an agent's status change updates its row in place.
    void applyEvents(const QList<AuditEvent> &events);

Q_SIGNALS:
    void loadingChanged(bool loading);
    void errorOccurred(const QString &message);
    // The first answer for the current query arrived (it may hold no rows).
    void firstRowsArrived();

private:
    void startFetch();
    void setFetching(bool fetching);
    QVariant displayText(const Agent &agent, int column) const;
    QVariant rawValue(const Agent &agent, int column) const;
    QVariant toolTip(const Agent &agent, int column) const;

    Backend &m_backend;
    QList<Agent> m_rows;
    AgentFilter m_filter;
    AgentSort m_sort = AgentSort::Name;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    std::optional<AgentCursor> m_next;
    // Raised by every new query; an answer carries the generation it was asked for and is
    // dropped if the model has moved on.
    quint64 m_generation = 0;
    bool m_fetching = false;
    bool m_firstPageArrived = false;
};

} // namespace mandate::ui
