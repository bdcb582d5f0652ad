#include "Schema.h"

#include "Lexer.h"

#include <map>
#include <set>

namespace mandate::policy {

const SchemaAttribute *SchemaType::attribute(const Symbol *attr) const
{
    for (const SchemaAttribute &a : attributes) {
        if (a.name == attr)
            return &a;
    }
    return nullptr;
}

const EntityTypeDecl *Schema::entityType(const Symbol *name) const
{
    auto it = m_entityIndex.find(name);
    return it == m_entityIndex.end() ? nullptr : &m_entityTypes[it->second];
}

const ActionDecl *Schema::action(EntityUid uid) const
{
    auto it = m_actionIndex.find(uid.data());
    return it == m_actionIndex.end() ? nullptr : &m_actions[it->second];
}

namespace {

// A type as written, before names are resolved (a name may be declared after its use).
struct RawType
{
    enum class Kind { Name, Set, Record } kind = Kind::Name;
    std::string name;       // Name
    std::string nameSpace;  // where the name was written
    SourceLoc loc;
    std::shared_ptr<RawType> element;
    struct Attr
    {
        std::string name;
        bool required = true;
        std::shared_ptr<RawType> type;
    };
    std::vector<Attr> attributes;
};
using RawTypePtr = std::shared_ptr<RawType>;

struct RawEntity
{
    std::string name;  // qualified
    std::string nameSpace;
    std::vector<std::string> memberOf;  // as written
    RawTypePtr shape;
    RawTypePtr tags;
    std::vector<std::string> enumIds;
};

struct RawAction
{
    std::string nameSpace;
    std::string id;
    std::vector<std::pair<std::string, std::string>> memberOf;  // (type as written or "", id)
    std::vector<std::string> principals;
    std::vector<std::string> resources;
    RawTypePtr context;
    SourceLoc loc;
};

std::string qualify(const std::string &nameSpace, const std::string &name)
{
    return nameSpace.empty() ? name : nameSpace + "::" + name;
}

} // namespace

class SchemaParser
{
public:
    explicit SchemaParser(const std::vector<Token> &tokens)
        : m_tokens(tokens)
    {}

    bool parse(Schema &schema)
    {
        while (!at(Tok::End)) {
            if (!annotations())
                return false;
            if (atWord("namespace")) {
                ++m_pos;
                std::string ns;
                if (!path(ns) || !expect(Tok::LBrace, "`{`"))
                    return false;
                while (!at(Tok::RBrace)) {
                    if (at(Tok::End))
                        return expected("`}`");
                    if (!annotations() || !declaration(ns))
                        return false;
                }
                ++m_pos;
            } else if (!declaration({})) {
                return false;
            }
        }
        return resolve(schema);
    }

