#pragma once

#include <QWidget>

class QComboBox;
class QToolButton;

namespace mandate {
class Backend;
}

namespace mandate::ui {

// The demo's live traffic in the status bar: pause or resume it (Ctrl+Shift+P) and set its
// pace. Hidden when the backend simulates nothing.
class SimulationControl final : public QWidget
{
    Q_OBJECT

public:
    explicit SimulationControl(Backend &backend, QWidget *parent = nullptr);
    ~SimulationControl() override;
    Q_DISABLE_COPY_MOVE(SimulationControl)

    QToolButton *pauseButton() const { return m_pause; }
    QComboBox *paceBox() const { return m_pace; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void sync();
    void retranslateUi();

    Backend &m_backend;
    QToolButton *m_pause;
    QComboBox *m_pace;
};

} // namespace mandate::ui
