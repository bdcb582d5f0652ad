#include "Console.h"

#include <MainWindow.h>
#include <Page.h>
#include <Pages.h>
#include <backend/LocalBackend.h>
#include <delegations/DelegationsPage.h>
#include <inventory/InventoryPage.h>
#include <live/RevokeDialog.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>
#include <cstring>

namespace mandate {

namespace {

void printError(const QString &message)
{
    std::fprintf(stderr, "mandate: %s\n", qPrintable(message));
    std::fflush(stderr);
}

} // namespace

QString Console::defaultStorePath()
{
    // AppDataLocation would be ~/.local/share/Mandate/Mandate (organisation and application
    // are both "Mandate"); the store lives one level up, where installer/bootstrap.sh and
    // the README put it: $XDG_DATA_HOME/Mandate/demo.mandate.
    const QString dataHome = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(dataHome).filePath(QStringLiteral("Mandate/demo.mandate"));
}

bool Console::needsNoDisplay(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        if (std::strcmp(arg, "--") == 0)
            break;
        for (const char *option : {"screenshot", "help", "version"}) {
            // QCommandLineParser accepts -name and --name, with the value after '=' or apart.
            const char *name = arg[0] == '-' ? arg + (arg[1] == '-' ? 2 : 1) : nullptr;
            const size_t length = std::strlen(option);
            if (name && std::strncmp(name, option, length) == 0
                && (name[length] == '\0' || name[length] == '='))
                return true;
        }
        if (std::strcmp(arg, "-h") == 0 || std::strcmp(arg, "-v") == 0
            || std::strcmp(arg, "-?") == 0)
            return true;
    }
    return false;
}

std::optional<Console::Options> Console::parseArguments(QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
            "mandate::Console", "Mandate: identity and access for AI agents."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption db(
            QStringLiteral("db"),
            QCoreApplication::translate("mandate::Console", "Open the store FILE (default: %1).")
                    .arg(defaultStorePath()),
            QStringLiteral("FILE"));
    const QCommandLineOption demo(
            QStringLiteral("demo"),
            QCoreApplication::translate(
                    "mandate::Console",
                    "Use the demo store, with simulated live traffic."));
    const QCommandLineOption pace(
            QStringLiteral("pace"),
            QCoreApplication::translate("mandate::Console",
                                        "With --demo: the pace of the simulated traffic, 0.1 to 20 "
                                        "(default: 1, a new delegation every five seconds or so)."),
            QStringLiteral("FACTOR"));
    const QCommandLineOption screenshot(
            QStringLiteral("screenshot"),
            QCoreApplication::translate("mandate::Console",
                                        "Render the page offscreen to the PNG file FILE once its "
                                        "data is shown, then exit."),
            QStringLiteral("FILE"));
    const QCommandLineOption page(
            QStringLiteral("page"),
            QCoreApplication::translate(
                    "mandate::Console",
                    "Open the page NAME: %1 (default: overview; inventory with --screenshot).")
                    .arg(ui::pageKeys().join(QStringLiteral(", "))),
            QStringLiteral("NAME"));
    const QCommandLineOption size(
            QStringLiteral("size"),
            QCoreApplication::translate("mandate::Console",
                                        "The screenshot's size in pixels (default: 1440x900)."),
            QStringLiteral("WxH"));
    const QCommandLineOption revokeDialog(
            QStringLiteral("revoke-dialog"),
            QCoreApplication::translate("mandate::Console",
                                        "With --screenshot --page delegations: open the revoke dialog "
                                        "on the tree shown, and render it with its blast radius."));
    parser.addOptions({db, demo, pace, screenshot, page, size, revokeDialog});
    parser.process(*QCoreApplication::instance());

    Options options;
    options.dbPath = parser.value(db);
    options.demo = parser.isSet(demo);
    if (parser.isSet(pace)) {
        bool ok = false;
        options.pace = parser.value(pace).toDouble(&ok);
        if (!ok || options.pace < 0.1 || options.pace > 20) {
            *error = QCoreApplication::translate("mandate::Console", "--pace wants a number from 0.1 to 20, not \"%1\".")
                             .arg(parser.value(pace));
            return std::nullopt;
        }
    }
    options.screenshotPath = parser.value(screenshot);
    options.revokeDialog = parser.isSet(revokeDialog);
    if (parser.isSet(screenshot) && options.screenshotPath.isEmpty()) {
        *error = QCoreApplication::translate("mandate::Console", "--screenshot needs a file name.");
        return std::nullopt;
    }
    if (parser.isSet(page)) {
        options.page = parser.value(page).toLower();
        if (!ui::pageFromKey(options.page)) {
            *error = QCoreApplication::translate("mandate::Console",
                                                 "Unknown page \"%1\"; the pages are: %2.")
                             .arg(parser.value(page), ui::pageKeys().join(QStringLiteral(", ")));
            return std::nullopt;
        }
    }
    if (parser.isSet(size)) {
        static const QRegularExpression re(QStringLiteral("^(\\d{2,5})[xX](\\d{2,5})$"));
        const QRegularExpressionMatch m = re.match(parser.value(size));
        const int w = m.hasMatch() ? m.captured(1).toInt() : 0;
        const int h = m.hasMatch() ? m.captured(2).toInt() : 0;
        if (w < 320 || h < 240 || w > 7680 || h > 4320) {
            *error = QCoreApplication::translate(
                             "mandate::Console",
                             "--size wants WIDTHxHEIGHT between 320x240 and 7680x4320, not \"%1\".")
                             .arg(parser.value(size));
            return std::nullopt;
        }
        options.size = QSize(w, h);
    }
    return options;
}

