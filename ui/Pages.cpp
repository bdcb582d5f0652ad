#include "Pages.h"

#include <QCoreApplication>
#include <QStringList>

namespace mandate::ui {

QString pageKey(PageId page)
{
    switch (page) {
    case PageId::Overview:
        return QStringLiteral("overview");
    case PageId::Inventory:
        return QStringLiteral("inventory");
    case PageId::Delegations:
        return QStringLiteral("delegations");
    case PageId::Sessions:
        return QStringLiteral("sessions");
    case PageId::Approvals:
        return QStringLiteral("approvals");
    case PageId::Policies:
        return QStringLiteral("policies");
    case PageId::Audit:
        return QStringLiteral("audit");
    case PageId::Settings:
        return QStringLiteral("settings");
    }
    return {};
}

std::optional<PageId> pageFromKey(QStringView key)
{
    for (PageId page : kAllPages) {
        if (key.compare(pageKey(page), Qt::CaseInsensitive) == 0)
            return page;
    }
    return std::nullopt;
}

QStringList pageKeys()
{
    QStringList keys;
    for (PageId page : kAllPages)
        keys << pageKey(page);
    return keys;
}

QString pageIconPath(PageId page)
{
    return QStringLiteral(":/icons/%1.svg").arg(pageKey(page));
}

QString pageTitle(PageId page)
{
    switch (page) {
    case PageId::Overview:
        return QCoreApplication::translate("mandate::ui::Pages", "Overview");
    case PageId::Inventory:
        return QCoreApplication::translate("mandate::ui::Pages", "Inventory");
    case PageId::Delegations:
        return QCoreApplication::translate("mandate::ui::Pages", "Delegations");
    case PageId::Sessions:
        return QCoreApplication::translate("mandate::ui::Pages", "Live sessions");
    case PageId::Approvals:
        return QCoreApplication::translate("mandate::ui::Pages", "Approvals");
    case PageId::Policies:
        return QCoreApplication::translate("mandate::ui::Pages", "Policies");
    case PageId::Audit:
        return QCoreApplication::translate("mandate::ui::Pages", "Audit");
    case PageId::Settings:
        return QCoreApplication::translate("mandate::ui::Pages", "Settings");
    }
    return {};
}

QString pageSubtitle(PageId page)
{
    switch (page) {
    case PageId::Overview:
        return QCoreApplication::translate(
                "mandate::ui::Pages", "Activity, decisions and the alerts that need attention.");
    case PageId::Inventory:
        return QCoreApplication::translate(
                "mandate::ui::Pages",
                "Every registered agent with its owner, risk, scope ceiling and activity.");
    case PageId::Delegations:
        return QCoreApplication::translate(
                "mandate::ui::Pages",
                "Who delegated what to which agent, and how scopes narrowed down the chain.");
    case PageId::Sessions:
        return QCoreApplication::translate(
                "mandate::ui::Pages", "Agent sessions running now, with the time they have left.");
    case PageId::Approvals:
        return QCoreApplication::translate("mandate::ui::Pages",
                                           "Step-up requests waiting for a human's decision.");
    case PageId::Policies:
        return QCoreApplication::translate(
                "mandate::ui::Pages",
                "The rules that decide which scopes an agent session may hold.");
    case PageId::Audit:
        return QCoreApplication::translate(
                "mandate::ui::Pages",
                "The hash-chained record of every decision and every change.");
    case PageId::Settings:
        return QCoreApplication::translate("mandate::ui::Pages",
                                           "Connection, appearance and language.");
    }
    return {};
}

} // namespace mandate::ui
