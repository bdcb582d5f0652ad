#include "RevokeDialog.h"

#include "../Async.h"
#include "../Theme.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace mandate::ui {

namespace {

QLabel *figure(QWidget *parent)
{
    auto *label = new QLabel(QStringLiteral("\u2026"), parent);
    label->setProperty("role", QStringLiteral("figure"));
    label->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return label;
}

} // namespace

QString RevokeDialog::title(Action action)
{
    switch (action) {
    case Action::Revoke:
        return tr("Revoke");
    case Action::Suspend:
        return tr("Suspend agent");
    case Action::Resume:
        return tr("Resume agent");
    case Action::Retire:
        return tr("Retire agent");
    }
    return {};
}

RevokeDialog::RevokeDialog(Backend &backend, Action action, const RevocationTarget &target, const QString &name,
                           QWidget *parent)
    : QDialog(parent)
    , m_backend(backend)
    , m_action(action)
    , m_target(target)
    , m_name(name)
    , m_headline(new QLabel(this))
    , m_sessions(figure(this))
    , m_subAgents(figure(this))
    , m_tokens(figure(this))
    , m_approvals(figure(this))
    , m_note(new QLabel(this))
    , m_error(new QLabel(this))
    , m_reason(new QLineEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("revokeDialog"));
    setWindowTitle(title(action));
    setWindowModality(Qt::WindowModal);
    setAttribute(Qt::WA_DeleteOnClose);
    setMinimumWidth(600);

    QString what;
    switch (target.kind) {
    case RevocationTarget::Kind::Session:
        what = tr("the session \u201c%1\u201d and every sub-agent session below it").arg(name);
        break;
    case RevocationTarget::Kind::Agent:
        what = tr("every live session of the agent %1").arg(name);
        break;
    case RevocationTarget::Kind::Human:
        what = tr("everything %1 delegated").arg(name);
        break;
    case RevocationTarget::Kind::Token:
        what = tr("the token %1").arg(name);
        break;
    }
    switch (action) {
    case Action::Revoke:
        m_headline->setText(tr("Revoke %1?").arg(what));
        break;
    case Action::Suspend:
        m_headline->setText(tr("Suspend the agent %1? It can start no session until it is resumed, "
                               "and its live sessions are revoked now.").arg(name));
        break;
    case Action::Retire:
        m_headline->setText(tr("Retire the agent %1? A retired agent never works again, and its live "
                               "sessions are revoked now.").arg(name));
        break;
    case Action::Resume:
        m_headline->setText(tr("Resume the agent %1? People can delegate to it again.").arg(name));
        break;
    }
    m_headline->setWordWrap(true);
    m_headline->setObjectName(QStringLiteral("revokeHeadline"));

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(18);
    grid->setVerticalSpacing(4);
    const QList<QPair<QLabel *, QString>> figures{
            {m_sessions, tr("sessions")},
            {m_subAgents, tr("of them sub-agent sessions")},
            {m_tokens, tr("live tokens")},
            {m_approvals, tr("pending approvals cancelled")},
    };
    for (int i = 0; i < figures.size(); ++i) {
        auto *caption = new QLabel(figures.at(i).second, this);
        caption->setProperty("role", QStringLiteral("muted"));
        caption->setWordWrap(true);
        caption->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        grid->addWidget(figures.at(i).first, 0, i);
        grid->addWidget(caption, 1, i);
        grid->setColumnStretch(i, 1);
    }
    m_sessions->setObjectName(QStringLiteral("blastSessions"));
    m_subAgents->setObjectName(QStringLiteral("blastSubAgents"));
    m_tokens->setObjectName(QStringLiteral("blastTokens"));
    m_approvals->setObjectName(QStringLiteral("blastApprovals"));

    auto *radiusBox = new QFrame(this);
    radiusBox->setProperty("card", true);
    auto *radiusLayout = new QVBoxLayout(radiusBox);
    auto *radiusTitle = new QLabel(tr("Blast radius (the engine's dry run)"), radiusBox);
    radiusTitle->setProperty("role", QStringLiteral("sectionTitle"));
    radiusLayout->addWidget(radiusTitle);
    radiusLayout->addLayout(grid);

    m_note->setWordWrap(true);
    m_note->setProperty("role", QStringLiteral("muted"));
    m_error->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("revokeError"));
    m_error->setStyleSheet(QStringLiteral("color: %1;").arg(theme::kDanger.name()));
    m_error->hide();

    m_reason->setObjectName(QStringLiteral("revokeReason"));
    m_reason->setPlaceholderText(tr("Why? The audit trail keeps it with your name."));
    m_reason->setMaxLength(500);

    m_confirm = m_buttons->addButton(title(action), QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(QStringLiteral("revokeConfirm"));
    m_confirm->setEnabled(false);
    m_confirm->setAutoDefault(false);
    m_confirm->setDefault(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Reason:"), m_reason);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    layout->addWidget(m_headline);
    if (action != Action::Resume)
        layout->addWidget(radiusBox);
    else
        radiusBox->hide();
    layout->addWidget(m_note);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_reason, &QLineEdit::textChanged, this, &RevokeDialog::updateButtons);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_confirm, &QPushButton::clicked, this, &RevokeDialog::confirm);

    m_reason->setFocus();
    if (action == Action::Resume) {
        m_preview = RevocationReport{};
        m_preview->dryRun = true;
        m_note->hide();
    } else {
        RevocationTarget measured = target;
        if (action != Action::Revoke)
            measured.kind = RevocationTarget::Kind::Agent;
        m_note->setText(tr("Measuring what this reaches\u2026"));
        onResult(m_backend.previewRevocation(measured), this,
                 [this](const Result<RevocationReport> &preview) { showPreview(preview); });
    }
    updateButtons();
}

