#pragma once

#include "Pages.h"

#include <QWidget>

class QVBoxLayout;

namespace mandate::ui {

class PageHeader;

// One page of the console: a header band and the page's content below it. A page loads its
// data the first time it is shown, and says when that data is on screen (ready), so that a
// screenshot or a benchmark waits for real content instead of guessing a delay.
class Page : public QWidget
{
    Q_OBJECT

public:
    explicit Page(PageId id, QWidget *parent = nullptr);
    ~Page() override;
    Q_DISABLE_COPY_MOVE(Page)

    PageId id() const { return m_id; }
    PageHeader *header() const { return m_header; }
    bool isReady() const { return m_ready; }

    // Called each time the page becomes the current one.
    virtual void activate() {}

    // The page's layout choices (columns, splitters) kept in QSettings between runs. Nothing is
    // read or written unless the window asks: a screenshot shows the defaults and changes
    // nothing.
    virtual void restoreSettings() {}
    virtual void saveSettings() const {}

Q_SIGNALS:
    // The page shows its first data (or knows it has none, or failed and says so).
    void ready();

protected:
    // The layout below the header that subclasses fill.
    QVBoxLayout *contentLayout() const { return m_content; }
    void markReady();
    void changeEvent(QEvent *event) override;
    // Sets every translated text again; called at construction by subclasses and on a
    // language change. The base sets the header's title and subtitle.
    virtual void retranslateUi();

private:
    PageId m_id;
    PageHeader *m_header;
    QVBoxLayout *m_content;
    bool m_ready = false;
};

} // namespace mandate::ui
