#include "Parser.h"

#include "Lexer.h"

#include <charconv>
#include <unordered_set>

namespace mandate::policy {

QString ParseError::toString() const
{
    return QStringLiteral("line %1, column %2: %3")
            .arg(loc.line)
            .arg(loc.column)
            .arg(QString::fromStdString(message));
}

namespace {

bool isReserved(std::string_view word)
{
    return word == "true" || word == "false" || word == "if" || word == "then" || word == "else"
            || word == "in" || word == "is" || word == "like" || word == "has"
            || word == "__cedar";
}

std::optional<Var> variableNamed(std::string_view word)
{
    if (word == "principal")
        return Var::Principal;
    if (word == "action")
        return Var::Action;
    if (word == "resource")
        return Var::Resource;
    if (word == "context")
        return Var::Context;
    return std::nullopt;
}

// Recursive descent over the token list. Every parse function returns false (or -1) after
// recording the first error; nothing after that point is looked at.
class Parser
{
public:
    explicit Parser(const std::vector<Token> &tokens)
        : m_tokens(tokens)
    {}

    bool policies(std::vector<PolicyAst> &out)
    {
        while (peek().kind != Tok::End) {
            PolicyAst policy;
            if (!parsePolicy(policy))
                return false;
            out.push_back(std::move(policy));
        }
        return true;
    }

    bool standaloneExpression(PolicyBody &body)
    {
        m_body = &body;
        const int32_t root = expression();
        if (root < 0)
            return false;
        if (peek().kind != Tok::End)
            return expected("end of input");
        body.conditions.push_back(Condition{true, root, body.nodes[size_t(root)].loc});
        return true;
    }

    const ParseError &error() const { return m_error; }

private:
    const Token &peek(size_t ahead = 0) const
    {
        const size_t i = std::min(m_pos + ahead, m_tokens.size() - 1);
        return m_tokens[i];
    }
    const Token &next() { return m_tokens[std::min(m_pos++, m_tokens.size() - 1)]; }
    bool at(Tok kind) const { return peek().kind == kind; }
    bool atWord(std::string_view word) const
    {
        return peek().kind == Tok::Ident && peek().text == word;
    }
    bool accept(Tok kind)
    {
        if (!at(kind))
            return false;
        ++m_pos;
        return true;
    }

    bool fail(const SourceLoc &loc, std::string message)
    {
        if (!m_failed) {
            m_failed = true;
            m_error = ParseError{loc, std::move(message)};
        }
        return false;
    }
    bool expected(std::string_view what)
    {
        return fail(peek().loc, "expected " + std::string(what) + ", found " + describeToken(peek()));
    }
    bool expect(Tok kind, std::string_view what)
    {
        if (accept(kind))
            return true;
        return expected(what);
    }
    bool expectWord(std::string_view word)
    {
        if (atWord(word)) {
            ++m_pos;
            return true;
        }
        return expected('`' + std::string(word) + '`');
    }

    bool stringLiteral(const Token &token, std::string &out)
    {
        size_t bad = 0;
        if (unescapeString(token.text, out, bad))
            return true;
        SourceLoc loc = token.loc;
        loc.offset += uint32_t(bad);
        loc.column += uint32_t(bad);
        return fail(loc, "invalid escape sequence in string literal");
    }

    // ---- policies -------------------------------------------------------------------------

