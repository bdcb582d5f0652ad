#pragma once

#include "../Page.h"

#include <QSortFilterProxyModel>

class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;
class QToolButton;

namespace mandate {
class Backend;
struct RevocationTarget;
}

namespace mandate::ui {

class ErrorBanner;
class LiveSessionModel;

// Filters live sessions by text (agent, task, human, scopes, id) and depth; sorts by the raw
// values.
class SessionFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class DepthFilter { Any, Roots, SubAgents };
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setText(const QString &text);
    void setDepthFilter(DepthFilter depth);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    DepthFilter m_depth = DepthFilter::Any;
};

// Every session running now, live: rows come and go as sessions start, expire and are
// revoked; the time left counts down. Revoke the selected session (with its sub-agents), its
// agent's sessions or everything its human delegated, after seeing the blast radius.
class SessionsPage final : public Page
{
    Q_OBJECT

public:
    explicit SessionsPage(Backend &backend, QWidget *parent = nullptr);
    ~SessionsPage() override;
    Q_DISABLE_COPY_MOVE(SessionsPage)

    void activate() override;
    void restoreSettings() override;
    void saveSettings() const override;

    LiveSessionModel *model() const { return m_model; }
    SessionFilterProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    // The session of the current row, if any.
    QString selectedSessionId() const;

    // Opens the revoke dialog for the current row: its session, agent or human.
    void revokeSelected(int kind);

Q_SIGNALS:
    // Show this session's delegation tree.
    void showTreeRequested(const QString &sessionId);

protected:
    void retranslateUi() override;

private:
    void updateCount();
    void updateActions();

    Backend &m_backend;
    LiveSessionModel *m_model;
    SessionFilterProxy *m_proxy;
    ErrorBanner *m_banner;
    QLineEdit *m_search;
    QComboBox *m_depth;
    QLabel *m_count;
    QToolButton *m_revoke;
    QToolButton *m_tree;
    QMenu *m_revokeMenu;
    QTableView *m_table;
    bool m_started = false;
    bool m_persistSettings = false;
};

} // namespace mandate::ui
