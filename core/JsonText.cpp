#include "JsonText.h"

#include <QJsonDocument>

#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mandate {

namespace {

// For each ASCII character: 0 to copy it as is, else the letter of its short escape ('u' for
// \u00XX).
constexpr std::array<char, 128> kEscapes = [] {
    std::array<char, 128> table{};
    for (int c = 0; c < 0x20; ++c)
        table[std::size_t(c)] = 'u';
    table['"'] = '"';
    table['\\'] = '\\';
    table['\b'] = 'b';
    table['\f'] = 'f';
    table['\n'] = 'n';
    table['\r'] = 'r';
    table['\t'] = 't';
    return table;
}();

constexpr char kHex[] = "0123456789abcdef";

void appendEscaped(char *&to, unsigned char c)
{
    const char escape = kEscapes[c];
    *to++ = '\\';
    *to++ = escape;
    if (escape == 'u') {
        *to++ = '0';
        *to++ = '0';
        *to++ = kHex[c >> 4];
        *to++ = kHex[c & 0xf];
    }
}

} // namespace

void appendJsonString(QByteArray &out, QStringView text)
{
    // ASCII, escapes included, is written straight from UTF-16 in one pass (every token, audit
    // event and its canonical encoding passes through here, and audit details are JSON text
    // full of quotes). From the first non-ASCII character on, the rest goes through UTF-8.
    const char16_t *chars = text.utf16();
    const qsizetype length = text.size();
    const qsizetype start = out.size();
    out.resize(start + 2 + 6 * length); // the most it can take: every character \u00XX
    char *to = out.data() + start;
    *to++ = '"';
    qsizetype i = 0;
#if defined(__SSE2__)
    // Eight characters at a time while none of them needs an escape or is beyond ASCII: most
    // of what passes here is ids, scopes and times.
    const __m128i quote = _mm_set1_epi16('"');
    const __m128i backslash = _mm_set1_epi16('\\');
    const __m128i control = _mm_set1_epi16(0x20);
    const __m128i ascii = _mm_set1_epi16(0x7f);
    for (; i + 8 <= length; i += 8) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(chars + i));
        // Compared as signed: a unit from 0x8000 on is negative, below 0x20, and caught too.
        const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi16(v, control), _mm_cmpgt_epi16(v, ascii)),
                                             _mm_or_si128(_mm_cmpeq_epi16(v, quote), _mm_cmpeq_epi16(v, backslash)));
        if (_mm_movemask_epi8(special) != 0)
            break;
        _mm_storel_epi64(reinterpret_cast<__m128i *>(to), _mm_packus_epi16(v, v));
        to += 8;
    }
#endif
    for (; i < length; ++i) {
        const char16_t c = chars[i];
        if (c >= 0x80)
            break;
        if (kEscapes[c] == 0)
            *to++ = char(c);
        else
            appendEscaped(to, static_cast<unsigned char>(c));
    }
    if (i < length) {
        const QByteArray utf8 = text.sliced(i).toUtf8();
        const qsizetype written = to - out.constData(); // out may move when it grows
        out.resize(written + 6 * utf8.size() + 1);
        to = out.data() + written;
        for (const char ch : utf8) {
            const auto c = static_cast<unsigned char>(ch);
            if (c < 0x80 && kEscapes[c] != 0)
                appendEscaped(to, c);
            else
                *to++ = ch;
        }
    }
    *to++ = '"';
    out.resize(to - out.constData());
}

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace mandate