    bool parsePolicy(PolicyAst &policy)
    {
        auto body = std::make_shared<PolicyBody>();
        m_body = body.get();
        policy.loc = peek().loc;
        while (at(Tok::At)) {
            ++m_pos;
            if (!at(Tok::Ident))
                return expected("an annotation name");
            Annotation annotation{std::string(next().text), {}};
            const SourceLoc keyLoc = m_tokens[m_pos - 1].loc;
            if (accept(Tok::LParen)) {
                if (!at(Tok::Str))
                    return expected("a string literal");
                if (!stringLiteral(next(), annotation.value) || !expect(Tok::RParen, "`)`"))
                    return false;
            }
            if (policy.annotation(annotation.key))
                return fail(keyLoc, "duplicate annotation `@" + annotation.key + '`');
            policy.annotations.push_back(std::move(annotation));
        }
        if (atWord("permit")) {
            policy.effect = Effect::Permit;
        } else if (atWord("forbid")) {
            policy.effect = Effect::Forbid;
        } else {
            return expected("`permit` or `forbid`");
        }
        ++m_pos;
        if (!expect(Tok::LParen, "`(`"))
            return false;
        if (!scope(policy.principal, Var::Principal) || !expect(Tok::Comma, "`,`")
            || !scope(policy.action, Var::Action) || !expect(Tok::Comma, "`,`")
            || !scope(policy.resource, Var::Resource))
            return false;
        if (!expect(Tok::RParen, "`)`"))
            return false;
        while (atWord("when") || atWord("unless")) {
            Condition condition;
            condition.loc = peek().loc;
            condition.when = next().text == "when";
            if (!expect(Tok::LBrace, "`{`"))
                return false;
            if (at(Tok::RBrace))
                return expected("an expression");
            condition.root = expression();
            if (condition.root < 0 || !expect(Tok::RBrace, "`}`"))
                return false;
            body->conditions.push_back(condition);
        }
        if (!at(Tok::Semi))
            return expected(policy.body || !body->conditions.empty() ? "`;`"
                                                                     : "`when`, `unless` or `;`");
        ++m_pos;
        policy.body = std::move(body);
        return true;
    }

    bool scope(ScopeConstraint &c, Var var)
    {
        static const char *names[] = {"principal", "action", "resource", "context"};
        const char *name = names[int(var)];
        c.loc = peek().loc;
        if (!expectWord(name))
            return false;
        if (accept(Tok::EqEq)) {
            c.op = ScopeOp::Eq;
            return scopeEntity(c, var);
        }
        if (atWord("in")) {
            ++m_pos;
            c.op = ScopeOp::In;
            if (var == Var::Action && accept(Tok::LBracket)) {
                c.op = ScopeOp::InSet;
                while (!at(Tok::RBracket)) {
                    EntityUid uid;
                    if (!entityReference(uid))
                        return false;
                    c.entities.push_back(uid);
                    if (!accept(Tok::Comma))
                        break;
                }
                return expect(Tok::RBracket, "`,` or `]`");
            }
            return scopeEntity(c, var);
        }
        if (atWord("is")) {
            if (var == Var::Action)
                return fail(peek().loc, "`is` is not allowed in the action scope");
            ++m_pos;
            c.op = ScopeOp::Is;
            std::string type;
            if (!path(type))
                return false;
            c.type = intern(type);
            if (atWord("in")) {
                ++m_pos;
                c.op = ScopeOp::IsIn;
                return scopeEntity(c, var);
            }
            return true;
        }
        if (at(Tok::Comma) || at(Tok::RParen))
            return true;
        return expected(var == Var::Action ? "`==`, `in`, `,` or `)`"
                                           : "`==`, `in`, `is`, `,` or `)`");
    }

    bool scopeEntity(ScopeConstraint &c, Var var)
    {
        if (at(Tok::Question)) {
            const SourceLoc loc = next().loc;
            if (!at(Tok::Ident))
                return expected("`principal` or `resource` after `?`");
            const std::string_view slot = next().text;
            if (var == Var::Principal && slot == "principal") {
                c.slot = Slot::Principal;
                return true;
            }
            if (var == Var::Resource && slot == "resource") {
                c.slot = Slot::Resource;
                return true;
            }
            return fail(loc, "the slot `?" + std::string(slot) + "` is not allowed here");
        }
        return entityReference(c.entity);
    }

    // Ident (:: Ident)*, refusing reserved words.
    bool path(std::string &out)
    {
        while (true) {
            if (!at(Tok::Ident))
                return expected("an identifier");
            if (isReserved(peek().text))
                return fail(peek().loc, "`" + std::string(peek().text)
                                            + "` is a reserved word and cannot name a type");
            out += next().text;
            if (!at(Tok::ColonColon) || peek(1).kind != Tok::Ident)
                return true;
            out += "::";
            ++m_pos;
        }
    }

    bool entityReference(EntityUid &uid)
    {
        std::string type;
        if (!path(type))
            return false;
        if (!expect(Tok::ColonColon, "`::`"))
            return false;
        if (!at(Tok::Str))
            return expected("an entity id (a string literal)");
        std::string id;
        if (!stringLiteral(next(), id))
            return false;
        uid = EntityUid::make(type, id);
        return true;
    }

