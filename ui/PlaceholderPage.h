#pragma once

#include "Page.h"

class QLabel;

namespace mandate::ui {

// A page that is not in this version yet: it says what the page will do, and shows no data
// rather than made-up data.
class PlaceholderPage final : public Page
{
    Q_OBJECT

public:
    explicit PlaceholderPage(PageId id, QWidget *parent = nullptr);
    ~PlaceholderPage() override;
    Q_DISABLE_COPY_MOVE(PlaceholderPage)

    void activate() override;

    // What the page will do, translated.
    static QString plannedFeatures(PageId id);

protected:
    void retranslateUi() override;

private:
    QLabel *m_headline;
    QLabel *m_description;
    QLabel *m_notice;
};

} // namespace mandate::ui
