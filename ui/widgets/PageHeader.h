#pragma once

#include <QWidget>

class QHBoxLayout;
class QLabel;

namespace mandate::ui {

// The band at the top of every page: a title, one line that says what the page is for, and
// room on the right for the page's own actions.
class PageHeader final : public QWidget
{
    Q_OBJECT

public:
    explicit PageHeader(QWidget *parent = nullptr);
    ~PageHeader() override;
    Q_DISABLE_COPY_MOVE(PageHeader)

    void setTitle(const QString &title);
    void setSubtitle(const QString &subtitle);
    QString title() const;
    QString subtitle() const;

    // Widgets added here sit at the right end of the header, vertically centred.
    void addAction(QWidget *widget);

private:
    QLabel *m_title;
    QLabel *m_subtitle;
    QHBoxLayout *m_actions;
};

} // namespace mandate::ui
