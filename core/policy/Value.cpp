#include "Value.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace mandate::policy {

namespace detail {
struct StringObject : HeapObject
{
    std::string text;
};
struct SetObject : HeapObject
{
    std::vector<Value> items;
};
struct RecordObject : HeapObject
{
    std::vector<RecordField> fields;
};
} // namespace detail

namespace {

struct UidKey
{
    const Symbol *type;
    std::string_view id;
    bool operator==(const UidKey &) const = default;
};

struct UidKeyHash
{
    size_t operator()(const UidKey &k) const
    {
        return std::hash<std::string_view>()(k.id) * 31 + std::hash<const void *>()(k.type);
    }
};

// The interning tables; their objects are never freed, so the addresses handed out stay valid.
struct Interner
{
    std::mutex mutex;
    std::unordered_map<std::string_view, std::unique_ptr<Symbol>> symbols;
    std::unordered_map<UidKey, std::unique_ptr<EntityUidData>, UidKeyHash> uids;
};

Interner &interner()
{
    static Interner *table = new Interner;  // intentionally leaked: outlives static destructors
    return *table;
}

template <typename T>
int cmp3(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

} // namespace

const Symbol *intern(std::string_view text)
{
    Interner &t = interner();
    std::lock_guard lock(t.mutex);
    auto it = t.symbols.find(text);
    if (it != t.symbols.end())
        return it->second.get();
    auto symbol = std::make_unique<Symbol>(Symbol{std::string(text)});
    const Symbol *result = symbol.get();
    t.symbols.emplace(std::string_view(result->text), std::move(symbol));
    return result;
}

EntityUid EntityUid::make(const Symbol *type, std::string_view id)
{
    Interner &t = interner();
    std::lock_guard lock(t.mutex);
    auto it = t.uids.find(UidKey{type, id});
    if (it != t.uids.end())
        return EntityUid(it->second.get());
    auto data = std::make_unique<EntityUidData>(EntityUidData{type, std::string(id)});
    const EntityUidData *result = data.get();
    t.uids.emplace(UidKey{type, std::string_view(result->id)}, std::move(data));
    return EntityUid(result);
}

std::string EntityUid::toString() const
{
    if (!m_data)
        return "<null>";
    return m_data->type->text + "::\"" + escapeString(m_data->id) + '"';
}

const char *valueKindName(ValueKind kind)
{
    switch (kind) {
    case ValueKind::Bool: return "bool";
    case ValueKind::Long: return "long";
    case ValueKind::String: return "string";
    case ValueKind::Entity: return "entity";
    case ValueKind::Set: return "set";
    case ValueKind::Record: return "record";
    case ValueKind::IpAddr: return "ipaddr";
    case ValueKind::Decimal: return "decimal";
    case ValueKind::Datetime: return "datetime";
    case ValueKind::Duration: return "duration";
    }
    return "?";
}

Value Value::boolean(bool b)
{
    Value v;
    v.m_kind = ValueKind::Bool;
    v.m_long = 0;
    v.m_bool = b;
    return v;
}

Value Value::integer(int64_t i)
{
    Value v;
    v.m_kind = ValueKind::Long;
    v.m_long = i;
    return v;
}

Value Value::decimal(int64_t scaled)
{
    Value v = integer(scaled);
    v.m_kind = ValueKind::Decimal;
    return v;
}

Value Value::datetime(int64_t ms)
{
    Value v = integer(ms);
    v.m_kind = ValueKind::Datetime;
    return v;
}

Value Value::duration(int64_t ms)
{
    Value v = integer(ms);
    v.m_kind = ValueKind::Duration;
    return v;
}

Value Value::string(std::string_view s)
{
    auto *object = new detail::StringObject;
    object->text.assign(s);
    Value v;
    v.m_kind = ValueKind::String;
    v.m_heap = object;
    return v;
}

Value Value::entity(EntityUid uid)
{
    Value v;
    v.m_kind = ValueKind::Entity;
    v.m_uid = uid.data();
    return v;
}

Value Value::set(std::vector<Value> items)
{
    std::sort(items.begin(), items.end(),
              [](const Value &a, const Value &b) { return compare(a, b) < 0; });
    items.erase(std::unique(items.begin(), items.end()), items.end());
    auto *object = new detail::SetObject;
    object->items = std::move(items);
    Value v;
    v.m_kind = ValueKind::Set;
    v.m_heap = object;
    return v;
}

Value Value::record(std::vector<RecordField> fields)
{
    std::sort(fields.begin(), fields.end(), [](const RecordField &a, const RecordField &b) {
        return a.first->text < b.first->text;
    });
    auto *object = new detail::RecordObject;
    object->fields = std::move(fields);
    Value v;
    v.m_kind = ValueKind::Record;
    v.m_heap = object;
    return v;
}

Value Value::ipAddr(const IpAddr &ip)
{
    Value v;
    v.m_kind = ValueKind::IpAddr;
    v.m_ip = ip;
    return v;
}

Value::Value(const Value &other)
    : m_kind(other.m_kind)
{
    m_ip = other.m_ip;  // the widest member: copies every representation
    retain();
}

Value::Value(Value &&other) noexcept
    : m_kind(other.m_kind)
{
    m_ip = other.m_ip;
    other.m_kind = ValueKind::Bool;
    other.m_long = 0;
}

Value &Value::operator=(const Value &other)
{
    if (this != &other) {
        other.retain();
        release();
        m_kind = other.m_kind;
        m_ip = other.m_ip;
    }
    return *this;
}

Value &Value::operator=(Value &&other) noexcept
{
    if (this != &other) {
        release();
        m_kind = other.m_kind;
        m_ip = other.m_ip;
        other.m_kind = ValueKind::Bool;
        other.m_long = 0;
    }
    return *this;
}

void Value::retain() const
{
    if (isHeap())
        m_heap->refs.fetch_add(1, std::memory_order_relaxed);
}

void Value::release()
{
    if (!isHeap())
        return;
    if (m_heap->refs.fetch_sub(1, std::memory_order_acq_rel) != 1)
        return;
    switch (m_kind) {
    case ValueKind::String: delete static_cast<detail::StringObject *>(m_heap); break;
    case ValueKind::Set: delete static_cast<detail::SetObject *>(m_heap); break;
    case ValueKind::Record: delete static_cast<detail::RecordObject *>(m_heap); break;
    default: break;
    }
    m_kind = ValueKind::Bool;
    m_long = 0;
}

const std::string &Value::asString() const
{
    return static_cast<const detail::StringObject *>(m_heap)->text;
}

const std::vector<Value> &Value::asSet() const
{
    return static_cast<const detail::SetObject *>(m_heap)->items;
}

const std::vector<RecordField> &Value::asRecord() const
{
    return static_cast<const detail::RecordObject *>(m_heap)->fields;
}

const Value *Value::field(const Symbol *name) const
{
    for (const RecordField &f : asRecord()) {
        if (f.first == name)
            return &f.second;
    }
    return nullptr;
}

bool Value::setContains(const Value &v) const
{
    const auto &items = asSet();
    auto it = std::lower_bound(items.begin(), items.end(), v,
                               [](const Value &a, const Value &b) { return compare(a, b) < 0; });
    return it != items.end() && *it == v;
}

bool operator==(const Value &a, const Value &b)
{
    if (a.m_kind != b.m_kind)
        return false;
    switch (a.m_kind) {
    case ValueKind::Bool: return a.m_bool == b.m_bool;
    case ValueKind::Long:
    case ValueKind::Decimal:
    case ValueKind::Datetime:
    case ValueKind::Duration: return a.m_long == b.m_long;
    case ValueKind::Entity: return a.m_uid == b.m_uid;
    case ValueKind::IpAddr: return a.m_ip == b.m_ip;
    case ValueKind::String: return a.m_heap == b.m_heap || a.asString() == b.asString();
    case ValueKind::Set:
    case ValueKind::Record: return a.m_heap == b.m_heap || compare(a, b) == 0;
    }
    return false;
}

int compare(const Value &a, const Value &b)
{
    if (a.m_kind != b.m_kind)
        return cmp3(a.m_kind, b.m_kind);
    switch (a.m_kind) {
    case ValueKind::Bool: return cmp3(a.m_bool, b.m_bool);
    case ValueKind::Long:
    case ValueKind::Decimal:
    case ValueKind::Datetime:
    case ValueKind::Duration: return cmp3(a.m_long, b.m_long);
    case ValueKind::Entity: {
        if (a.m_uid == b.m_uid)
            return 0;
        if (a.m_uid->type != b.m_uid->type)
            return cmp3(a.m_uid->type->text, b.m_uid->type->text);
        return cmp3(a.m_uid->id, b.m_uid->id);
    }
    case ValueKind::IpAddr: {
        if (a.m_ip.v6 != b.m_ip.v6)
            return cmp3(a.m_ip.v6, b.m_ip.v6);
        const int c = std::memcmp(a.m_ip.bytes, b.m_ip.bytes, 16);
        if (c != 0)
            return c < 0 ? -1 : 1;
        return cmp3(a.m_ip.prefix, b.m_ip.prefix);
    }
    case ValueKind::String: return a.asString().compare(b.asString()) < 0 ? -1 : (a.asString() == b.asString() ? 0 : 1);
    case ValueKind::Set: {
        const auto &x = a.asSet();
        const auto &y = b.asSet();
        for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (const int c = compare(x[i], y[i]))
                return c;
        }
        return cmp3(x.size(), y.size());
    }
    case ValueKind::Record: {
        const auto &x = a.asRecord();
        const auto &y = b.asRecord();
        for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (x[i].first != y[i].first)
                return cmp3(x[i].first->text, y[i].first->text);
            if (const int c = compare(x[i].second, y[i].second))
                return c;
        }
        return cmp3(x.size(), y.size());
    }
    }
    return 0;
}

