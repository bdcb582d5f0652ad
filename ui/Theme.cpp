#include "Theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace mandate::ui::theme {

namespace {

QPalette palette()
{
    QPalette p;
    const QColor base(Qt::white);
    p.setColor(QPalette::Window, kWindow);
    p.setColor(QPalette::WindowText, kText);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf9, 0xfa));
    p.setColor(QPalette::Text, kText);
    p.setColor(QPalette::Button, QColor(0xfb, 0xfc, 0xfd));
    p.setColor(QPalette::ButtonText, kText);
    p.setColor(QPalette::ToolTipBase, QColor(0x26, 0x32, 0x38));
    p.setColor(QPalette::ToolTipText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x96, 0x9e));
    p.setColor(QPalette::Highlight, QColor(0xcf, 0xe8, 0xe2));
    p.setColor(QPalette::HighlightedText, kText);
    p.setColor(QPalette::Link, kAccent);
    p.setColor(QPalette::Light, Qt::white);
    p.setColor(QPalette::Midlight, QColor(0xee, 0xf1, 0xf4));
    p.setColor(QPalette::Mid, QColor(0xc4, 0xcb, 0xd1));
    p.setColor(QPalette::Dark, QColor(0xa7, 0xb0, 0xb7));
    p.setColor(QPalette::Shadow, QColor(0x80, 0x8a, 0x91));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x9e, 0xa7, 0xad));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x9e, 0xa7, 0xad));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x9e, 0xa7, 0xad));
    // An inactive window keeps its selection readable instead of turning it grey.
    p.setColor(QPalette::Inactive, QPalette::Highlight, QColor(0xdd, 0xec, 0xe8));
    p.setColor(QPalette::Inactive, QPalette::HighlightedText, kText);
    return p;
}

// Only what the palette cannot say: the sidebar, headers, the banner and badges. Widgets are
// picked by object name or a dynamic property, so the style sheet never changes a widget
// that did not ask for it.
const char *const kStyleSheet = R"(
QWidget#sidebar {
    background: #eef1f3;
    border-right: 1px solid #dce1e6;
}
QLabel#sidebarTitle {
    color: #1f2a30;
    font-weight: 600;
}
QLabel#sidebarFooter {
    color: #7b878f;
}
QListWidget#navigation {
    background: transparent;
    border: none;
    outline: 0;
}
QListWidget#navigation::item {
    color: #263238;
    padding: 7px 8px;
    margin: 1px 0px;
    border-radius: 6px;
}
QListWidget#navigation::item:hover {
    background: #e2e7eb;
}
QListWidget#navigation::item:selected {
    background: #d4ebe5;
    color: #004d40;
}
QListWidget#navigation::item:selected:focus {
    background: #c6e3db;
}
QWidget#pageHeader {
    background: #ffffff;
    border-bottom: 1px solid #dce1e6;
}
QLabel#pageTitle {
    color: #1f2a30;
}
QLabel#pageSubtitle {
    color: #5f6b73;
}
QFrame#errorBanner {
    background: #fdeeee;
    border: 1px solid #f1c4c4;
    border-radius: 6px;
}
QFrame#errorBanner QLabel {
    color: #8e1c1c;
}
QLabel[badge="true"] {
    border-radius: 9px;
    padding: 1px 8px;
    font-weight: 600;
}
QLabel[chip="used"] {
    background: #dff0ec;
    color: #004d40;
    border: 1px solid #b5dbd2;
    border-radius: 4px;
    padding: 2px 6px;
}
QLabel[chip="unused"] {
    background: #ffffff;
    color: #6b767d;
    border: 1px dashed #c4cbd1;
    border-radius: 4px;
    padding: 2px 6px;
}
QLabel[role="sectionTitle"] {
    color: #5f6b73;
    font-weight: 600;
}
QLabel[role="fieldName"] {
    color: #6b767d;
}
QLabel[role="muted"] {
    color: #6b767d;
}
QFrame#ownerCard {
    background: #ffffff;
    border: 1px solid #dce1e6;
    border-radius: 6px;
}
QFrame#ownerCard[attention="true"] {
    background: #fff6e5;
    border: 1px solid #f0cf8e;
}
QFrame#placeholderCard {
    background: #ffffff;
    border: 1px solid #dce1e6;
    border-radius: 10px;
}
QLabel#placeholderIcon {
    background: #e3f1ed;
    border-radius: 36px;
}
QLabel#placeholderHeadline {
    color: #1f2a30;
}
QLabel#placeholderDescription {
    color: #3c474e;
}
QScrollArea#detailsScroll {
    border: 1px solid #dce1e6;
    background: #ffffff;
}
QFrame#recentSessions {
    background: #ffffff;
    border: 1px solid #dce1e6;
    border-radius: 6px;
}
QFrame#sessionRow {
    border: none;
    border-bottom: 1px solid #eceff1;
}
QFrame#sessionRow[last="true"] {
    border-bottom: none;
}
QLabel#sessionScopes {
    color: #4a565d;
}
QTableView {
    border: 1px solid #dce1e6;
    gridline-color: #eceff1;
}
QHeaderView::section {
    background: #f7f8fa;
    color: #3c474e;
    font-weight: 600;
    padding: 4px 8px;
    border: none;
    border-bottom: 1px solid #dce1e6;
    border-right: 1px solid #eceff1;
}
QStatusBar {
    background: #eef1f3;
    border-top: 1px solid #dce1e6;
    color: #4a565d;
}
QStatusBar::item {
    border: none;
}
QStatusBar QLabel {
    color: #4a565d;
    padding: 0px 6px;
}
QSplitter::handle {
    background: transparent;
}
QFrame[card="true"], QPushButton[card="true"] {
    background: #ffffff;
    border: 1px solid #dce1e6;
    border-radius: 8px;
    text-align: left;
}
QPushButton[card="true"]:hover {
    border: 1px solid #9ccfc4;
}
QPushButton[card="true"]:focus {
    border: 2px solid #00695c;
}
QPushButton[card="true"][attention="true"] {
    background: #fff8ec;
    border: 1px solid #f0cf8e;
}
QLabel[role="figure"] {
    font-size: 20px;
    font-weight: 600;
    color: #1f2a30;
}
QToolButton[segment="true"] {
    background: #ffffff;
    border: 1px solid #c9d0d6;
    padding: 4px 12px;
}
QToolButton[segment="true"]:checked {
    background: #d4ebe5;
    color: #004d40;
    border: 1px solid #8cc7b9;
    font-weight: 600;
}
QTextBrowser#sessionDetails {
    background: #ffffff;
    border: 1px solid #dce1e6;
    padding: 6px;
}
QToolTip {
    color: #ffffff;
    background: #263238;
    border: 1px solid #263238;
    padding: 4px;
}
)";

} // namespace

void apply(QApplication &app)
{
    if (QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);
    QApplication::setPalette(palette());
    app.setStyleSheet(QString::fromLatin1(kStyleSheet));
}

} // namespace mandate::ui::theme
