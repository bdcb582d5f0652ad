#pragma once

class QLocale;

namespace mandate::ui {

// Installs the console's translations for the locale on the application: English plural
// forms first (source texts say "%n agent(s)"; the English .qm turns that into "1 agent" and
// "2 agents"), then Qt's and the console's texts in the locale's language where there are
// any. Translators are owned by the application.
void installTranslations(const QLocale &locale);

} // namespace mandate::ui