Console::Console(Options options)
    : m_options(std::move(options))
{}

Console::~Console()
{
    // The backend goes first: it waits for its workers, whose answers are then dropped with
    // the window that asked, instead of arriving for widgets that are gone.
    m_backend.reset();
    m_window.reset();
}

void Console::reportError(const QString &message) const
{
    printError(message);
    if (m_options.screenshotPath.isEmpty())
        QMessageBox::critical(nullptr, QCoreApplication::translate("mandate::Console", "Mandate"),
                              message);
}

std::optional<int> Console::start()
{
    const bool screenshot = !m_options.screenshotPath.isEmpty();
    const QString path = m_options.dbPath.isEmpty() ? defaultStorePath() : m_options.dbPath;
    if (!QFileInfo::exists(path)) {
        reportError(
                QCoreApplication::translate("mandate::Console",
                                            "There is no store at %1.\n"
                                            "Create a demo store with: mandatectl demo --db \"%1\"")
                        .arg(QDir::toNativeSeparators(path)));
        return 1;
    }
    auto backend = LocalBackend::open(path);
    if (!backend) {
        reportError(QCoreApplication::translate("mandate::Console", "Cannot open the store %1: %2")
                            .arg(QDir::toNativeSeparators(path), backend.error().message));
        return 1;
    }
    if (m_options.demo && !screenshot)
        (*backend)->startSimulation(m_options.pace);
    m_backend = std::move(*backend);
    m_window = std::make_unique<ui::MainWindow>(*m_backend);

    const QString pageName = !m_options.page.isEmpty() ? m_options.page
                             : screenshot              ? QStringLiteral("inventory")
                                                       : QStringLiteral("overview");
    const ui::PageId page = ui::pageFromKey(pageName).value_or(ui::PageId::Overview);

    if (screenshot) {
        if (auto *inventory =
                    qobject_cast<ui::InventoryPage *>(m_window->page(ui::PageId::Inventory)))
            inventory->setAutoSelectFirstRow(true);
        m_window->resize(m_options.size);
        m_window->setCurrentPage(page);
        m_window->show();
        scheduleScreenshot();
    } else {
        m_window->restoreSettings();
        m_window->setCurrentPage(page);
        m_window->show();
    }
    return std::nullopt;
}

void Console::scheduleScreenshot()
{
    ui::Page *page = m_window->page(m_window->currentPage());
    auto check = [this, page] {
        if (m_shotTaken || !page->isReady() || !m_window->hasSummary())
            return;
        // One more turn of the event loop lets layouts and the view settle before painting.
        QTimer::singleShot(50, this, [this] {
            if (m_options.revokeDialog)
                openRevokeDialog();
            else
                takeScreenshot(true);
        });
    };
    connect(page, &ui::Page::ready, this, check);
    connect(m_window.get(), &ui::MainWindow::summaryShown, this, check);
    QTimer::singleShot(kScreenshotTimeoutMs, this, [this] { takeScreenshot(false); });
    check();
}

void Console::openRevokeDialog()
{
    auto *delegations = qobject_cast<ui::DelegationsPage *>(m_window->page(ui::PageId::Delegations));
    if (!delegations || m_window->currentPage() != ui::PageId::Delegations
        || delegations->selectedSessionId().isEmpty()) {
        takeScreenshot(true);
        return;
    }
    delegations->revokeSelected();
    auto *dialog = delegations->findChild<ui::RevokeDialog *>(QStringLiteral("revokeDialog"));
    if (!dialog) {
        takeScreenshot(true);
        return;
    }
    connect(dialog, &ui::RevokeDialog::previewShown, this, [this] {
        QTimer::singleShot(50, this, [this] { takeScreenshot(true); });
    });
}

void Console::takeScreenshot(bool complete)
{
    if (m_shotTaken)
        return;
    m_shotTaken = true;
    QPixmap pixmap = m_window->grab();
    // A dialog is a window of its own: drawn over the dimmed page, where it would open.
    if (auto *dialog = m_window->findChild<ui::RevokeDialog *>(QStringLiteral("revokeDialog"))) {
        dialog->adjustSize();
        const QPixmap shown = dialog->grab();
        QPainter painter(&pixmap);
        painter.fillRect(pixmap.rect(), QColor(0, 0, 0, 70));
        const QPoint at((pixmap.width() - shown.width()) / 2, (pixmap.height() - shown.height()) / 3);
        painter.setPen(QColor(0x9a, 0xa5, 0xad));
        painter.drawRect(QRect(at, shown.size()).adjusted(-1, -1, 0, 0));
        painter.drawPixmap(at, shown);
    }
    if (!pixmap.save(m_options.screenshotPath, "PNG")) {
        printError(QCoreApplication::translate("mandate::Console",
                                               "Cannot write the screenshot to %1.")
                           .arg(QDir::toNativeSeparators(m_options.screenshotPath)));
        QCoreApplication::exit(1);
        return;
    }
    if (!complete) {
        printError(QCoreApplication::translate(
                           "mandate::Console",
                           "The page did not show its data within %1 s; the screenshot %2 "
                           "shows what was there.")
                           .arg(kScreenshotTimeoutMs / 1000)
                           .arg(QDir::toNativeSeparators(m_options.screenshotPath)));
        QCoreApplication::exit(2);
        return;
    }
    QCoreApplication::exit(0);
}

} // namespace mandate
