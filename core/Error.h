#pragma once

#include <QString>

#include <expected>

namespace mandate {

// Errors cross module boundaries as values: a stable code for programs and a sentence
// for people. The sentence never contains secrets (tokens, keys).
enum class ErrorCode {
    InvalidArgument,
    NotFound,
    Conflict,
    PermissionDenied,
    StoreUnavailable,   // cannot open or reach the store
    StoreNotMandate,    // a database, but not one of ours
    StoreTooNew,        // written by a newer version of Mandate
    StoreCorrupt,       // the file is damaged
    StoreFailed,        // a statement failed
    Integrity,          // the audit chain or another invariant is broken
    Internal,
};

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;

    QString codeName() const;
};

QString errorCodeName(ErrorCode code);

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(ErrorCode code, QString message)
{
    return std::unexpected<Error>(Error{code, std::move(message)});
}

} // namespace mandate
