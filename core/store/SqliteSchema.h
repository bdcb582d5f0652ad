#pragma once

#include <QList>

namespace mandate::sqlite {

// One migration step: the statements that take a store from version N-1 to version N,
// run in one transaction with the version bump.
struct Migration
{
    int version;
    QList<const char *> statements;
};

const QList<Migration> &migrations();

} // namespace mandate::sqlite
