#include "BundledPolicies.h"

#include <QFile>

namespace mandate::policy {

namespace {

QByteArray resource(const char *path)
{
    QFile file(QString::fromLatin1(path));
    // The files are compiled in: failing to open one is a build error, not a run-time one.
    if (!file.open(QIODevice::ReadOnly))
        qFatal("bundled policy resource %s is missing", path);
    return file.readAll();
}

} // namespace

QByteArray bundledSchema() { return resource(":/policies/mandate.cedarschema"); }

QByteArray bundledStarterPolicies() { return resource(":/policies/starter.cedar"); }

} // namespace mandate::policy