RevokeDialog::~RevokeDialog() = default;

void RevokeDialog::showPreview(const Result<RevocationReport> &preview)
{
    if (!preview) {
        m_error->setText(preview.error().message);
        m_error->show();
        m_note->hide();
        return;
    }
    m_preview = *preview;
    const QLocale locale;
    m_sessions->setText(locale.toString(qint64(preview->sessionIds.size())));
    m_subAgents->setText(locale.toString(preview->subAgentSessions));
    m_tokens->setText(locale.toString(preview->tokens));
    m_approvals->setText(locale.toString(preview->pendingStepUps));
    if (preview->sessionIds.isEmpty() && m_action == Action::Revoke)
        m_note->setText(tr("Nothing live is reached: every session here has ended already."));
    else
        m_note->setText(tr("Each is refused at its next introspection or authorization, on every "
                           "server sharing this store."));
    updateButtons();
    Q_EMIT previewShown();
}

void RevokeDialog::updateButtons()
{
    const bool nothingToRevoke = m_action == Action::Revoke && m_preview && m_preview->sessionIds.isEmpty();
    m_confirm->setEnabled(!m_working && m_preview.has_value() && !nothingToRevoke
                          && !m_reason->text().trimmed().isEmpty());
}

void RevokeDialog::confirm()
{
    if (!m_confirm->isEnabled())
        return;
    m_working = true;
    updateButtons();
    m_reason->setEnabled(false);
    const QString reason = m_reason->text().trimmed();
    QFuture<Result<RevocationReport>> change;
    switch (m_action) {
    case Action::Revoke:
        change = m_backend.revoke(m_target, reason);
        break;
    case Action::Suspend:
        change = m_backend.setAgentStatus(m_target.id, AgentStatus::Suspended, reason);
        break;
    case Action::Resume:
        change = m_backend.setAgentStatus(m_target.id, AgentStatus::Active, reason);
        break;
    case Action::Retire:
        change = m_backend.setAgentStatus(m_target.id, AgentStatus::Retired, reason);
        break;
    }
    onResult(change, this, [this](const Result<RevocationReport> &report) {
        m_working = false;
        if (!report) {
            m_error->setText(report.error().message);
            m_error->show();
            m_reason->setEnabled(true);
            updateButtons();
            return;
        }
        m_result = *report;
        Q_EMIT done(*report);
        accept();
    });
}

} // namespace mandate::ui