    // ---- expressions ----------------------------------------------------------------------

    int32_t node(ExprKind kind, const SourceLoc &loc, int32_t a = -1, int32_t b = -1,
                 int32_t c = -1)
    {
        Expr e;
        e.kind = kind;
        e.loc = loc;
        e.a = a;
        e.b = b;
        e.c = c;
        m_body->nodes.push_back(std::move(e));
        return int32_t(m_body->nodes.size() - 1);
    }
    Expr &nodeAt(int32_t index) { return m_body->nodes[size_t(index)]; }

    int32_t literal(Value v, const SourceLoc &loc)
    {
        const int32_t n = node(ExprKind::Literal, loc);
        nodeAt(n).value = std::move(v);
        return n;
    }

    int32_t expression()
    {
        if (++m_depth > maxDepth) {
            fail(peek().loc, "the expression is nested too deeply");
            return -1;
        }
        int32_t result;
        if (atWord("if")) {
            const SourceLoc loc = next().loc;
            const int32_t cond = expression();
            if (cond < 0 || !expectWord("then"))
                return -1;
            const int32_t then = expression();
            if (then < 0 || !expectWord("else"))
                return -1;
            const int32_t otherwise = expression();
            if (otherwise < 0)
                return -1;
            result = node(ExprKind::If, loc, cond, then, otherwise);
        } else {
            result = orExpr();
        }
        --m_depth;
        return result;
    }

    int32_t orExpr()
    {
        int32_t left = andExpr();
        while (left >= 0 && at(Tok::OrOr)) {
            const SourceLoc loc = next().loc;
            const int32_t right = andExpr();
            if (right < 0)
                return -1;
            left = node(ExprKind::Or, loc, left, right);
        }
        return left;
    }

    int32_t andExpr()
    {
        int32_t left = relation();
        while (left >= 0 && at(Tok::AndAnd)) {
            const SourceLoc loc = next().loc;
            const int32_t right = relation();
            if (right < 0)
                return -1;
            left = node(ExprKind::And, loc, left, right);
        }
        return left;
    }

    int32_t relation()
    {
        const int32_t left = addExpr();
        if (left < 0)
            return -1;
        const SourceLoc loc = peek().loc;
        ExprKind kind;
        switch (peek().kind) {
        case Tok::EqEq: kind = ExprKind::Eq; break;
        case Tok::NotEq: kind = ExprKind::NotEq; break;
        case Tok::Less: kind = ExprKind::Less; break;
        case Tok::LessEq: kind = ExprKind::LessEq; break;
        case Tok::Greater: kind = ExprKind::Greater; break;
        case Tok::GreaterEq: kind = ExprKind::GreaterEq; break;
        case Tok::Assign:
            fail(loc, "`=` is not an operator; did you mean `==`?");
            return -1;
        case Tok::Ident:
            if (peek().text == "in") {
                kind = ExprKind::In;
                break;
            }
            if (peek().text == "has")
                return hasExpr(left);
            if (peek().text == "like")
                return likeExpr(left);
            if (peek().text == "is")
                return isExpr(left);
            return left;
        default: return left;
        }
        ++m_pos;
        const int32_t right = addExpr();
        if (right < 0)
            return -1;
        return node(kind, loc, left, right);
    }

    int32_t hasExpr(int32_t left)
    {
        const SourceLoc loc = next().loc;
        std::string name;
        if (at(Tok::Str)) {
            if (!stringLiteral(next(), name))
                return -1;
        } else if (at(Tok::Ident)) {
            name = next().text;
        } else {
            expected("an attribute name");
            return -1;
        }
        int32_t result = node(ExprKind::HasAttr, loc, left);
        nodeAt(result).name = intern(name);
        // `e has a.b` means `e has a && e.a has b`
        int32_t object = left;
        const Symbol *last = nodeAt(result).name;
        while (at(Tok::Dot) && peek(1).kind == Tok::Ident) {
            const SourceLoc dotLoc = next().loc;
            const int32_t get = node(ExprKind::GetAttr, dotLoc, object);
            nodeAt(get).name = last;
            last = intern(next().text);
            const int32_t has = node(ExprKind::HasAttr, dotLoc, get);
            nodeAt(has).name = last;
            result = node(ExprKind::And, dotLoc, result, has);
            object = get;
        }
        return result;
    }

