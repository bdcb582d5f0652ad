#pragma once

#include <backend/Backend.h>

#include <QWidget>

#include <optional>

class QFrame;
class QGridLayout;
class QLabel;
class QScrollArea;
class QStackedWidget;
class QVBoxLayout;

namespace mandate::ui {

class FlowLayout;

// What an admin needs to judge one agent: who owns it and whether that person is still
// here, what it may do (its ceiling) against what it actually used, and its recent sessions.
class AgentDetailsPane final : public QWidget
{
    Q_OBJECT

public:
    explicit AgentDetailsPane(Backend &backend, QWidget *parent = nullptr);
    ~AgentDetailsPane() override;
    Q_DISABLE_COPY_MOVE(AgentDetailsPane)

    // Loads and shows the agent; an empty id shows the empty state.
    void showAgent(const QString &agentId);
    QString agentId() const { return m_agentId; }
    // The details on screen, if any.
    const std::optional<AgentDetails> &details() const { return m_details; }

Q_SIGNALS:
    void detailsShown(const QString &agentId);
    void errorOccurred(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *buildContent();
    void render();
    void retranslateUi();
    QString humanName(const QString &humanId) const;

    Backend &m_backend;
    QString m_agentId;
    std::optional<AgentDetails> m_details;
    quint64 m_generation = 0;

    QStackedWidget *m_stack;
    QLabel *m_empty;
    QLabel *m_loading;
    QScrollArea *m_scroll;

    QLabel *m_name;
    QLabel *m_statusBadge;
    QLabel *m_riskBadge;
    QLabel *m_purpose;
    QLabel *m_identityTitle;
    QLabel *m_spiffeName;
    QLabel *m_spiffe;
    QLabel *m_idName;
    QLabel *m_id;
    QLabel *m_modelName;
    QLabel *m_model;
    QLabel *m_runtimeName;
    QLabel *m_runtime;
    QLabel *m_createdName;
    QLabel *m_created;
    QLabel *m_lastActiveName;
    QLabel *m_lastActive;
    QLabel *m_ownerTitle;
    QFrame *m_ownerCard;
    QLabel *m_ownerName;
    QLabel *m_ownerStatus;
    QLabel *m_ownerEmail;
    QLabel *m_ownerDepartment;
    QLabel *m_ownerWarning;
    QLabel *m_sponsorsTitle;
    QLabel *m_sponsors;
    QLabel *m_ceilingTitle;
    QLabel *m_ceilingSummary;
    QWidget *m_ceilingScopes;
    FlowLayout *m_ceilingLayout;
    QLabel *m_sessionsTitle;
    QLabel *m_noSessions;
    QFrame *m_sessions;
    QVBoxLayout *m_sessionsLayout;
};

} // namespace mandate::ui
