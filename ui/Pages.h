#pragma once

#include <QString>

#include <array>
#include <optional>

namespace mandate::ui {

// The console's pages (DESIGN section 5), in navigation order. The order is also the order of
// the Ctrl+1 .. Ctrl+8 shortcuts.
enum class PageId {
    Overview,
    Inventory,
    Delegations,
    Sessions,
    Approvals,
    Policies,
    Audit,
    Settings
};

inline constexpr std::array kAllPages{PageId::Overview, PageId::Inventory, PageId::Delegations,
                                      PageId::Sessions, PageId::Approvals, PageId::Policies,
                                      PageId::Audit,    PageId::Settings};

// Stable, untranslated names: the command line's --page and the pages' object names.
QString pageKey(PageId page);
std::optional<PageId> pageFromKey(QStringView key);
QStringList pageKeys();

QString pageIconPath(PageId page);

// Translated texts, read again on a language change.
QString pageTitle(PageId page);
QString pageSubtitle(PageId page);

} // namespace mandate::ui
