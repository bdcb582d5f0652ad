#pragma once

// Private to core/engine: checks the engine's source files share.

#include "../Error.h"

#include <QString>

namespace mandate {

// Text a caller must give: not blank, at most maxLength characters.
inline Status requireText(const QString &value, const QString &what, int maxLength = 512)
{
    if (value.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("%1 is required.").arg(what));
    if (value.size() > maxLength)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("%1 is too long (at most %2 characters).").arg(what).arg(maxLength));
    return {};
}

} // namespace mandate
