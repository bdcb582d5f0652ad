#include "ValidatorTypes_p.h"

#include <algorithm>

namespace mandate::policy::validation {

static VTypePtr simple(VType::Kind kind)
{
    auto t = std::make_shared<VType>();
    t->kind = kind;
    return t;
}

const VTypePtr &trueType()
{
    static const VTypePtr t = simple(VType::Kind::True);
    return t;
}
const VTypePtr &falseType()
{
    static const VTypePtr t = simple(VType::Kind::False);
    return t;
}
const VTypePtr &boolType()
{
    static const VTypePtr t = simple(VType::Kind::Bool);
    return t;
}
const VTypePtr &longType()
{
    static const VTypePtr t = simple(VType::Kind::Long);
    return t;
}
const VTypePtr &stringType()
{
    static const VTypePtr t = simple(VType::Kind::String);
    return t;
}

VTypePtr named(VType::Kind kind, const Symbol *name)
{
    auto t = std::make_shared<VType>();
    t->kind = kind;
    t->name = name;
    return t;
}

VTypePtr setOf(VTypePtr element)
{
    auto t = std::make_shared<VType>();
    t->kind = VType::Kind::Set;
    t->element = std::move(element);
    return t;
}

VTypePtr boolOf(bool b) { return b ? trueType() : falseType(); }

void sortAttributes(std::vector<VAttr> &attrs)
{
    std::sort(attrs.begin(), attrs.end(),
              [](const VAttr &a, const VAttr &b) { return a.name->text < b.name->text; });
}

VTypePtr fromSchema(const SchemaType &s)
{
    using K = SchemaType::Kind;
    switch (s.kind) {
    case K::Bool: return boolType();
    case K::Long: return longType();
    case K::String: return stringType();
    case K::Entity: return named(VType::Kind::Entity, s.name);
    case K::Extension: return named(VType::Kind::Ext, s.name);
    case K::Set: return setOf(fromSchema(*s.element));
    case K::Record: {
        auto t = std::make_shared<VType>();
        t->kind = VType::Kind::Record;
        for (const SchemaAttribute &a : s.attributes)
            t->attributes.push_back(VAttr{a.name, fromSchema(*a.type), a.required});
        sortAttributes(t->attributes);
        return t;
    }
    }
    return boolType();
}

VTypePtr lub(const VTypePtr &a, const VTypePtr &b)
{
    if (a->isBool() && b->isBool())
        return a->kind == b->kind ? a : boolType();
    if (a->kind != b->kind)
        return nullptr;
    switch (a->kind) {
    case VType::Kind::Set: {
        VTypePtr e = lub(a->element, b->element);
        return e ? setOf(e) : nullptr;
    }
    case VType::Kind::Record: {
        if (a->attributes.size() != b->attributes.size())
            return nullptr;
        auto t = std::make_shared<VType>();
        t->kind = VType::Kind::Record;
        for (size_t i = 0; i < a->attributes.size(); ++i) {
            const VAttr &x = a->attributes[i];
            const VAttr &y = b->attributes[i];
            if (x.name != y.name || x.required != y.required)
                return nullptr;
            VTypePtr l = lub(x.type, y.type);
            if (!l)
                return nullptr;
            t->attributes.push_back(VAttr{x.name, l, x.required});
        }
        return t;
    }
    default: return sameType(*a, *b) ? a : nullptr;
    }
}

bool sameType(const VType &a, const VType &b)
{
    if (a.kind != b.kind || a.name != b.name)
        return false;
    if (a.kind == VType::Kind::Set)
        return sameType(*a.element, *b.element);
    if (a.kind == VType::Kind::Record) {
        if (a.attributes.size() != b.attributes.size())
            return false;
        for (size_t i = 0; i < a.attributes.size(); ++i) {
            if (a.attributes[i].name != b.attributes[i].name
                || a.attributes[i].required != b.attributes[i].required
                || !sameType(*a.attributes[i].type, *b.attributes[i].type))
                return false;
        }
    }
    return true;
}

std::string typeName(const VType &t)
{
    switch (t.kind) {
    case VType::Kind::True: return "true";
    case VType::Kind::False: return "false";
    case VType::Kind::Bool: return "Bool";
    case VType::Kind::Long: return "Long";
    case VType::Kind::String: return "String";
    case VType::Kind::Entity: return t.name->text;
    case VType::Kind::Ext: return t.name->text;
    case VType::Kind::Set: return "Set<" + typeName(*t.element) + '>';
    case VType::Kind::Record: return "a record";
    }
    return "?";
}

SchemaFacts::SchemaFacts(const Schema &s)
    : schema(s)
{
    for (const EntityTypeDecl &e : s.entityTypes()) {
        attrs[e.name] = fromSchema(*e.shape);
        if (e.tags)
            tags[e.name] = fromSchema(*e.tags);
    }
    for (const EntityTypeDecl &e : s.entityTypes()) {
        std::set<const Symbol *> &out = typeAncestors[e.name];
        std::vector<const Symbol *> pending(e.memberOf.begin(), e.memberOf.end());
        while (!pending.empty()) {
            const Symbol *t = pending.back();
            pending.pop_back();
            if (!out.insert(t).second)
                continue;
            if (const EntityTypeDecl *d = s.entityType(t))
                pending.insert(pending.end(), d->memberOf.begin(), d->memberOf.end());
        }
    }
    for (const ActionDecl &a : s.actions()) {
        actionTypes.insert(a.uid.type());
        std::set<const EntityUidData *> &out = actionAncestors[a.uid.data()];
        std::vector<EntityUid> pending = a.memberOf;
        while (!pending.empty()) {
            const EntityUid u = pending.back();
            pending.pop_back();
            if (!out.insert(u.data()).second)
                continue;
            if (const ActionDecl *d = s.action(u))
                pending.insert(pending.end(), d->memberOf.begin(), d->memberOf.end());
        }
    }
}

} // namespace mandate::policy::validation
