#include "Clock.h"

namespace mandate {

namespace {

// Howard Hinnant's civil_from_days: the proleptic Gregorian date of a day count since
// 1970-01-01.
void civilFromDays(qint64 days, int &year, int &month, int &day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    month = int(mp < 10 ? mp + 3 : mp - 9);
    year = int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
}

void put(char16_t *&to, int value, int digits)
{
    for (int i = digits - 1; i >= 0; --i) {
        to[i] = char16_t(u'0' + value % 10);
        value /= 10;
    }
    to += digits;
}

} // namespace

QString formatTime(qint64 ms)
{
    // Years 1 to 9999 are written here: every token and audit event carries a time, and
    // QDateTime's formatting costs more than the rest of an audit event. Other years are
    // Qt's to write.
    constexpr qint64 dayMs = 86400000;
    constexpr qint64 year1Ms = -62135596800000;  // 0001-01-01T00:00:00Z
    constexpr qint64 year10000Ms = 253402300800000; // 10000-01-01T00:00:00Z
    if (ms < year1Ms || ms >= year10000Ms)
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
    qint64 days = ms / dayMs;
    qint64 rest = ms % dayMs;
    if (rest < 0) {
        rest += dayMs;
        --days;
    }
    int year, month, day;
    civilFromDays(days, year, month, day);
    QString out(24, Qt::Uninitialized);
    char16_t *to = reinterpret_cast<char16_t *>(out.data());
    put(to, year, 4);
    *to++ = u'-';
    put(to, month, 2);
    *to++ = u'-';
    put(to, day, 2);
    *to++ = u'T';
    put(to, int(rest / 3600000), 2);
    *to++ = u':';
    put(to, int(rest / 60000 % 60), 2);
    *to++ = u':';
    put(to, int(rest / 1000 % 60), 2);
    *to++ = u'.';
    put(to, int(rest % 1000), 3);
    *to = u'Z';
    return out;
}

} // namespace mandate
