#pragma once

#include <QObject>
#include <QSize>
#include <QString>

#include <memory>
#include <optional>

namespace mandate {
class Backend;
namespace ui {
class MainWindow;
}

// The console's composition root: reads the command line, opens the store, builds the window
// and, for --screenshot, renders a page once its data is on screen.
class Console final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString dbPath;
        bool demo = false;
        double pace = 1.0; // of the demo's simulated traffic
        QString screenshotPath;
        QString page; // a page key; empty: the default for the mode
        QSize size{1440, 900};
        bool revokeDialog = false; // with a screenshot of Delegations: the revoke dialog over it
    };

    // Reads the options from the application's arguments. On a usage error returns nullopt
    // and sets *error; --help and --version print and exit as QCommandLineParser does.
    static std::optional<Options> parseArguments(QString *error);
    static QString defaultStorePath();
    // Whether the raw arguments need no display (a screenshot, --help, --version): read before
    // QApplication exists, to choose the offscreen platform.
    static bool needsNoDisplay(int argc, char **argv);

    explicit Console(Options options);
    ~Console() override;
    Q_DISABLE_COPY_MOVE(Console)

    // Opens the store and shows the window; returns an exit code on failure.
    std::optional<int> start();

    static constexpr int kScreenshotTimeoutMs = 10'000;

private:
    void scheduleScreenshot();
    void takeScreenshot(bool complete);
    void openRevokeDialog();
    void reportError(const QString &message) const;

    Options m_options;
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<ui::MainWindow> m_window;
    bool m_shotTaken = false;
};

} // namespace mandate