    const ParseError &error() const { return m_error; }

private:
    const Token &peek(size_t ahead = 0) const
    {
        return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)];
    }
    const Token &next() { return m_tokens[std::min(m_pos++, m_tokens.size() - 1)]; }
    bool at(Tok kind) const { return peek().kind == kind; }
    bool atWord(std::string_view w) const { return peek().kind == Tok::Ident && peek().text == w; }
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
    bool expect(Tok kind, std::string_view what) { return accept(kind) || expected(what); }

    bool string(std::string &out)
    {
        if (!at(Tok::Str))
            return expected("a string literal");
        size_t bad = 0;
        const Token &t = next();
        if (!unescapeString(t.text, out, bad))
            return fail(t.loc, "invalid escape sequence in string literal");
        return true;
    }

    bool annotations()
    {
        while (accept(Tok::At)) {
            if (!at(Tok::Ident))
                return expected("an annotation name");
            ++m_pos;
            if (accept(Tok::LParen)) {
                std::string ignored;
                if (!string(ignored) || !expect(Tok::RParen, "`)`"))
                    return false;
            }
        }
        return true;
    }

    bool path(std::string &out)
    {
        if (!at(Tok::Ident))
            return expected("an identifier");
        out = next().text;
        while (at(Tok::ColonColon) && peek(1).kind == Tok::Ident) {
            ++m_pos;
            out += "::";
            out += next().text;
        }
        return true;
    }

    bool name(std::string &out)
    {
        if (at(Tok::Str))
            return string(out);
        if (!at(Tok::Ident))
            return expected("a name");
        out = next().text;
        return true;
    }

    bool declaration(const std::string &ns)
    {
        if (atWord("entity"))
            return entity(ns);
        if (atWord("action"))
            return action(ns);
        if (atWord("type")) {
            ++m_pos;
            std::string n;
            if (!path(n) || !expect(Tok::Assign, "`=`"))
                return false;
            RawTypePtr t = type(ns);
            if (!t || !expect(Tok::Semi, "`;`"))
                return false;
            m_commonTypes[qualify(ns, n)] = t;
            return true;
        }
        return expected("`entity`, `action`, `type` or `namespace`");
    }

    bool entityOrTypes(std::vector<std::string> &out)
    {
        if (accept(Tok::LBracket)) {
            while (!at(Tok::RBracket)) {
                std::string p;
                if (!path(p))
                    return false;
                out.push_back(p);
                if (!accept(Tok::Comma))
                    break;
            }
            return expect(Tok::RBracket, "`]`");
        }
        std::string p;
        if (!path(p))
            return false;
        out.push_back(p);
        return true;
    }

    bool entity(const std::string &ns)
    {
        ++m_pos;
        std::vector<std::string> names;
        do {
            if (!at(Tok::Ident))
                return expected("an entity type name");
            names.emplace_back(next().text);
        } while (accept(Tok::Comma));
        RawEntity e;
        e.nameSpace = ns;
        if (atWord("enum")) {
            ++m_pos;
            if (!expect(Tok::LBracket, "`[`"))
                return false;
            while (!at(Tok::RBracket)) {
                std::string id;
                if (!string(id))
                    return false;
                e.enumIds.push_back(id);
                if (!accept(Tok::Comma))
                    break;
            }
            if (!expect(Tok::RBracket, "`]`"))
                return false;
        } else {
            if (atWord("in")) {
                ++m_pos;
                if (!entityOrTypes(e.memberOf))
                    return false;
            }
            accept(Tok::Assign);
            if (at(Tok::LBrace)) {
                e.shape = type(ns);
                if (!e.shape)
                    return false;
            }
            if (atWord("tags")) {
                ++m_pos;
                e.tags = type(ns);
                if (!e.tags)
                    return false;
            }
        }
        if (!expect(Tok::Semi, "`;`"))
            return false;
        for (const std::string &n : names) {
            RawEntity copy = e;
            copy.name = qualify(ns, n);
            m_entities.push_back(std::move(copy));
        }
        return true;
    }

    bool actionRef(const std::string &ns, std::vector<std::pair<std::string, std::string>> &out)
    {
        if (at(Tok::Str)) {
            std::string id;
            if (!string(id))
                return false;
            out.emplace_back(std::string(), id);
            return true;
        }
        std::string p;
        if (!path(p))
            return false;
        if (accept(Tok::ColonColon)) {
            std::string id;
            if (!string(id))
                return false;
            out.emplace_back(p, id);
            return true;
        }
        out.emplace_back(std::string(), p);  // a bare identifier names an action
        (void)ns;
        return true;
    }

    bool action(const std::string &ns)
    {
        const SourceLoc loc = next().loc;
        std::vector<std::string> names;
        do {
            std::string n;
            if (!name(n))
                return false;
            names.push_back(n);
        } while (accept(Tok::Comma));
        RawAction a;
        a.nameSpace = ns;
        a.loc = loc;
        if (atWord("in")) {
            ++m_pos;
            if (accept(Tok::LBracket)) {
                while (!at(Tok::RBracket)) {
                    if (!actionRef(ns, a.memberOf))
                        return false;
                    if (!accept(Tok::Comma))
                        break;
                }
                if (!expect(Tok::RBracket, "`]`"))
                    return false;
            } else if (!actionRef(ns, a.memberOf)) {
                return false;
            }
        }
        if (atWord("appliesTo")) {
            ++m_pos;
            if (!expect(Tok::LBrace, "`{`"))
                return false;
            while (!at(Tok::RBrace)) {
                if (atWord("principal") || atWord("resource")) {
                    const bool principal = next().text == "principal";
                    if (!expect(Tok::Colon, "`:`")
                        || !entityOrTypes(principal ? a.principals : a.resources))
                        return false;
                } else if (atWord("context")) {
                    ++m_pos;
                    if (!expect(Tok::Colon, "`:`"))
                        return false;
                    a.context = type(ns);
                    if (!a.context)
                        return false;
                } else {
                    return expected("`principal`, `resource` or `context`");
                }
                if (!accept(Tok::Comma))
                    break;
            }
            if (!expect(Tok::RBrace, "`}`"))
                return false;
        }
        if (atWord("attributes")) {
            ++m_pos;
            if (!type(ns))
                return false;
        }
        if (!expect(Tok::Semi, "`;`"))
            return false;
        for (const std::string &n : names) {
            RawAction copy = a;
            copy.id = n;
            m_actions.push_back(std::move(copy));
        }
        return true;
    }

    RawTypePtr type(const std::string &ns)
    {
        auto t = std::make_shared<RawType>();
        t->loc = peek().loc;
        t->nameSpace = ns;
        if (accept(Tok::LBrace)) {
            t->kind = RawType::Kind::Record;
            std::set<std::string> seen;
            while (!at(Tok::RBrace)) {
                if (!annotations())
                    return nullptr;
                RawType::Attr attr;
                const SourceLoc attrLoc = peek().loc;
                if (!name(attr.name))
                    return nullptr;
                if (!seen.insert(attr.name).second) {
                    fail(attrLoc, "duplicate attribute `" + attr.name + '`');
                    return nullptr;
                }
                if (accept(Tok::Question))
                    attr.required = false;
                if (!expect(Tok::Colon, "`:`"))
                    return nullptr;
                attr.type = type(ns);
                if (!attr.type)
                    return nullptr;
                t->attributes.push_back(std::move(attr));
                if (!accept(Tok::Comma))
                    break;
            }
            if (!expect(Tok::RBrace, "`}`"))
                return nullptr;
            return t;
        }
        if (atWord("Set") && peek(1).kind == Tok::Less) {
            m_pos += 2;
            t->kind = RawType::Kind::Set;
            t->element = type(ns);
            if (!t->element || !expect(Tok::Greater, "`>`"))
                return nullptr;
            return t;
        }
        if (!path(t->name))
            return nullptr;
        return t;
    }

    // ---- resolution -----------------------------------------------------------------------

    SchemaTypePtr builtin(const std::string &n)
    {
        auto t = std::make_shared<SchemaType>();
        if (n == "Long")
            t->kind = SchemaType::Kind::Long;
        else if (n == "String")
            t->kind = SchemaType::Kind::String;
        else if (n == "Bool" || n == "Boolean")
            t->kind = SchemaType::Kind::Bool;
        else if (n == "ipaddr" || n == "decimal" || n == "datetime" || n == "duration") {
            t->kind = SchemaType::Kind::Extension;
            t->name = intern(n);
        } else
            return nullptr;
        return t;
    }

    SchemaTypePtr entityTypeRef(const std::string &qualified)
    {
        auto t = std::make_shared<SchemaType>();
        t->kind = SchemaType::Kind::Entity;
        t->name = intern(qualified);
        return t;
    }

    SchemaTypePtr resolveName(const std::string &n, const std::string &ns, const SourceLoc &loc,
                              int depth)
    {
        if (n.starts_with("__cedar::")) {
            if (auto t = builtin(n.substr(9)))
                return t;
        }
        std::vector<std::string> candidates;
        if (!ns.empty())
            candidates.push_back(ns + "::" + n);
        candidates.push_back(n);
        for (const std::string &c : candidates) {
            if (auto it = m_commonTypes.find(c); it != m_commonTypes.end())
                return resolve(it->second, depth + 1);
            if (m_entityNames.count(c))
                return entityTypeRef(c);
        }
        if (auto t = builtin(n))
            return t;
        fail(loc, "unknown type `" + n + '`');
        return nullptr;
    }

    SchemaTypePtr resolve(const RawTypePtr &raw, int depth = 0)
    {
        if (depth > 64) {
            fail(raw->loc, "common types refer to each other in a cycle");
            return nullptr;
        }
        switch (raw->kind) {
        case RawType::Kind::Name: return resolveName(raw->name, raw->nameSpace, raw->loc, depth);
        case RawType::Kind::Set: {
            auto t = std::make_shared<SchemaType>();
            t->kind = SchemaType::Kind::Set;
            t->element = resolve(raw->element, depth);
            return t->element ? t : nullptr;
        }
        case RawType::Kind::Record: {
            auto t = std::make_shared<SchemaType>();
            t->kind = SchemaType::Kind::Record;
            for (const RawType::Attr &a : raw->attributes) {
                SchemaTypePtr at = resolve(a.type, depth);
                if (!at)
                    return nullptr;
                t->attributes.push_back(SchemaAttribute{intern(a.name), at, a.required});
            }
            return t;
        }
        }
        return nullptr;
    }

    const Symbol *entityTypeName(const std::string &n, const std::string &ns, const SourceLoc &loc)
    {
        if (!ns.empty() && m_entityNames.count(ns + "::" + n))
            return intern(ns + "::" + n);
        if (m_entityNames.count(n))
            return intern(n);
        fail(loc, "unknown entity type `" + n + '`');
        return nullptr;
    }

    bool resolve(Schema &schema)
    {
        for (const RawEntity &e : m_entities) {
            if (!m_entityNames.insert(e.name).second)
                return fail(SourceLoc{}, "entity type `" + e.name + "` is declared twice");
        }
        for (const RawEntity &e : m_entities) {
            EntityTypeDecl decl;
            decl.name = intern(e.name);
            decl.enumIds = e.enumIds;
            for (const std::string &m : e.memberOf) {
                const Symbol *s = entityTypeName(m, e.nameSpace, SourceLoc{});
                if (!s)
                    return false;
                decl.memberOf.push_back(s);
            }
            if (e.shape) {
                decl.shape = resolve(e.shape);
                if (!decl.shape)
                    return false;
                if (decl.shape->kind != SchemaType::Kind::Record)
                    return fail(e.shape->loc, "an entity's attributes must be a record type");
            } else {
                auto empty = std::make_shared<SchemaType>();
                empty->kind = SchemaType::Kind::Record;
                decl.shape = empty;
            }
            if (e.tags) {
                decl.tags = resolve(e.tags);
                if (!decl.tags)
                    return false;
            }
            schema.m_entityIndex[decl.name] = schema.m_entityTypes.size();
            schema.m_entityTypes.push_back(std::move(decl));
        }
        for (const RawAction &a : m_actions) {
            ActionDecl decl;
            decl.uid = EntityUid::make(qualify(a.nameSpace, "Action"), a.id);
            if (schema.m_actionIndex.count(decl.uid.data()))
                return fail(a.loc, "action `" + a.id + "` is declared twice");
            for (const auto &[type, id] : a.memberOf) {
                std::string t = type.empty() ? qualify(a.nameSpace, "Action") : type;
                if (!type.empty() && !a.nameSpace.empty() && type == "Action")
                    t = qualify(a.nameSpace, "Action");
                decl.memberOf.push_back(EntityUid::make(t, id));
            }
            for (const std::string &p : a.principals) {
                const Symbol *s = entityTypeName(p, a.nameSpace, a.loc);
                if (!s)
                    return false;
                decl.principalTypes.push_back(s);
            }
            for (const std::string &r : a.resources) {
                const Symbol *s = entityTypeName(r, a.nameSpace, a.loc);
                if (!s)
                    return false;
                decl.resourceTypes.push_back(s);
            }
            if (a.context) {
                decl.context = resolve(a.context);
                if (!decl.context)
                    return false;
                if (decl.context->kind != SchemaType::Kind::Record)
                    return fail(a.context->loc, "an action's context must be a record type");
            } else {
                auto empty = std::make_shared<SchemaType>();
                empty->kind = SchemaType::Kind::Record;
                decl.context = empty;
            }
            schema.m_actionIndex[decl.uid.data()] = schema.m_actions.size();
            schema.m_actions.push_back(std::move(decl));
        }
        return true;
    }

    const std::vector<Token> &m_tokens;
    size_t m_pos = 0;
    bool m_failed = false;
    ParseError m_error;
    std::vector<RawEntity> m_entities;
    std::vector<RawAction> m_actions;
    std::map<std::string, RawTypePtr> m_commonTypes;
    std::set<std::string> m_entityNames;
};

std::expected<Schema, ParseError> Schema::parseCedarSchema(std::string_view text)
{
    std::vector<Token> tokens;
    SyntaxError lexError;
    if (!tokenize(text, tokens, lexError))
        return std::unexpected(ParseError{lexError.loc, lexError.message});
    SchemaParser parser(tokens);
    Schema schema;
    if (!parser.parse(schema))
        return std::unexpected(parser.error());
    return schema;
}

} // namespace mandate::policy
