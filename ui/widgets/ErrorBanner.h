#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

namespace mandate::ui {

// A non-modal message across the top of a page for errors from the backend: the page stays
// usable, the admin can retry or dismiss it.
class ErrorBanner final : public QFrame
{
    Q_OBJECT

public:
    explicit ErrorBanner(QWidget *parent = nullptr);
    ~ErrorBanner() override;
    Q_DISABLE_COPY_MOVE(ErrorBanner)

    void showError(const QString &message);
    QString message() const;

Q_SIGNALS:
    void retryRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_retry;
    QToolButton *m_close;
};

} // namespace mandate::ui
