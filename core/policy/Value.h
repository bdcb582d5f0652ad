#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mandate::policy {

// Interned strings: attribute names, entity type names. Interning happens when text is parsed
// or loaded, never while a request is evaluated; after that a name is compared by its address.
// Interned objects live until the process ends (their number is bounded by the vocabulary of
// the policies and entities loaded).
struct Symbol
{
    std::string text;
};
const Symbol *intern(std::string_view text);

// An entity uid, interned: two uids are equal if and only if their addresses are.
struct EntityUidData
{
    const Symbol *type;
    std::string id;
};

class EntityUid
{
public:
    EntityUid() = default;
    static EntityUid make(const Symbol *type, std::string_view id);
    static EntityUid make(std::string_view type, std::string_view id)
    {
        return make(intern(type), id);
    }

    bool isNull() const { return m_data == nullptr; }
    const Symbol *type() const { return m_data->type; }
    const std::string &typeName() const { return m_data->type->text; }
    const std::string &id() const { return m_data->id; }
    const EntityUidData *data() const { return m_data; }
    // Cedar's own rendering: Type::"id" with the id escaped.
    std::string toString() const;

    friend bool operator==(EntityUid a, EntityUid b) { return a.m_data == b.m_data; }

    explicit EntityUid(const EntityUidData *data)
        : m_data(data)
    {}

private:
    const EntityUidData *m_data = nullptr;
};

struct EntityUidHash
{
    size_t operator()(EntityUid uid) const { return std::hash<const void *>()(uid.data()); }
};

// An IP address with its prefix length (CIDR), kept as written: 10.0.0.1/24 keeps its host bits.
struct IpAddr
{
    uint8_t bytes[16] = {};  // IPv4 uses the first 4
    uint8_t prefix = 0;
    bool v6 = false;

    friend bool operator==(const IpAddr &, const IpAddr &) = default;
};

enum class ValueKind : uint8_t {
    Bool,
    Long,
    String,
    Entity,
    Set,
    Record,
    IpAddr,
    Decimal,   // fixed point, four decimal places: the value times 10,000
    Datetime,  // milliseconds since the Unix epoch
    Duration,  // milliseconds
};

const char *valueKindName(ValueKind kind);

class Value;

namespace detail {
struct HeapObject
{
    mutable std::atomic<int> refs{1};
};
struct StringObject;
struct SetObject;
struct RecordObject;
} // namespace detail

using RecordField = std::pair<const Symbol *, Value>;

// A Cedar value. Scalars (and IP addresses) are held inline; strings, sets and records are
// immutable and shared by reference count, so copying a value never allocates.
class Value
{
public:
    Value()
        : m_kind(ValueKind::Bool)
    {
        m_long = 0;
    }
    static Value boolean(bool b);
    static Value integer(int64_t v);
    static Value string(std::string_view s);
    static Value entity(EntityUid uid);
    // Sorts and removes duplicates: a set's representation is canonical.
    static Value set(std::vector<Value> items);
    // Sorts by name; the caller guarantees the names are distinct.
    static Value record(std::vector<RecordField> fields);
    static Value ipAddr(const IpAddr &ip);
    static Value decimal(int64_t scaled);
    static Value datetime(int64_t ms);
    static Value duration(int64_t ms);

    Value(const Value &other);
    Value(Value &&other) noexcept;
    Value &operator=(const Value &other);
    Value &operator=(Value &&other) noexcept;
    ~Value() { release(); }

    ValueKind kind() const { return m_kind; }
    bool isExtension() const { return m_kind >= ValueKind::IpAddr; }

    bool asBool() const { return m_bool; }
    int64_t asLong() const { return m_long; }  // also Decimal, Datetime, Duration
    const std::string &asString() const;
    EntityUid asEntity() const { return EntityUid(m_uid); }
    const std::vector<Value> &asSet() const;
    const std::vector<RecordField> &asRecord() const;
    const IpAddr &asIp() const { return m_ip; }

    // Record lookup by interned name.
    const Value *field(const Symbol *name) const;
    bool setContains(const Value &v) const;

    // Cedar's literal syntax, for messages and tests.
    std::string toString() const;

    friend bool operator==(const Value &a, const Value &b);
    // A total order (kind first) that keeps sets canonical; not Cedar's `<`.
    friend int compare(const Value &a, const Value &b);

private:
    void release();
    void retain() const;
    bool isHeap() const
    {
        return m_kind == ValueKind::String || m_kind == ValueKind::Set
                || m_kind == ValueKind::Record;
    }

    ValueKind m_kind;
    union {
        bool m_bool;
        int64_t m_long;
        const EntityUidData *m_uid;
        IpAddr m_ip;
        detail::HeapObject *m_heap;
    };
};

// Escapes a string the way Cedar prints it (\n, \", \u{1f}, ...).
std::string escapeString(std::string_view s);

} // namespace mandate::policy
