#pragma once

// Authorization workloads for mandate-bench's policy group. gdrive, github and tinytodo follow
// the shape of the three applications the Cedar paper measures ("Cedar: A New Language for
// Expressive, Fast, Safe, and Analyzable Authorization", Cutler et al., OOPSLA 2024): about 50
// entities with group hierarchies and tens of policies each. The policies, entities and
// requests here are written for Mandate, after that shape; they are not the paper's files.
// `starter` is Mandate's starter policy set grown to a given size with generated policies.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <cstdint>

namespace mandate::bench {

struct PolicyWorkload
{
    QString name;
    QJsonObject policies;  // {staticPolicies, templates, templateLinks}, as cedar-wasm takes them
    QJsonArray entities;   // Cedar's entity JSON
    QJsonArray requests;   // [{principal, action, resource, context}]
};

PolicyWorkload gdriveWorkload(uint64_t seed);
PolicyWorkload githubWorkload(uint64_t seed);
PolicyWorkload tinytodoWorkload(uint64_t seed);
// The bundled starter set plus generated policies up to `policies` in all.
PolicyWorkload starterWorkload(int policies, uint64_t seed);

} // namespace mandate::bench
