#include "Console.h"

#include <Theme.h>
#include <Translations.h>

#include <QApplication>
#include <QIcon>
#include <QLocale>

#include <cstdio>

int main(int argc, char *argv[])
{
    // The platform is chosen when QApplication is built: a screenshot, or the help, needs no
    // display.
    if (mandate::Console::needsNoDisplay(argc, argv)
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Mandate"));
    QApplication::setApplicationName(QStringLiteral("Mandate"));
    QApplication::setApplicationVersion(QStringLiteral(MANDATE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.mandate.Mandate"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));
    mandate::ui::theme::apply(app);

    // Before anything shows text: the options' help is translated too.
    mandate::ui::installTranslations(QLocale());

    QString error;
    const auto options = mandate::Console::parseArguments(&error);
    if (!options) {
        std::fprintf(stderr, "mandate: %s\n", qPrintable(error));
        return 1;
    }
    mandate::Console console(*options);
    if (const auto exitCode = console.start())
        return *exitCode;
    return QApplication::exec();
}
