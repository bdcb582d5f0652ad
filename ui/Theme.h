#pragma once

#include <QColor>

class QApplication;

namespace mandate::ui {

// The console's look: Fusion with a light, restrained palette and one accent colour (the
// teal of the application icon). Colours used by more than one widget live here.
namespace theme {

inline const QColor kAccent{0x00, 0x69, 0x5c};
inline const QColor kAccentSoft{0xdf, 0xf0, 0xec};
inline const QColor kText{0x1f, 0x2a, 0x30};
inline const QColor kMutedText{0x5f, 0x6b, 0x73};
inline const QColor kBorder{0xdc, 0xe1, 0xe6};
inline const QColor kWindow{0xf6, 0xf7, 0xf9};
inline const QColor kWarning{0xb2, 0x6a, 0x00};
inline const QColor kDanger{0xc6, 0x28, 0x28};

// Sets the Fusion style, the palette and the application's style sheet.
void apply(QApplication &app);

} // namespace theme
} // namespace mandate::ui
