#include "Error.h"

namespace mandate {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument: return QStringLiteral("invalid_argument");
    case ErrorCode::NotFound: return QStringLiteral("not_found");
    case ErrorCode::Conflict: return QStringLiteral("conflict");
    case ErrorCode::PermissionDenied: return QStringLiteral("permission_denied");
    case ErrorCode::StoreUnavailable: return QStringLiteral("store_unavailable");
    case ErrorCode::StoreNotMandate: return QStringLiteral("store_not_mandate");
    case ErrorCode::StoreTooNew: return QStringLiteral("store_too_new");
    case ErrorCode::StoreCorrupt: return QStringLiteral("store_corrupt");
    case ErrorCode::StoreFailed: return QStringLiteral("store_failed");
    case ErrorCode::Integrity: return QStringLiteral("integrity");
    case ErrorCode::Internal: return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

QString Error::codeName() const
{
    return errorCodeName(code);
}

} // namespace mandate