std::string escapeString(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\0': out += "\\0"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                static const char hex[] = "0123456789abcdef";
                out += "\\u{";
                if (c >= 16)
                    out += hex[c >> 4];
                out += hex[c & 15];
                out += '}';
            } else {
                out += ch;
            }
        }
    }
    return out;
}

namespace {
std::string ipToString(const IpAddr &ip)
{
    std::string out;
    if (!ip.v6) {
        for (int i = 0; i < 4; ++i) {
            if (i)
                out += '.';
            out += std::to_string(ip.bytes[i]);
        }
    } else {
        static const char hex[] = "0123456789abcdef";
        for (int i = 0; i < 8; ++i) {
            if (i)
                out += ':';
            const unsigned group = (unsigned(ip.bytes[2 * i]) << 8) | ip.bytes[2 * i + 1];
            bool started = false;
            for (int shift = 12; shift >= 0; shift -= 4) {
                const unsigned d = (group >> shift) & 15;
                if (d || started || shift == 0) {
                    out += hex[d];
                    started = true;
                }
            }
        }
    }
    return out + '/' + std::to_string(ip.prefix);
}

std::string decimalToString(int64_t v)
{
    const bool negative = v < 0;
    const uint64_t mag = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    std::string frac = std::to_string(mag % 10000);
    frac.insert(0, 4 - frac.size(), '0');
    return (negative ? "-" : "") + std::to_string(mag / 10000) + '.' + frac;
}
} // namespace

std::string Value::toString() const
{
    switch (m_kind) {
    case ValueKind::Bool: return m_bool ? "true" : "false";
    case ValueKind::Long: return std::to_string(m_long);
    case ValueKind::String: return '"' + escapeString(asString()) + '"';
    case ValueKind::Entity: return asEntity().toString();
    case ValueKind::Set: {
        std::string out = "[";
        for (const Value &v : asSet()) {
            if (out.size() > 1)
                out += ", ";
            out += v.toString();
        }
        return out + ']';
    }
    case ValueKind::Record: {
        std::string out = "{";
        for (const RecordField &f : asRecord()) {
            if (out.size() > 1)
                out += ", ";
            out += '"' + escapeString(f.first->text) + "\": " + f.second.toString();
        }
        return out + '}';
    }
    case ValueKind::IpAddr: return "ip(\"" + ipToString(m_ip) + "\")";
    case ValueKind::Decimal: return "decimal(\"" + decimalToString(m_long) + "\")";
    case ValueKind::Datetime: return "datetime(" + std::to_string(m_long) + "ms since epoch)";
    case ValueKind::Duration: return "duration(\"" + std::to_string(m_long) + "ms\")";
    }
    return {};
}

} // namespace mandate::policy
