#include "StrictJson.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QVarLengthArray>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <limits>
#include <utility>

namespace mandate::crypto {

namespace {

// A recursive-descent recogniser for RFC 8259. It builds nothing but the member names of each
// object (to find duplicates); QJsonDocument builds the values once this has passed.
class Scanner
{
public:
    explicit Scanner(QByteArrayView text)
        : m_text(text)
    {}

    bool run()
    {
        skipSpace();
        if (peek() != '{')
            return error(QStringLiteral("is not a JSON object"));
        if (!value(0))
            return false;
        skipSpace();
        if (m_pos != m_text.size())
            return error(QStringLiteral("has trailing data after the JSON object"));
        return true;
    }

    QString problem() const { return m_problem; }

    // The members of the top level as run() passed them: where each name and value lie, and
    // whether the string among them had escapes.
    struct Span
    {
        qsizetype nameStart;
        qsizetype nameEnd;
        bool nameEscaped;
        qsizetype valueStart;
        qsizetype valueEnd;
        bool valueEscaped;
    };
    void keepTopLevel(QVarLengthArray<Span, 16> *spans) { m_spans = spans; }

    // A string known to be valid, decoded: straight from its UTF-8 when it has no escapes.
    QString decodedString(qsizetype start, qsizetype end, bool escaped)
    {
        if (!escaped)
            return QString::fromUtf8(m_text.sliced(start + 1, end - start - 2));
        QString text;
        const qsizetype saved = m_pos;
        m_pos = start;
        string(&text); // passed once already
        m_pos = saved;
        return text;
    }

private:
    int peek() const
    {
        return m_pos < m_text.size() ? static_cast<unsigned char>(m_text[m_pos]) : -1;
    }

    bool error(const QString &problem)
    {
        if (m_problem.isEmpty())
            m_problem = problem;
        return false;
    }

    bool syntax() { return error(QStringLiteral("is not valid JSON (offset %1)").arg(m_pos)); }

    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            ++m_pos;
        }
    }

    bool literal(QByteArrayView word)
    {
        if (m_text.sliced(m_pos).startsWith(word)) {
            m_pos += word.size();
            return true;
        }
        return syntax();
    }

    bool value(int depth)
    {
        skipSpace();
        switch (peek()) {
        case '{':
            return object(depth + 1);
        case '[':
            return array(depth + 1);
        case '"':
            return string(nullptr); // a value: checked, not kept (QJsonDocument reads it)
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return number();
        }
    }

