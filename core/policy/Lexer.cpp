#include "Lexer.h"

namespace mandate::policy {

namespace {

bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isIdentChar(char c) { return isIdentStart(c) || (c >= '0' && c <= '9'); }

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendUtf8(std::string &out, uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

// Decodes the literal between its quotes. `onStar` receives the text so far when an
// unescaped `*` is met (patterns only); without it a star is an ordinary character.
template <typename OnStar>
bool unescape(std::string_view quoted, std::string &out, size_t &bad, bool pattern, OnStar onStar)
{
    const std::string_view s = quoted.substr(1, quoted.size() - 2);
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '*' && pattern) {
            onStar();
            continue;
        }
        if (c != '\\') {
            out += c;
            continue;
        }
        bad = i + 1;
        if (++i >= s.size())
            return false;
        switch (s[i]) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case '\\': out += '\\'; break;
        case '0': out += '\0'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case '*':
            if (!pattern)
                return false;
            out += '*';
            break;
        case '\n':
            // a line continuation: the newline and the indentation after it disappear
            while (i + 1 < s.size()
                   && (s[i + 1] == ' ' || s[i + 1] == '\t' || s[i + 1] == '\n' || s[i + 1] == '\r'))
                ++i;
            break;
        case 'x': {
            const int hi = i + 1 < s.size() ? hexValue(s[i + 1]) : -1;
            const int lo = i + 2 < s.size() ? hexValue(s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || hi > 7)
                return false;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
            break;
        }
        case 'u': {
            if (i + 1 >= s.size() || s[i + 1] != '{')
                return false;
            size_t j = i + 2;
            uint32_t cp = 0;
            int digits = 0;
            while (j < s.size() && s[j] != '}') {
                if (s[j] == '_' && digits > 0) {
                    ++j;
                    continue;
                }
                const int d = hexValue(s[j]);
                if (d < 0 || ++digits > 6)
                    return false;
                cp = cp * 16 + uint32_t(d);
                ++j;
            }
            if (j >= s.size() || digits == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
                return false;
            appendUtf8(out, cp);
            i = j;
            break;
        }
        default: return false;
        }
    }
    return true;
}

} // namespace

bool unescapeString(std::string_view quoted, std::string &out, size_t &badOffset)
{
    out.clear();
    return unescape(quoted, out, badOffset, false, [] {});
}

bool unescapePattern(std::string_view quoted, Pattern &out, size_t &badOffset)
{
    out.clear();
    std::string text;
    const bool ok = unescape(quoted, text, badOffset, true, [&] {
        if (!text.empty())
            out.push_back(PatternPart{false, std::move(text)});
        text.clear();
        if (out.empty() || !out.back().wildcard)
            out.push_back(PatternPart{true, {}});
    });
    if (!text.empty())
        out.push_back(PatternPart{false, std::move(text)});
    return ok;
}

bool tokenize(std::string_view text, std::vector<Token> &tokens, SyntaxError &error)
{
    tokens.clear();
    uint32_t line = 1;
    size_t lineStart = 0;
    size_t i = 0;
    auto locAt = [&](size_t offset) {
        uint32_t column = 1;
        for (size_t k = lineStart; k < offset; ++k) {
            if ((static_cast<unsigned char>(text[k]) & 0xc0) != 0x80)
                ++column;
        }
        return SourceLoc{static_cast<uint32_t>(offset), line, column};
    };
    auto push = [&](Tok kind, size_t start, size_t length) {
        tokens.push_back(Token{kind, text.substr(start, length), locAt(start)});
        i = start + length;
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            lineStart = ++i;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
            continue;
        }
        if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
            while (i < text.size() && text[i] != '\n')
                ++i;
            continue;
        }
        const char n = i + 1 < text.size() ? text[i + 1] : '\0';
        if (isIdentStart(c)) {
            size_t j = i + 1;
            while (j < text.size() && isIdentChar(text[j]))
                ++j;
            push(Tok::Ident, i, j - i);
            continue;
        }
        if (c >= '0' && c <= '9') {
            size_t j = i + 1;
            while (j < text.size() && text[j] >= '0' && text[j] <= '9')
                ++j;
            push(Tok::Int, i, j - i);
            continue;
        }
        if (c == '"') {
            const size_t start = i;
            const SourceLoc loc = locAt(start);
            size_t j = i + 1;
            while (j < text.size() && text[j] != '"') {
                if (text[j] == '\\' && j + 1 < text.size())
                    ++j;
                if (text[j] == '\n') {
                    ++line;
                    lineStart = j + 1;
                }
                ++j;
            }
            if (j >= text.size()) {
                error = SyntaxError{loc, "unterminated string literal"};
                return false;
            }
            tokens.push_back(Token{Tok::Str, text.substr(start, j + 1 - start), loc});
            i = j + 1;
            continue;
        }
        switch (c) {
        case '(': push(Tok::LParen, i, 1); continue;
        case ')': push(Tok::RParen, i, 1); continue;
        case '[': push(Tok::LBracket, i, 1); continue;
        case ']': push(Tok::RBracket, i, 1); continue;
        case '{': push(Tok::LBrace, i, 1); continue;
        case '}': push(Tok::RBrace, i, 1); continue;
        case ',': push(Tok::Comma, i, 1); continue;
        case ';': push(Tok::Semi, i, 1); continue;
        case '.': push(Tok::Dot, i, 1); continue;
        case '@': push(Tok::At, i, 1); continue;
        case '?': push(Tok::Question, i, 1); continue;
        case '+': push(Tok::Plus, i, 1); continue;
        case '-': push(Tok::Minus, i, 1); continue;
        case '*': push(Tok::Star, i, 1); continue;
        case ':':
            if (n == ':')
                push(Tok::ColonColon, i, 2);
            else
                push(Tok::Colon, i, 1);
            continue;
        case '=':
            if (n == '=')
                push(Tok::EqEq, i, 2);
            else
                push(Tok::Assign, i, 1);
            continue;
        case '!':
            if (n == '=')
                push(Tok::NotEq, i, 2);
            else
                push(Tok::Bang, i, 1);
            continue;
        case '<':
            if (n == '=')
                push(Tok::LessEq, i, 2);
            else
                push(Tok::Less, i, 1);
            continue;
        case '>':
            if (n == '=')
                push(Tok::GreaterEq, i, 2);
            else
                push(Tok::Greater, i, 1);
            continue;
        case '&':
            if (n == '&') {
                push(Tok::AndAnd, i, 2);
                continue;
            }
            break;
        case '|':
            if (n == '|') {
                push(Tok::OrOr, i, 2);
                continue;
            }
            break;
        default: break;
        }
        std::string shown(text.substr(i, 1));
        if (static_cast<unsigned char>(c) >= 0x80) {
            size_t j = i + 1;
            while (j < text.size() && (static_cast<unsigned char>(text[j]) & 0xc0) == 0x80)
                ++j;
            shown = std::string(text.substr(i, j - i));
        }
        error = SyntaxError{locAt(i), "unexpected character `" + shown + "`"};
        return false;
    }
    tokens.push_back(Token{Tok::End, {}, locAt(text.size())});
    return true;
}

std::string describeToken(const Token &token)
{
    switch (token.kind) {
    case Tok::End: return "end of input";
    case Tok::Str: return "string literal " + std::string(token.text);
    case Tok::Int: return "integer literal `" + std::string(token.text) + '`';
    case Tok::Ident: return "identifier `" + std::string(token.text) + '`';
    default: return '`' + std::string(token.text) + '`';
    }
}

} // namespace mandate::policy
