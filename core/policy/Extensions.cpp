#include "Extensions.h"

#include <array>
#include <charconv>
#include <limits>

namespace mandate::policy {

namespace {

constexpr std::array<ExtFnInfo, 22> extFns{{
    {"ip", false, 1},
    {"decimal", false, 1},
    {"datetime", false, 1},
    {"duration", false, 1},
    {"isIpv4", true, 1},
    {"isIpv6", true, 1},
    {"isLoopback", true, 1},
    {"isMulticast", true, 1},
    {"isInRange", true, 2},
    {"lessThan", true, 2},
    {"lessThanOrEqual", true, 2},
    {"greaterThan", true, 2},
    {"greaterThanOrEqual", true, 2},
    {"offset", true, 2},
    {"durationSince", true, 2},
    {"toDate", true, 1},
    {"toTime", true, 1},
    {"toMilliseconds", true, 1},
    {"toSeconds", true, 1},
    {"toMinutes", true, 1},
    {"toHours", true, 1},
    {"toDays", true, 1},
}};

constexpr int64_t msPerDay = 86'400'000;

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool allDigits(std::string_view s)
{
    for (const char c : s) {
        if (!isDigit(c))
            return false;
    }
    return !s.empty();
}

// Parses decimal digits into an int64, refusing overflow.
std::optional<int64_t> parseDigits(std::string_view s)
{
    if (!allDigits(s))
        return std::nullopt;
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

// A decimal component without leading zeros ("0" itself is fine) and at most maxLen digits.
std::optional<int> parseSmallNumber(std::string_view s, size_t maxLen, int max)
{
    if (s.empty() || s.size() > maxLen || !allDigits(s) || (s[0] == '0' && s.size() > 1))
        return std::nullopt;
    int v = 0;
    for (const char c : s)
        v = v * 10 + (c - '0');
    if (v > max)
        return std::nullopt;
    return v;
}

std::vector<std::string_view> split(std::string_view s, std::string_view sep)
{
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        const size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            parts.push_back(s.substr(start));
            return parts;
        }
        parts.push_back(s.substr(start, pos - start));
        start = pos + sep.size();
    }
}

bool parseV4(std::string_view s, IpAddr &ip)
{
    const auto parts = split(s, ".");
    if (parts.size() != 4)
        return false;
    for (size_t i = 0; i < 4; ++i) {
        const auto octet = parseSmallNumber(parts[i], 3, 255);
        if (!octet)
            return false;
        ip.bytes[i] = static_cast<uint8_t>(*octet);
    }
    ip.v6 = false;
    return true;
}

bool parseV6Groups(std::string_view s, std::vector<uint16_t> &groups)
{
    if (s.empty())
        return true;
    for (std::string_view g : split(s, ":")) {
        if (g.empty() || g.size() > 4)
            return false;
        unsigned v = 0;
        for (const char c : g) {
            int d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                return false;
            v = v * 16 + unsigned(d);
        }
        groups.push_back(static_cast<uint16_t>(v));
    }
    return true;
}

bool parseV6(std::string_view s, IpAddr &ip)
{
    const auto halves = split(s, "::");
    std::vector<uint16_t> head, tail;
    if (halves.size() > 2 || !parseV6Groups(halves[0], head))
        return false;
    if (halves.size() == 1) {
        if (head.size() != 8)
            return false;
    } else {
        if (!parseV6Groups(halves[1], tail) || head.size() + tail.size() > 7)
            return false;
    }
    std::array<uint16_t, 8> all{};
    for (size_t i = 0; i < head.size(); ++i)
        all[i] = head[i];
    for (size_t i = 0; i < tail.size(); ++i)
        all[8 - tail.size() + i] = tail[i];
    for (size_t i = 0; i < 8; ++i) {
        ip.bytes[2 * i] = static_cast<uint8_t>(all[i] >> 8);
        ip.bytes[2 * i + 1] = static_cast<uint8_t>(all[i] & 0xff);
    }
    ip.v6 = true;
    return true;
}

__extension__ typedef unsigned __int128 U128;

// The network's first and last addresses as 128-bit integers.
struct IpRange
{
    U128 first;
    U128 last;
};

IpRange ipRange(const IpAddr &ip)
{
    const int width = ip.v6 ? 128 : 32;
    U128 addr = 0;
    for (int i = 0; i < width / 8; ++i)
        addr = (addr << 8) | ip.bytes[i];
    const int hostBits = width - ip.prefix;
    U128 hostMask = hostBits >= 128 ? ~U128(0)
                                                 : (U128(1) << hostBits) - 1;
    return {addr & ~hostMask, (addr & ~hostMask) | hostMask};
}

bool ipInRange(const IpAddr &a, const IpAddr &b)
{
    if (a.v6 != b.v6)
        return false;
    const IpRange ra = ipRange(a);
    const IpRange rb = ipRange(b);
    return rb.first <= ra.first && ra.last <= rb.last;
}

IpAddr fixedNet(bool v6, std::initializer_list<uint8_t> bytes, uint8_t prefix)
{
    IpAddr ip;
    ip.v6 = v6;
    ip.prefix = prefix;
    size_t i = 0;
    for (const uint8_t b : bytes)
        ip.bytes[i++] = b;
    return ip;
}

bool isLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int64_t y, int m)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeapYear(y) ? 29 : days[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t daysFromCivil(int64_t y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::optional<int> fixedDigits(std::string_view s, size_t pos, size_t count)
{
    if (pos + count > s.size())
        return std::nullopt;
    int v = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        if (!isDigit(s[i]))
            return std::nullopt;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool typeError(std::string &error, ExtFn fn, const char *expected, const Value &got)
{
    error = std::string("type error: ") + extFnInfo(fn).name + " expects " + expected + ", got "
            + valueKindName(got.kind());
    return false;
}

bool overflow(std::string &error, ExtFn fn)
{
    error = std::string("overflow in ") + extFnInfo(fn).name;
    return false;
}

} // namespace

const ExtFnInfo &extFnInfo(ExtFn fn)
{
    return extFns[static_cast<size_t>(fn)];
}

std::optional<ExtFn> findExtFunction(std::string_view name)
{
    for (size_t i = 0; i < extFns.size(); ++i) {
        if (!extFns[i].isMethod && name == extFns[i].name)
            return static_cast<ExtFn>(i);
    }
    return std::nullopt;
}

std::optional<ExtFn> findExtMethod(std::string_view name)
{
    for (size_t i = 0; i < extFns.size(); ++i) {
        if (extFns[i].isMethod && name == extFns[i].name)
            return static_cast<ExtFn>(i);
    }
    return std::nullopt;
}

std::optional<IpAddr> parseIpAddr(std::string_view text)
{
    const auto parts = split(text, "/");
    if (parts.size() > 2)
        return std::nullopt;
    IpAddr ip;
    if (parseV4(parts[0], ip)) {
        ip.prefix = 32;
    } else if (parseV6(parts[0], ip)) {
        ip.prefix = 128;
    } else {
        return std::nullopt;
    }
    if (parts.size() == 2) {
        const auto prefix = ip.v6 ? parseSmallNumber(parts[1], 3, 128)
                                  : parseSmallNumber(parts[1], 2, 32);
        if (!prefix)
            return std::nullopt;
        ip.prefix = static_cast<uint8_t>(*prefix);
    }
    return ip;
}

std::optional<int64_t> parseDecimal(std::string_view text)
{
    const size_t dot = text.find('.');
    if (dot == std::string_view::npos)
        return std::nullopt;
    std::string_view whole = text.substr(0, dot);
    const std::string_view frac = text.substr(dot + 1);
    const bool negative = !whole.empty() && whole[0] == '-';
    if (negative)
        whole.remove_prefix(1);
    if (!allDigits(whole) || !allDigits(frac) || frac.size() > 4)
        return std::nullopt;
    auto w = parseDigits(whole);
    if (!w)
        return std::nullopt;
    int64_t f = 0;
    for (size_t i = 0; i < 4; ++i)
        f = f * 10 + (i < frac.size() ? frac[i] - '0' : 0);
    int64_t scaled;
    if (__builtin_mul_overflow(negative ? -*w : *w, int64_t(10000), &scaled))
        return std::nullopt;
    int64_t result;
    if (negative ? __builtin_sub_overflow(scaled, f, &result)
                 : __builtin_add_overflow(scaled, f, &result))
        return std::nullopt;
    return result;
}

std::optional<int64_t> parseDatetime(std::string_view s)
{
    if (s.size() < 10 || s[4] != '-' || s[7] != '-')
        return std::nullopt;
    const auto year = fixedDigits(s, 0, 4);
    const auto month = fixedDigits(s, 5, 2);
    const auto day = fixedDigits(s, 8, 2);
    if (!year || !month || !day || *month < 1 || *month > 12 || *day < 1
        || *day > daysInMonth(*year, *month))
        return std::nullopt;
    int64_t ms = daysFromCivil(*year, *month, *day) * msPerDay;
    if (s.size() == 10)
        return ms;
    if (s.size() < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        return std::nullopt;
    const auto hh = fixedDigits(s, 11, 2);
    const auto mm = fixedDigits(s, 14, 2);
    const auto ss = fixedDigits(s, 17, 2);
    if (!hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 59)
        return std::nullopt;
    ms += (int64_t(*hh) * 3600 + *mm * 60 + *ss) * 1000;
    size_t pos = 19;
    if (s[pos] == '.') {
        const auto millis = fixedDigits(s, pos + 1, 3);
        if (!millis)
            return std::nullopt;
        ms += *millis;
        pos += 4;
    }
    if (pos < s.size() && s[pos] == 'Z' && pos + 1 == s.size())
        return ms;
    if (pos + 5 != s.size() || (s[pos] != '+' && s[pos] != '-'))
        return std::nullopt;
    const auto oh = fixedDigits(s, pos + 1, 2);
    const auto om = fixedDigits(s, pos + 3, 2);
    if (!oh || !om || *oh > 23 || *om > 59)
        return std::nullopt;
    const int64_t offset = (int64_t(*oh) * 60 + *om) * 60'000;
    return s[pos] == '+' ? ms - offset : ms + offset;
}

std::optional<int64_t> parseDuration(std::string_view s)
{
    bool negative = false;
    if (!s.empty() && s[0] == '-') {
        negative = true;
        s.remove_prefix(1);
    }
    if (s.empty())
        return std::nullopt;
    struct Unit
    {
        std::string_view suffix;
        int64_t ms;
    };
    static constexpr Unit units[] = {{"d", msPerDay}, {"h", 3'600'000}, {"m", 60'000},
                                     {"s", 1000}, {"ms", 1}};
    // The sign applies to the whole: accumulate the magnitude unsigned and check the signed
    // result fits, so that "-9223372036854775808ms" (the smallest duration) parses as in Cedar.
    uint64_t total = 0;
    constexpr uint64_t limit = uint64_t(1) << 63;  // 2^63
    size_t nextUnit = 0;
    size_t pos = 0;
    while (pos < s.size()) {
        size_t end = pos;
        while (end < s.size() && isDigit(s[end]))
            ++end;
        if (end == pos || end == s.size())
            return std::nullopt;
        uint64_t amount = 0;
        const auto [last, ec] = std::from_chars(s.data() + pos, s.data() + end, amount);
        if (ec != std::errc() || last != s.data() + end)
            return std::nullopt;
        std::string_view suffix;
        if (s.substr(end, 2) == "ms")
            suffix = "ms";
        else
            suffix = s.substr(end, 1);
        size_t unit = nextUnit;
        while (unit < std::size(units) && units[unit].suffix != suffix)
            ++unit;
        if (unit == std::size(units))
            return std::nullopt;
        uint64_t part;
        if (__builtin_mul_overflow(amount, uint64_t(units[unit].ms), &part)
            || __builtin_add_overflow(total, part, &total) || total > limit)
            return std::nullopt;
        nextUnit = unit + 1;
        pos = end + suffix.size();
    }
    if (!negative)
        return total < limit ? std::optional<int64_t>(int64_t(total)) : std::nullopt;
    return total == limit ? std::numeric_limits<int64_t>::min() : -int64_t(total);
}

bool callExtFn(ExtFn fn, const Value *args, int count, Value &out, std::string &error)
{
    const ExtFnInfo &info = extFnInfo(fn);
    if (count != info.arity) {
        error = std::string("wrong number of arguments to ") + info.name;
        return false;
    }
    const Value &a = args[0];
    switch (fn) {
    case ExtFn::Ip:
    case ExtFn::Decimal:
    case ExtFn::Datetime:
    case ExtFn::Duration: {
        if (a.kind() != ValueKind::String)
            return typeError(error, fn, "string", a);
        const std::string &text = a.asString();
        bool ok = false;
        if (fn == ExtFn::Ip) {
            if (auto ip = parseIpAddr(text)) {
                out = Value::ipAddr(*ip);
                ok = true;
            }
        } else if (fn == ExtFn::Decimal) {
            if (auto d = parseDecimal(text)) {
                out = Value::decimal(*d);
                ok = true;
            }
        } else if (fn == ExtFn::Datetime) {
            if (auto d = parseDatetime(text)) {
                out = Value::datetime(*d);
                ok = true;
            }
        } else if (auto d = parseDuration(text)) {
            out = Value::duration(*d);
            ok = true;
        }
        if (!ok)
            error = std::string("invalid ") + info.name + " literal \"" + escapeString(text) + '"';
        return ok;
    }
    case ExtFn::IsIpv4:
    case ExtFn::IsIpv6:
    case ExtFn::IsLoopback:
    case ExtFn::IsMulticast:
    case ExtFn::IsInRange: {
        if (a.kind() != ValueKind::IpAddr)
            return typeError(error, fn, "ipaddr", a);
        const IpAddr &ip = a.asIp();
        switch (fn) {
        case ExtFn::IsIpv4: out = Value::boolean(!ip.v6); return true;
        case ExtFn::IsIpv6: out = Value::boolean(ip.v6); return true;
        case ExtFn::IsLoopback: {
            static const IpAddr v4 = fixedNet(false, {127, 0, 0, 0}, 8);
            static const IpAddr v6 = fixedNet(true, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128);
            out = Value::boolean(ipInRange(ip, ip.v6 ? v6 : v4));
            return true;
        }
        case ExtFn::IsMulticast: {
            static const IpAddr v4 = fixedNet(false, {224, 0, 0, 0}, 4);
            static const IpAddr v6 = fixedNet(true, {0xff, 0}, 8);
            out = Value::boolean(ipInRange(ip, ip.v6 ? v6 : v4));
            return true;
        }
        default:
            if (args[1].kind() != ValueKind::IpAddr)
                return typeError(error, fn, "ipaddr", args[1]);
            out = Value::boolean(ipInRange(ip, args[1].asIp()));
            return true;
        }
    }
    case ExtFn::LessThan:
    case ExtFn::LessThanOrEqual:
    case ExtFn::GreaterThan:
    case ExtFn::GreaterThanOrEqual: {
        if (a.kind() != ValueKind::Decimal)
            return typeError(error, fn, "decimal", a);
        if (args[1].kind() != ValueKind::Decimal)
            return typeError(error, fn, "decimal", args[1]);
        const int64_t x = a.asLong();
        const int64_t y = args[1].asLong();
        const bool r = fn == ExtFn::LessThan ? x < y
                : fn == ExtFn::LessThanOrEqual ? x <= y
                : fn == ExtFn::GreaterThan     ? x > y
                                               : x >= y;
        out = Value::boolean(r);
        return true;
    }
    case ExtFn::Offset:
    case ExtFn::DurationSince:
    case ExtFn::ToDate:
    case ExtFn::ToTime: {
        if (a.kind() != ValueKind::Datetime)
            return typeError(error, fn, "datetime", a);
        const int64_t t = a.asLong();
        int64_t r;
        if (fn == ExtFn::Offset) {
            if (args[1].kind() != ValueKind::Duration)
                return typeError(error, fn, "duration", args[1]);
            if (__builtin_add_overflow(t, args[1].asLong(), &r))
                return overflow(error, fn);
            out = Value::datetime(r);
        } else if (fn == ExtFn::DurationSince) {
            if (args[1].kind() != ValueKind::Datetime)
                return typeError(error, fn, "datetime", args[1]);
            if (__builtin_sub_overflow(t, args[1].asLong(), &r))
                return overflow(error, fn);
            out = Value::duration(r);
        } else {
            int64_t days = t / msPerDay;
            int64_t rem = t % msPerDay;
            if (rem < 0) {
                --days;
                rem += msPerDay;
            }
            if (fn == ExtFn::ToTime) {
                out = Value::duration(rem);
            } else {
                if (__builtin_mul_overflow(days, msPerDay, &r))
                    return overflow(error, fn);
                out = Value::datetime(r);
            }
        }
        return true;
    }
    case ExtFn::ToMilliseconds:
    case ExtFn::ToSeconds:
    case ExtFn::ToMinutes:
    case ExtFn::ToHours:
    case ExtFn::ToDays: {
        if (a.kind() != ValueKind::Duration)
            return typeError(error, fn, "duration", a);
        static constexpr int64_t divisors[] = {1, 1000, 60'000, 3'600'000, msPerDay};
        const auto index = static_cast<size_t>(fn) - static_cast<size_t>(ExtFn::ToMilliseconds);
        out = Value::integer(a.asLong() / divisors[index]);
        return true;
    }
    }
    error = "unknown extension function";
    return false;
}

} // namespace mandate::policy
