#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace mandate::ui {

namespace {

bool install(const QString &fileName, const QString &directory)
{
    auto *translator = new QTranslator(QCoreApplication::instance());
    if (!translator->load(fileName, directory)) {
        delete translator;
        return false;
    }
    return QCoreApplication::installTranslator(translator);
}

bool install(const QLocale &locale, const QString &name, const QString &directory)
{
    auto *translator = new QTranslator(QCoreApplication::instance());
    if (!translator->load(locale, name, QStringLiteral("_"), directory)) {
        delete translator;
        return false;
    }
    return QCoreApplication::installTranslator(translator);
}

} // namespace

void installTranslations(const QLocale &locale)
{
    const QString resources = QStringLiteral(":/i18n");
    // Installed first, searched last: the language's own translation wins where it has one.
    install(QStringLiteral("mandate_en"), resources);
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return;
    install(locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    install(locale, QStringLiteral("mandate"), resources);
}

} // namespace mandate::ui
