#pragma once

#include <QByteArray>

namespace mandate::policy {

// The texts that ship inside Mandate (resources/policies, compiled in as Qt resources):
// the Cedar schema of Mandate's policy model and the starter policy set of the demo store.
QByteArray bundledSchema();           // mandate.cedarschema
QByteArray bundledStarterPolicies();  // starter.cedar

} // namespace mandate::policy
