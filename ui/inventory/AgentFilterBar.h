#pragma once

#include <store/Queries.h>

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTimer;
class QToolButton;

namespace mandate::ui {

// The inventory's filters: a search field (word prefixes over name, owner, purpose and
// model), and status, risk, owner state and hygiene choices. Typing is debounced so that a
// query starts when the admin pauses, not at every key.
class AgentFilterBar final : public QWidget
{
    Q_OBJECT

public:
    explicit AgentFilterBar(QWidget *parent = nullptr);
    ~AgentFilterBar() override;
    Q_DISABLE_COPY_MOVE(AgentFilterBar)

    AgentFilter filter() const;
    void focusSearch();
    // Clears every other filter and shows only agents with this hygiene problem (Any: all)
    // and, if given, this status.
    void showOnly(HygieneFilter hygiene, std::optional<AgentStatus> status = std::nullopt);

    QLabel *countLabel() const { return m_count; }
    QToolButton *columnsButton() const { return m_columns; }

    static constexpr int kDebounceMs = 150;

Q_SIGNALS:
    void filterChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    static void setItems(QComboBox *combo, const QStringList &texts);

    QLineEdit *m_search;
    QLabel *m_statusLabel;
    QComboBox *m_status;
    QLabel *m_riskLabel;
    QComboBox *m_risk;
    QLabel *m_ownerLabel;
    QComboBox *m_owner;
    QLabel *m_hygieneLabel;
    QComboBox *m_hygiene;
    QLabel *m_count;
    QToolButton *m_columns;
    QTimer *m_debounce;
};

} // namespace mandate::ui
