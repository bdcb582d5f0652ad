#include "SimulationControl.h"

#include <backend/Backend.h>

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLocale>
#include <QToolButton>

namespace mandate::ui {

namespace {
constexpr double kPaces[] = {0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0};
}

SimulationControl::SimulationControl(Backend &backend, QWidget *parent)
    : QWidget(parent), m_backend(backend), m_pause(new QToolButton(this)), m_pace(new QComboBox(this))
{
    setObjectName(QStringLiteral("simulationControl"));
    m_pause->setObjectName(QStringLiteral("simulationPause"));
    m_pace->setObjectName(QStringLiteral("simulationPace"));
    m_pause->setCheckable(true);
    m_pause->setAutoRaise(true);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    for (double pace : kPaces)
        m_pace->addItem(QString(), pace);
    m_pace->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 6, 0);
    layout->setSpacing(4);
    layout->addWidget(m_pause);
    layout->addWidget(m_pace);

    connect(m_pause, &QToolButton::toggled, this, [this](bool paused) { m_backend.setSimulationPaused(paused); });
    connect(m_pace, &QComboBox::activated, this,
            [this] { m_backend.setSimulationPace(m_pace->currentData().toDouble()); });
    connect(&m_backend, &Backend::simulationChanged, this, &SimulationControl::sync);
    retranslateUi();
    sync();
}

SimulationControl::~SimulationControl() = default;

void SimulationControl::sync()
{
    const SimulationState state = m_backend.simulation();
    setVisible(state.available);
    {
        const QSignalBlocker blocker(m_pause);
        m_pause->setChecked(state.paused);
    }
    int best = 0;
    for (int i = 0; i < m_pace->count(); ++i) {
        if (qAbs(m_pace->itemData(i).toDouble() - state.pace) < qAbs(m_pace->itemData(best).toDouble() - state.pace))
            best = i;
    }
    m_pace->setCurrentIndex(best);
    retranslateUi();
}

void SimulationControl::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void SimulationControl::retranslateUi()
{
    const bool paused = m_pause->isChecked();
    m_pause->setText(paused ? tr("\u25B6 Demo traffic paused") : tr("\u23F8 Demo traffic live"));
    m_pause->setToolTip(paused ? tr("Resume the simulated traffic (Ctrl+Shift+P)")
                               : tr("Pause the simulated traffic (Ctrl+Shift+P)"));
    m_pace->setToolTip(tr("Pace of the simulated traffic"));
    for (int i = 0; i < m_pace->count(); ++i)
        m_pace->setItemText(i, tr("%1\u00d7").arg(QLocale().toString(m_pace->itemData(i).toDouble())));
}

} // namespace mandate::ui
