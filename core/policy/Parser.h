#pragma once

#include "Ast.h"

#include <QString>

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace mandate::policy {

// Where the text stops being Cedar, and what was expected there.
struct ParseError
{
    SourceLoc loc;
    std::string message;

    // "line 3, column 14: expected `)`, found `;`"
    QString toString() const;
};

// Parses Cedar policy text (UTF-8): static policies and templates, in file order.
std::expected<std::vector<PolicyAst>, ParseError> parsePolicies(std::string_view text);

// Parses one expression, as written in a `when` clause (for tests and tools).
std::expected<PolicyBody, ParseError> parseExpression(std::string_view text);

} // namespace mandate::policy