    bool object(int depth)
    {
        if (depth > maxJsonDepth)
            return error(QStringLiteral("nests deeper than %1 levels").arg(maxJsonDepth));
        ++m_pos; // '{'
        // Objects here hold a handful of members: a linear search beats hashing them. Names are
        // compared as UTF-8: one without escapes as the bytes it was written with (checked
        // UTF-8, never overlong), one with escapes decoded first, so "a" and "\u0061" are the
        // same name.
        QVarLengthArray<QByteArrayView, 16> names;
        QVarLengthArray<QByteArray, 2> decoded; // owns the names that had escapes
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
            return true;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"')
                return syntax();
            const qsizetype start = m_pos;
            m_escaped = false;
            if (!string(nullptr))
                return false;
            const qsizetype nameEnd = m_pos;
            const bool nameEscaped = m_escaped;
            QByteArrayView name = m_text.sliced(start + 1, m_pos - start - 2);
            if (m_escaped) {
                decoded.append(decodedString(start, nameEnd, true).toUtf8());
                name = decoded.back(); // its bytes stay put when the array grows
            }
            if (std::find(names.cbegin(), names.cend(), name) != names.cend())
                return error(QStringLiteral("has a duplicate member \"%1\"")
                                     .arg(QString::fromUtf8(name).left(64)));
            names.append(name);
            skipSpace();
            if (peek() != ':')
                return syntax();
            ++m_pos;
            skipSpace();
            const qsizetype valueStart = m_pos;
            m_escaped = false;
            if (!value(depth))
                return false;
            if (depth == 1 && m_spans)
                m_spans->append(Span{start, nameEnd, nameEscaped, valueStart, m_pos, m_escaped});
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == '}') {
                ++m_pos;
                return true;
            }
            return syntax();
        }
    }

    bool array(int depth)
    {
        if (depth > maxJsonDepth)
            return error(QStringLiteral("nests deeper than %1 levels").arg(maxJsonDepth));
        ++m_pos; // '['
        skipSpace();
        if (peek() == ']') {
            ++m_pos;
            return true;
        }
        for (;;) {
            if (!value(depth))
                return false;
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == ']') {
                ++m_pos;
                return true;
            }
            return syntax();
        }
    }

    bool digits()
    {
        const qsizetype start = m_pos;
        while (peek() >= '0' && peek() <= '9')
            ++m_pos;
        return m_pos > start;
    }

    bool number()
    {
        if (peek() == '-')
            ++m_pos;
        if (peek() == '0') {
            ++m_pos;
        } else if (!digits()) {
            return syntax();
        }
        if (peek() == '.') {
            ++m_pos;
            if (!digits())
                return syntax();
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (!digits())
                return syntax();
        }
        return true;
    }

    int hex4()
    {
        if (m_pos + 4 > m_text.size())
            return -1;
        int v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos + i];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= c - '0';
            else if (c >= 'a' && c <= 'f')
                v |= c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                v |= c - 'A' + 10;
            else
                return -1;
        }
        m_pos += 4;
        return v;
    }

    // Decodes one UTF-8 sequence strictly (no overlong forms, no surrogates, at most U+10FFFF).
    // out may be null: the sequence is checked, not kept.
    bool utf8(QString *out)
    {
        const auto at = [this](qsizetype i) { return static_cast<unsigned char>(m_text[i]); };
        const unsigned char lead = at(m_pos);
        int extra = 0;
        char32_t cp = 0;
        char32_t min = 0;
        if (lead >= 0xc2 && lead <= 0xdf) {
            extra = 1;
            cp = lead & 0x1f;
            min = 0x80;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            extra = 2;
            cp = lead & 0x0f;
            min = 0x800;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            extra = 3;
            cp = lead & 0x07;
            min = 0x10000;
        } else {
            return error(QStringLiteral("is not valid UTF-8 (offset %1)").arg(m_pos));
        }
        if (m_pos + extra >= m_text.size())
            return error(QStringLiteral("is not valid UTF-8 (offset %1)").arg(m_pos));
        for (int i = 1; i <= extra; ++i) {
            const unsigned char c = at(m_pos + i);
            if ((c & 0xc0) != 0x80)
                return error(QStringLiteral("is not valid UTF-8 (offset %1)").arg(m_pos));
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return error(QStringLiteral("is not valid UTF-8 (offset %1)").arg(m_pos));
        m_pos += extra + 1;
        if (out)
            out->append(QStringView(QChar::fromUcs4(cp)));
        return true;
    }

    // out may be null: the string is checked, not kept.
    bool string(QString *out)
    {
        ++m_pos; // '"'
        for (;;) {
            const int c = peek();
            if (c < 0)
                return syntax();
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (c < 0x20)
                return error(QStringLiteral("has a control character in a string (offset %1)")
                                     .arg(m_pos));
            if (c >= 0x80) {
                if (!utf8(out))
                    return false;
                continue;
            }
            ++m_pos;
            if (c != '\\') {
                if (out)
                    out->append(QLatin1Char(static_cast<char>(c)));
                continue;
            }
            m_escaped = true;
            const int e = peek();
            ++m_pos;
            // The short escapes: \" \\ \/ \b \f \n \r \t; otherwise only \uXXXX.
            static constexpr std::pair<char, char16_t> kShort[] = {
                    {'"', u'"'}, {'\\', u'\\'}, {'/', u'/'}, {'b', u'\b'},
                    {'f', u'\f'}, {'n', u'\n'},   {'r', u'\r'}, {'t', u'\t'}};
            const auto shortEscape = std::find_if(std::begin(kShort), std::end(kShort),
                                                  [e](const auto &pair) { return pair.first == e; });
            if (shortEscape != std::end(kShort)) {
                if (out)
                    out->append(QChar(shortEscape->second));
                continue;
            }
            if (e != 'u')
                return syntax();
            const int unit = hex4();
            if (unit < 0)
                return syntax();
            if (unit >= 0xdc00 && unit <= 0xdfff)
                return error(
                        QStringLiteral("has a lone surrogate escape (offset %1)").arg(m_pos));
            if (unit >= 0xd800 && unit <= 0xdbff) {
                if (peek() != '\\')
                    return error(QStringLiteral("has a lone surrogate escape (offset %1)")
                                         .arg(m_pos));
                ++m_pos;
                if (peek() != 'u')
                    return error(QStringLiteral("has a lone surrogate escape (offset %1)")
                                         .arg(m_pos));
                ++m_pos;
                const int low = hex4();
                if (low < 0xdc00 || low > 0xdfff)
                    return error(QStringLiteral("has a lone surrogate escape (offset %1)")
                                         .arg(m_pos));
                if (out) {
                    out->append(QChar(static_cast<char16_t>(unit)));
                    out->append(QChar(static_cast<char16_t>(low)));
                }
            } else if (out) {
                out->append(QChar(static_cast<char16_t>(unit)));
            }
        }
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    bool m_escaped = false; // the last string read had an escape
    QString m_problem;
    QVarLengthArray<Span, 16> *m_spans = nullptr;
};

} // namespace