    int32_t likeExpr(int32_t left)
    {
        const SourceLoc loc = next().loc;
        if (!at(Tok::Str)) {
            expected("a pattern (a string literal)");
            return -1;
        }
        const Token &token = next();
        Pattern pattern;
        size_t bad = 0;
        if (!unescapePattern(token.text, pattern, bad)) {
            SourceLoc where = token.loc;
            where.offset += uint32_t(bad);
            where.column += uint32_t(bad);
            fail(where, "invalid escape sequence in pattern");
            return -1;
        }
        const int32_t n = node(ExprKind::Like, loc, left);
        nodeAt(n).first = uint32_t(m_body->patterns.size());
        m_body->patterns.push_back(std::move(pattern));
        return n;
    }

    int32_t isExpr(int32_t left)
    {
        const SourceLoc loc = next().loc;
        std::string type;
        if (!path(type))
            return -1;
        const int32_t is = node(ExprKind::Is, loc, left);
        nodeAt(is).name = intern(type);
        if (!atWord("in"))
            return is;
        const SourceLoc inLoc = next().loc;
        const int32_t right = addExpr();
        if (right < 0)
            return -1;
        const int32_t in = node(ExprKind::In, inLoc, left, right);
        return node(ExprKind::And, loc, is, in);
    }

    int32_t addExpr()
    {
        int32_t left = mulExpr();
        while (left >= 0 && (at(Tok::Plus) || at(Tok::Minus))) {
            const Token &op = next();
            const int32_t right = mulExpr();
            if (right < 0)
                return -1;
            left = node(op.kind == Tok::Plus ? ExprKind::Add : ExprKind::Sub, op.loc, left, right);
        }
        return left;
    }

    int32_t mulExpr()
    {
        int32_t left = unary();
        while (left >= 0 && at(Tok::Star)) {
            const SourceLoc loc = next().loc;
            const int32_t right = unary();
            if (right < 0)
                return -1;
            left = node(ExprKind::Mul, loc, left, right);
        }
        return left;
    }

    int32_t unary()
    {
        if (!at(Tok::Bang) && !at(Tok::Minus))
            return member();
        const Tok op = peek().kind;
        std::vector<SourceLoc> locs;
        while (at(op))
            locs.push_back(next().loc);
        if (locs.size() > 4) {
            fail(locs[4], "too many `" + std::string(op == Tok::Bang ? "!" : "-") + "` in a row");
            return -1;
        }
        int32_t operand;
        if (op == Tok::Minus && at(Tok::Int) && peek(1).kind != Tok::Dot
            && peek(1).kind != Tok::LBracket) {
            // `-9223372036854775808` is a literal, not the negation of an out-of-range one
            const Token &token = next();
            uint64_t magnitude = 0;
            auto [end, ec] = std::from_chars(token.text.data(),
                                             token.text.data() + token.text.size(), magnitude);
            if (ec != std::errc() || magnitude > (uint64_t(1) << 63)) {
                fail(token.loc, "integer literal `" + std::string(token.text) + "` is too large");
                return -1;
            }
            operand = literal(Value::integer(int64_t(0 - magnitude)), locs.back());
            locs.pop_back();
        } else {
            operand = member();
        }
        for (size_t i = locs.size(); operand >= 0 && i-- > 0;)
            operand = node(op == Tok::Bang ? ExprKind::Not : ExprKind::Neg, locs[i], operand);
        return operand;
    }

    int32_t member()
    {
        int32_t object = primary();
        while (object >= 0) {
            if (at(Tok::Dot)) {
                const SourceLoc loc = next().loc;
                if (!at(Tok::Ident)) {
                    expected("an attribute or method name");
                    return -1;
                }
                const Token &name = next();
                if (at(Tok::LParen))
                    object = methodCall(object, name);
                else {
                    object = node(ExprKind::GetAttr, loc, object);
                    nodeAt(object).name = intern(name.text);
                }
            } else if (at(Tok::LBracket)) {
                const SourceLoc loc = next().loc;
                if (!at(Tok::Str)) {
                    expected("an attribute name (a string literal)");
                    return -1;
                }
                std::string name;
                if (!stringLiteral(next(), name) || !expect(Tok::RBracket, "`]`"))
                    return -1;
                object = node(ExprKind::GetAttr, loc, object);
                nodeAt(object).name = intern(name);
            } else {
                break;
            }
        }
        return object;
    }

