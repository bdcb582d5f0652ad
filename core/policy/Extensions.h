#pragma once

#include "Value.h"

#include <optional>
#include <string>
#include <string_view>

namespace mandate::policy {

// Cedar's extension types: ipaddr, decimal, datetime and duration, their constructors and
// methods. A method's receiver is its first argument.
enum class ExtFn : uint8_t {
    Ip,
    Decimal,
    Datetime,
    Duration,
    IsIpv4,
    IsIpv6,
    IsLoopback,
    IsMulticast,
    IsInRange,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    Offset,
    DurationSince,
    ToDate,
    ToTime,
    ToMilliseconds,
    ToSeconds,
    ToMinutes,
    ToHours,
    ToDays,
};

struct ExtFnInfo
{
    const char *name;
    bool isMethod;  // called as receiver.name(...), not name(...)
    int arity;      // arguments, receiver included
};

const ExtFnInfo &extFnInfo(ExtFn fn);
std::optional<ExtFn> findExtFunction(std::string_view name);  // constructors
std::optional<ExtFn> findExtMethod(std::string_view name);

// Calls an extension function; on failure returns false and says why in `error`.
bool callExtFn(ExtFn fn, const Value *args, int count, Value &out, std::string &error);

std::optional<IpAddr> parseIpAddr(std::string_view text);
std::optional<int64_t> parseDecimal(std::string_view text);   // scaled by 10,000
std::optional<int64_t> parseDatetime(std::string_view text);  // ms since the epoch
std::optional<int64_t> parseDuration(std::string_view text);  // ms

} // namespace mandate::policy
