#pragma once

#include <backend/Backend.h>

#include <QDialog>

#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace mandate::ui {

// Revocation, and an agent's suspension or retirement, always the same way: the engine's
// dry run first (how many sessions, sub-agent sessions, tokens and pending approvals it
// reaches), then a reason, then the change. Opens window-modal without blocking (open()), so
// that nothing waits in a nested event loop.
class RevokeDialog final : public QDialog
{
    Q_OBJECT

public:
    enum class Action { Revoke, Suspend, Resume, Retire };

    // What is revoked (or whose agent changes status) and the name a person reads for it.
    RevokeDialog(Backend &backend, Action action, const RevocationTarget &target, const QString &name,
                 QWidget *parent = nullptr);
    ~RevokeDialog() override;
    Q_DISABLE_COPY_MOVE(RevokeDialog)

    Action action() const { return m_action; }
    const RevocationTarget &target() const { return m_target; }
    // The dry run, once it has arrived.
    const std::optional<RevocationReport> &preview() const { return m_preview; }
    // What the change reached, once done.
    const std::optional<RevocationReport> &result() const { return m_result; }

    QLineEdit *reasonEdit() const { return m_reason; }
    QPushButton *confirmButton() const { return m_confirm; }

    static QString title(Action action);

Q_SIGNALS:
    void previewShown();
    void done(const mandate::RevocationReport &report);

private:
    void showPreview(const Result<RevocationReport> &preview);
    void confirm();
    void updateButtons();

    Backend &m_backend;
    Action m_action;
    RevocationTarget m_target;
    QString m_name;
    std::optional<RevocationReport> m_preview;
    std::optional<RevocationReport> m_result;
    bool m_working = false;

    QLabel *m_headline;
    QLabel *m_sessions;
    QLabel *m_subAgents;
    QLabel *m_tokens;
    QLabel *m_approvals;
    QLabel *m_note;
    QLabel *m_error;
    QLineEdit *m_reason;
    QDialogButtonBox *m_buttons;
    QPushButton *m_confirm;
};

} // namespace mandate::ui