    bool arguments(std::vector<int32_t> &args, Tok close, std::string_view closeText)
    {
        while (!at(close)) {
            const int32_t arg = expression();
            if (arg < 0)
                return false;
            args.push_back(arg);
            if (!accept(Tok::Comma))
                break;
        }
        return expect(close, "`,` or " + std::string(closeText));
    }

    int32_t list(ExprKind kind, const SourceLoc &loc, const std::vector<int32_t> &items)
    {
        const int32_t n = node(kind, loc);
        nodeAt(n).first = uint32_t(m_body->lists.size());
        nodeAt(n).count = uint32_t(items.size());
        m_body->lists.insert(m_body->lists.end(), items.begin(), items.end());
        return n;
    }

    int32_t methodCall(int32_t receiver, const Token &name)
    {
        ++m_pos;  // (
        std::vector<int32_t> args;
        if (!arguments(args, Tok::RParen, "`)`"))
            return -1;
        struct Builtin
        {
            std::string_view name;
            ExprKind kind;
            size_t arity;
        };
        static constexpr Builtin builtins[] = {
            {"contains", ExprKind::Contains, 1},     {"containsAll", ExprKind::ContainsAll, 1},
            {"containsAny", ExprKind::ContainsAny, 1}, {"isEmpty", ExprKind::IsEmpty, 0},
            {"getTag", ExprKind::GetTag, 1},         {"hasTag", ExprKind::HasTag, 1},
        };
        for (const Builtin &b : builtins) {
            if (b.name != name.text)
                continue;
            if (args.size() != b.arity) {
                fail(name.loc, '`' + std::string(b.name) + "` takes " + std::to_string(b.arity)
                                       + (b.arity == 1 ? " argument" : " arguments"));
                return -1;
            }
            return node(b.kind, name.loc, receiver, b.arity ? args[0] : -1);
        }
        const auto fn = findExtMethod(name.text);
        if (!fn) {
            if (findExtFunction(name.text))
                fail(name.loc, '`' + std::string(name.text) + "` is a function, not a method");
            else
                fail(name.loc, "unknown method `" + std::string(name.text) + '`');
            return -1;
        }
        // Cedar checks an extension function's arity when it is called, not when parsed.
        args.insert(args.begin(), receiver);
        const int32_t n = list(ExprKind::ExtCall, name.loc, args);
        nodeAt(n).fn = *fn;
        return n;
    }

    int32_t primary()
    {
        const Token &token = peek();
        switch (token.kind) {
        case Tok::Int: {
            ++m_pos;
            int64_t v = 0;
            auto [end, ec] = std::from_chars(token.text.data(),
                                             token.text.data() + token.text.size(), v);
            if (ec != std::errc()) {
                fail(token.loc, "integer literal `" + std::string(token.text) + "` is too large");
                return -1;
            }
            return literal(Value::integer(v), token.loc);
        }
        case Tok::Str: {
            ++m_pos;
            std::string s;
            if (!stringLiteral(token, s))
                return -1;
            return literal(Value::string(s), token.loc);
        }
        case Tok::LParen: {
            ++m_pos;
            const int32_t inner = expression();
            if (inner < 0 || !expect(Tok::RParen, "`)`"))
                return -1;
            return inner;
        }
        case Tok::LBracket: {
            ++m_pos;
            std::vector<int32_t> items;
            if (!arguments(items, Tok::RBracket, "`]`"))
                return -1;
            return list(ExprKind::Set, token.loc, items);
        }
        case Tok::LBrace: return recordLiteral();
        case Tok::Question:
            fail(token.loc, "template slots are only allowed in the policy scope");
            return -1;
        case Tok::Ident: return identifierExpression();
        default:
            expected("an expression");
            return -1;
        }
    }