Result<QJsonObject> parseStrictJsonObject(QByteArrayView json, QStringView what)
{
    Scanner scanner(json);
    if (!scanner.run())
        return fail(ErrorCode::InvalidArgument, what.toString() + u' ' + scanner.problem());

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return fail(ErrorCode::InvalidArgument, what.toString()
                                                        + QStringLiteral(" is not valid JSON: ")
                                                        + parseError.errorString());
    return document.object();
}

Status readStrictJsonObject(QByteArrayView json, QStringView what,
                            const std::function<void(const StrictJsonMember &)> &visit)
{
    QVarLengthArray<Scanner::Span, 16> spans;
    Scanner scanner(json);
    scanner.keepTopLevel(&spans);
    if (!scanner.run())
        return fail(ErrorCode::InvalidArgument, what.toString() + u' ' + scanner.problem());
    QByteArray decodedName;
    for (const Scanner::Span &span : spans) {
        StrictJsonMember member;
        if (span.nameEscaped) {
            decodedName = scanner.decodedString(span.nameStart, span.nameEnd, true).toUtf8();
            member.name = decodedName;
        } else {
            member.name = json.sliced(span.nameStart + 1, span.nameEnd - span.nameStart - 2);
        }
        member.json = json.sliced(span.valueStart, span.valueEnd - span.valueStart);
        switch (member.json.front()) {
        case '"':
            member.type = QJsonValue::String;
            member.string = scanner.decodedString(span.valueStart, span.valueEnd, span.valueEscaped);
            break;
        case '{':
            member.type = QJsonValue::Object;
            break;
        case '[':
            member.type = QJsonValue::Array;
            break;
        case 't':
        case 'f':
            member.type = QJsonValue::Bool;
            member.boolean = member.json.front() == 't';
            break;
        case 'n':
            member.type = QJsonValue::Null;
            break;
        default: {
            // Checked as a JSON number already. Beyond a double's range it reads as infinite,
            // below it as zero.
            member.type = QJsonValue::Double;
            const char *end = member.json.data() + member.json.size();
            const auto [stop, error] = std::from_chars(member.json.data(), end, member.number);
            if (error == std::errc::result_out_of_range) {
                const bool negative = member.json.front() == '-';
                const bool tiny = member.json.contains("e-") || member.json.contains("E-");
                member.number = tiny ? 0.0 : std::numeric_limits<double>::infinity();
                if (negative)
                    member.number = -member.number;
            } else if (error != std::errc() || stop != end) {
                return fail(ErrorCode::InvalidArgument, what.toString() + QStringLiteral(" has an unreadable number"));
            }
            break;
        }
        }
        visit(member);
    }
    return {};
}

} // namespace mandate::crypto
