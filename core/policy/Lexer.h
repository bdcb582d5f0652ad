#pragma once

#include "Ast.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mandate::policy {

enum class Tok : uint8_t {
    End,
    Ident,
    Int,
    Str,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Semi,
    Colon,
    ColonColon,
    Dot,
    At,
    Question,
    EqEq,
    NotEq,
    Less,
    LessEq,
    Greater,
    GreaterEq,
    AndAnd,
    OrOr,
    Bang,
    Minus,
    Plus,
    Star,
    Assign,
};

struct Token
{
    Tok kind = Tok::End;
    std::string_view text;  // for Str, with its quotes and escapes
    SourceLoc loc;
};

struct SyntaxError
{
    SourceLoc loc;
    std::string message;
};

// Splits Cedar text (UTF-8) into tokens, skipping white space and // comments.
// The same lexer serves policies and .cedarschema files.
bool tokenize(std::string_view text, std::vector<Token> &tokens, SyntaxError &error);

// How a token reads in an error message: `permit`, `==`, a string literal, end of input.
std::string describeToken(const Token &token);

// Decodes a string literal's escapes as Cedar (and Rust) define them: \n \r \t \\ \0 \' \"
// \xHH (up to 7f) \u{H...}. With `pattern`, \* is a literal star and a bare * a wildcard.
// On failure returns the offending escape's offset inside the literal.
bool unescapeString(std::string_view quoted, std::string &out, size_t &badOffset);
bool unescapePattern(std::string_view quoted, Pattern &out, size_t &badOffset);

} // namespace mandate::policy