    int32_t recordLiteral()
    {
        const SourceLoc loc = next().loc;
        std::vector<int32_t> values;
        std::vector<const Symbol *> keys;
        std::unordered_set<const Symbol *> seen;
        while (!at(Tok::RBrace)) {
            std::string key;
            const SourceLoc keyLoc = peek().loc;
            if (at(Tok::Str)) {
                if (!stringLiteral(next(), key))
                    return -1;
            } else if (at(Tok::Ident)) {
                key = next().text;
            } else {
                expected("a record key");
                return -1;
            }
            const Symbol *symbol = intern(key);
            if (!seen.insert(symbol).second) {
                fail(keyLoc, "duplicate key `" + key + "` in record literal");
                return -1;
            }
            if (!expect(Tok::Colon, "`:`"))
                return -1;
            const int32_t value = expression();
            if (value < 0)
                return -1;
            keys.push_back(symbol);
            values.push_back(value);
            if (!accept(Tok::Comma))
                break;
        }
        if (!expect(Tok::RBrace, "`,` or `}`"))
            return -1;
        const int32_t n = list(ExprKind::Record, loc, values);
        m_body->keys.resize(m_body->lists.size());
        for (size_t i = 0; i < keys.size(); ++i)
            m_body->keys[nodeAt(n).first + i] = keys[i];
        return n;
    }

    int32_t identifierExpression()
    {
        const Token &token = peek();
        if (token.text == "true" || token.text == "false") {
            ++m_pos;
            return literal(Value::boolean(token.text == "true"), token.loc);
        }
        if (peek(1).kind != Tok::ColonColon && peek(1).kind != Tok::LParen) {
            if (const auto var = variableNamed(token.text)) {
                ++m_pos;
                const int32_t n = node(ExprKind::Variable, token.loc);
                nodeAt(n).var = *var;
                return n;
            }
            if (isReserved(token.text))
                expected("an expression");
            else
                fail(token.loc, "unknown variable `" + std::string(token.text) + '`');
            return -1;
        }
        std::string name;
        if (!path(name))
            return -1;
        if (at(Tok::ColonColon)) {
            ++m_pos;
            if (!at(Tok::Str)) {
                expected("an entity id (a string literal)");
                return -1;
            }
            std::string id;
            if (!stringLiteral(next(), id))
                return -1;
            return literal(Value::entity(EntityUid::make(name, id)), token.loc);
        }
        if (!at(Tok::LParen)) {
            expected("`::` or `(`");
            return -1;
        }
        const auto fn = findExtFunction(name);
        if (!fn) {
            if (findExtMethod(name))
                fail(token.loc, '`' + name + "` is a method, not a function; call it as `e."
                                        + name + "(...)`");
            else
                fail(token.loc, "unknown function `" + name + '`');
            return -1;
        }
        ++m_pos;
        std::vector<int32_t> args;
        if (!arguments(args, Tok::RParen, "`)`"))
            return -1;
        // A constructor over a literal is computed once, here; a bad literal stays a call so
        // that it fails at evaluation, as Cedar specifies.
        if (args.size() == 1 && nodeAt(args[0]).kind == ExprKind::Literal) {
            Value v;
            std::string ignored;
            if (callExtFn(*fn, &nodeAt(args[0]).value, 1, v, ignored))
                return literal(std::move(v), token.loc);
        }
        const int32_t n = list(ExprKind::ExtCall, token.loc, args);
        nodeAt(n).fn = *fn;
        return n;
    }

    static constexpr int maxDepth = 200;

    const std::vector<Token> &m_tokens;
    size_t m_pos = 0;
    int m_depth = 0;
    bool m_failed = false;
    ParseError m_error;
    PolicyBody *m_body = nullptr;
};

} // namespace

std::expected<std::vector<PolicyAst>, ParseError> parsePolicies(std::string_view text)
{
    std::vector<Token> tokens;
    SyntaxError lexError;
    if (!tokenize(text, tokens, lexError))
        return std::unexpected(ParseError{lexError.loc, lexError.message});
    Parser parser(tokens);
    std::vector<PolicyAst> policies;
    if (!parser.policies(policies))
        return std::unexpected(parser.error());
    return policies;
}

std::expected<PolicyBody, ParseError> parseExpression(std::string_view text)
{
    std::vector<Token> tokens;
    SyntaxError lexError;
    if (!tokenize(text, tokens, lexError))
        return std::unexpected(ParseError{lexError.loc, lexError.message});
    Parser parser(tokens);
    PolicyBody body;
    if (!parser.standaloneExpression(body))
        return std::unexpected(parser.error());
    return body;
}

} // namespace mandate::policy
