#include "Jwk.h"

#include "Bytes.h"
#include "OpenSsl_p.h"
#include "StrictJson.h"

#include <QCryptographicHash>
#include <QDebug>
#include <QJsonArray>

namespace mandate::crypto {

using detail::KeyData;
using detail::SecretBytes;

namespace {

// A base64url member: empty when absent and optional, never empty when present.
Result<QByteArray> decodeMember(const QJsonObject &o, QLatin1StringView name, bool required)
{
    const QJsonValue value = o.value(name);
    if (value.isUndefined()) {
        if (required)
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("the JWK has no \"%1\" member").arg(name));
        return QByteArray();
    }
    if (!value.isString())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("the JWK member \"%1\" is not a string").arg(name));
    auto decoded = base64UrlDecode(value.toString().toLatin1());
    if (!decoded)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("the JWK member \"%1\" is not valid: %2")
                            .arg(name, decoded.error().message));
    if (decoded->isEmpty())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("the JWK member \"%1\" is empty").arg(name));
    return decoded;
}

Result<SecretBytes> decodeSecret(const QJsonObject &o, QLatin1StringView name, bool required)
{
    auto decoded = decodeMember(o, name, required);
    if (!decoded)
        return std::unexpected(decoded.error());
    return SecretBytes(std::move(*decoded));
}

Result<QString> optionalString(const QJsonObject &o, QLatin1StringView name)
{
    const QJsonValue value = o.value(name);
    if (value.isUndefined())
        return QString();
    if (!value.isString())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("the JWK member \"%1\" is not a string").arg(name));
    return value.toString();
}

// The non-key members of RFC 7517 section 4 that this module acts on.
Status readMetadata(const QJsonObject &o, KeyData &data)
{
    auto kid = optionalString(o, QLatin1StringView("kid"));
    auto alg = optionalString(o, QLatin1StringView("alg"));
    auto use = optionalString(o, QLatin1StringView("use"));
    for (const auto *r : {&kid, &alg, &use}) {
        if (!*r)
            return std::unexpected(r->error());
    }
    data.kid = *kid;
    data.alg = *alg;
    data.use = *use;
    const QJsonValue ops = o.value(QLatin1StringView("key_ops"));
    if (!ops.isUndefined()) {
        if (!ops.isArray())
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("the JWK member \"key_ops\" is not an array"));
        QStringList list;
        for (const QJsonValue &op : ops.toArray()) {
            if (!op.isString())
                return fail(ErrorCode::InvalidArgument,
                            QStringLiteral("the JWK member \"key_ops\" holds a non-string"));
            if (list.contains(op.toString()))
                return fail(ErrorCode::InvalidArgument,
                            QStringLiteral("the JWK member \"key_ops\" repeats \"%1\"")
                                    .arg(op.toString()));
            list.append(op.toString());
        }
        data.keyOps = list;
    }
    return {};
}

QString keyKind(const KeyData &d)
{
    switch (d.type) {
    case KeyType::EC:
        return QStringLiteral("EC P-256");
    case KeyType::OKP:
        return QStringLiteral("OKP Ed25519");
    case KeyType::RSA:
        return QStringLiteral("RSA %1").arg(d.bits);
    }
    return QString();
}

Algorithm naturalAlgorithm(KeyType type)
{
    switch (type) {
    case KeyType::EC:
        return Algorithm::ES256;
    case KeyType::OKP:
        return Algorithm::EdDSA;
    case KeyType::RSA:
        return Algorithm::RS256;
    }
    return Algorithm::ES256;
}

QString refusal(const KeyData *d, Algorithm alg, QLatin1StringView operation)
{
    if (!d)
        return QStringLiteral("no key");
    if (naturalAlgorithm(d->type) != alg)
        return QStringLiteral("%1 keys cannot be used with %2")
                .arg(keyKind(*d), algorithmName(alg));
    if (!d->alg.isEmpty() && algorithmFromName(d->alg) != alg)
        return QStringLiteral("the key is restricted to \"%1\" by its \"alg\" member, not %2")
                .arg(d->alg.left(32), algorithmName(alg));
    if (!d->use.isEmpty() && d->use != u"sig")
        return QStringLiteral("the key is for use \"%1\", not for signatures").arg(d->use.left(32));
    if (d->keyOps && !d->keyOps->contains(operation))
        return QStringLiteral("the key's \"key_ops\" do not include \"%1\"").arg(operation);
    return QString();
}

QString thumbprintOf(const KeyData &d)
{
    // RFC 7638 section 3.2: the required members only, in lexicographic order, no whitespace.
    // Every value is base64url or a fixed name, so nothing needs escaping.
    QByteArray canonical;
    switch (d.type) {
    case KeyType::EC:
        canonical =
                "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + d.x + "\",\"y\":\"" + d.y + "\"}";
        break;
    case KeyType::OKP:
        canonical = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + d.x + "\"}";
        break;
    case KeyType::RSA:
        canonical = "{\"e\":\"" + d.e + "\",\"kty\":\"RSA\",\"n\":\"" + d.n + "\"}";
        break;
    }
    return QString::fromLatin1(
            base64UrlEncode(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256)));
}

Result<Jwk> finish(std::shared_ptr<KeyData> data)
{
    if (auto ok = detail::describeKey(*data); !ok)
        return std::unexpected(ok.error());
    return detail::KeyAccess::make(std::move(data));
}

} // namespace

Jwk::Jwk() = default;
Jwk::~Jwk() = default;
Jwk::Jwk(const Jwk &other) = default;
Jwk::Jwk(Jwk &&other) noexcept = default;
Jwk &Jwk::operator=(const Jwk &other) = default;
Jwk &Jwk::operator=(Jwk &&other) noexcept = default;
Jwk::Jwk(std::shared_ptr<const KeyData> data)
    : m_d(std::move(data))
{}

QString Jwk::unsupportedReason(const QJsonObject &o)
{
    const QJsonValue kty = o.value(QLatin1StringView("kty"));
    if (!kty.isString())
        return QString(); // malformed, not unsupported: fromJson says why
    const QString type = kty.toString();
    const QString crv = o.value(QLatin1StringView("crv")).toString();
    if (type == u"oct")
        return QStringLiteral("symmetric keys (kty \"oct\") are not supported: Mandate signs only "
                              "with asymmetric keys");
    if (type == u"EC") {
        if (crv != u"P-256")
            return QStringLiteral("EC curve \"%1\" is not supported (only P-256)")
                    .arg(crv.left(32));
        return QString();
    }
    if (type == u"OKP") {
        if (crv != u"Ed25519")
            return QStringLiteral("OKP curve \"%1\" is not supported (only Ed25519)")
                    .arg(crv.left(32));
        return QString();
    }
    if (type == u"RSA") {
        const auto n = base64UrlDecode(o.value(QLatin1StringView("n")).toString().toLatin1());
        if (n) {
            QByteArrayView digits(*n);
            while (!digits.isEmpty() && digits.front() == '\0')
                digits = digits.sliced(1);
            if (!digits.isEmpty() && digits.size() * 8 < 2048)
                return QStringLiteral("RSA keys under 2048 bits are not supported");
        }
        return QString();
    }
    return QStringLiteral("key type \"%1\" is not supported").arg(type.left(32));
}

Result<Jwk> Jwk::fromJson(const QJsonObject &o)
{
    if (!o.value(QLatin1StringView("kty")).isString())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("the JWK has no \"kty\" string"));
    if (const QString why = unsupportedReason(o); !why.isEmpty())
        return fail(ErrorCode::InvalidArgument, why);

    auto data = std::make_shared<KeyData>();
    if (auto ok = readMetadata(o, *data); !ok)
        return std::unexpected(ok.error());

    const QString kty = o.value(QLatin1StringView("kty")).toString();
    if (kty == u"EC") {
        auto x = decodeMember(o, QLatin1StringView("x"), true);
        auto y = decodeMember(o, QLatin1StringView("y"), true);
        auto d = decodeSecret(o, QLatin1StringView("d"), false);
        if (!x || !y || !d)
            return std::unexpected(!x ? x.error() : !y ? y.error() : d.error());
        auto pkey = detail::makeP256Key(*x, *y, *d);
        if (!pkey)
            return std::unexpected(pkey.error());
        data->pkey = std::move(*pkey);
        data->hasPrivate = !d->isEmpty();
    } else if (kty == u"OKP") {
        auto x = decodeMember(o, QLatin1StringView("x"), true);
        auto d = decodeSecret(o, QLatin1StringView("d"), false);
        if (!x || !d)
            return std::unexpected(!x ? x.error() : d.error());
        auto pkey = detail::makeEd25519Key(*x, *d);
        if (!pkey)
            return std::unexpected(pkey.error());
        data->pkey = std::move(*pkey);
        data->hasPrivate = !d->isEmpty();
    } else { // RSA
        auto n = decodeMember(o, QLatin1StringView("n"), true);
        auto e = decodeMember(o, QLatin1StringView("e"), true);
        if (!n || !e)
            return std::unexpected(!n ? n.error() : e.error());
        if (o.contains(QLatin1StringView("oth")))
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("multi-prime RSA keys (\"oth\") are not supported"));
        const bool isPrivate = o.contains(QLatin1StringView("d"));
        const char *const crt[] = {"p", "q", "dp", "dq", "qi"};
        bool anyCrt = false;
        for (const char *name : crt)
            anyCrt = anyCrt || o.contains(QLatin1StringView(name));
        if (!isPrivate && anyCrt)
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("the RSA JWK has CRT members but no \"d\""));
        detail::RsaPrivateParts parts;
        if (isPrivate) {
            // RFC 7518 section 6.3.2 lets producers omit the CRT members; every producer in
            // practice includes them, and without them OpenSSL cannot check that d matches n.
            SecretBytes *const targets[] = {&parts.d,  &parts.p,  &parts.q,
                                            &parts.dp, &parts.dq, &parts.qi};
            const char *const names[] = {"d", "p", "q", "dp", "dq", "qi"};
            for (int i = 0; i < 6; ++i) {
                auto value = decodeSecret(o, QLatin1StringView(names[i]), true);
                if (!value) {
                    if (i > 0 && !o.contains(QLatin1StringView(names[i])))
                        return fail(
                                ErrorCode::InvalidArgument,
                                QStringLiteral(
                                        "RSA private JWKs must carry p, q, dp, dq and qi with d"));
                    return std::unexpected(value.error());
                }
                *targets[i] = std::move(*value);
            }
        }
        auto pkey = detail::makeRsaKey(*n, *e, isPrivate ? &parts : nullptr);
        if (!pkey)
            return std::unexpected(pkey.error());
        data->pkey = std::move(*pkey);
        data->hasPrivate = isPrivate;
    }
    return finish(std::move(data));
}

Result<Jwk> Jwk::parse(QByteArrayView json)
{
    auto object = parseStrictJsonObject(json, u"JWK");
    if (!object)
        return std::unexpected(object.error());
    return fromJson(*object);
}

Result<Jwk> Jwk::generate(Algorithm alg, int rsaBits)
{
    auto pkey = detail::generateKeyPair(alg, rsaBits);
    if (!pkey)
        return std::unexpected(pkey.error());
    auto data = std::make_shared<KeyData>();
    data->pkey = std::move(*pkey);
    data->hasPrivate = true;
    data->alg = algorithmName(alg);
    data->use = QStringLiteral("sig");
    if (auto ok = detail::describeKey(*data); !ok)
        return std::unexpected(ok.error());
    data->kid = thumbprintOf(*data);
    return Jwk(std::move(data));
}

bool Jwk::isNull() const
{
    return !m_d;
}
bool Jwk::hasPrivateKey() const
{
    return m_d && m_d->hasPrivate;
}
KeyType Jwk::keyType() const
{
    return m_d ? m_d->type : KeyType::EC;
}
int Jwk::bits() const
{
    return m_d ? m_d->bits : 0;
}
QString Jwk::kid() const
{
    return m_d ? m_d->kid : QString();
}
QString Jwk::alg() const
{
    return m_d ? m_d->alg : QString();
}
QString Jwk::use() const
{
    return m_d ? m_d->use : QString();
}
std::optional<QStringList> Jwk::keyOperations() const
{
    return m_d ? m_d->keyOps : std::nullopt;
}

QString Jwk::keyTypeName() const
{
    if (!m_d)
        return QString();
    switch (m_d->type) {
    case KeyType::EC:
        return QStringLiteral("EC");
    case KeyType::OKP:
        return QStringLiteral("OKP");
    case KeyType::RSA:
        return QStringLiteral("RSA");
    }
    return QString();
}

QString Jwk::curve() const
{
    if (!m_d)
        return QString();
    switch (m_d->type) {
    case KeyType::EC:
        return QStringLiteral("P-256");
    case KeyType::OKP:
        return QStringLiteral("Ed25519");
    case KeyType::RSA:
        return QString();
    }
    return QString();
}

Jwk Jwk::withKid(const QString &kid) const
{
    if (!m_d)
        return Jwk();
    auto copy = std::make_shared<KeyData>();
    copy->pkey = detail::shareKey(m_d->pkey);
    copy->type = m_d->type;
    copy->hasPrivate = m_d->hasPrivate;
    copy->bits = m_d->bits;
    copy->x = m_d->x;
    copy->y = m_d->y;
    copy->n = m_d->n;
    copy->e = m_d->e;
    copy->kid = kid;
    copy->alg = m_d->alg;
    copy->use = m_d->use;
    copy->keyOps = m_d->keyOps;
    return Jwk(std::move(copy));
}

Jwk Jwk::publicKey() const
{
    if (!m_d || !m_d->hasPrivate)
        return *this;
    // Rebuilt from the public members, so the private half is not merely hidden but absent.
    auto key = fromJson(toPublicJson());
    return key ? *key : Jwk();
}

std::optional<Algorithm> Jwk::defaultAlgorithm() const
{
    if (!m_d)
        return std::nullopt;
    if (!m_d->alg.isEmpty())
        return algorithmFromName(m_d->alg);
    return naturalAlgorithm(m_d->type);
}

QString Jwk::refusalToVerify(Algorithm alg) const
{
    return refusal(m_d.get(), alg, QLatin1StringView("verify"));
}

QString Jwk::refusalToSign(Algorithm alg) const
{
    if (m_d && !m_d->hasPrivate)
        return QStringLiteral("the key is public: it cannot sign");
    return refusal(m_d.get(), alg, QLatin1StringView("sign"));
}

QString Jwk::thumbprint() const
{
    return m_d ? thumbprintOf(*m_d) : QString();
}

bool Jwk::hasSamePublicKey(const Jwk &other) const
{
    if (!m_d || !other.m_d)
        return false;
    return m_d->type == other.m_d->type && m_d->x == other.m_d->x && m_d->y == other.m_d->y
           && m_d->n == other.m_d->n && m_d->e == other.m_d->e;
}

QJsonObject Jwk::toPublicJson() const
{
    QJsonObject o;
    if (!m_d)
        return o;
    o.insert(QLatin1StringView("kty"), keyTypeName());
    switch (m_d->type) {
    case KeyType::EC:
        o.insert(QLatin1StringView("crv"), curve());
        o.insert(QLatin1StringView("x"), QString::fromLatin1(m_d->x));
        o.insert(QLatin1StringView("y"), QString::fromLatin1(m_d->y));
        break;
    case KeyType::OKP:
        o.insert(QLatin1StringView("crv"), curve());
        o.insert(QLatin1StringView("x"), QString::fromLatin1(m_d->x));
        break;
    case KeyType::RSA:
        o.insert(QLatin1StringView("n"), QString::fromLatin1(m_d->n));
        o.insert(QLatin1StringView("e"), QString::fromLatin1(m_d->e));
        break;
    }
    if (!m_d->kid.isEmpty())
        o.insert(QLatin1StringView("kid"), m_d->kid);
    if (!m_d->alg.isEmpty())
        o.insert(QLatin1StringView("alg"), m_d->alg);
    if (!m_d->use.isEmpty())
        o.insert(QLatin1StringView("use"), m_d->use);
    if (m_d->keyOps)
        o.insert(QLatin1StringView("key_ops"), QJsonArray::fromStringList(*m_d->keyOps));
    return o;
}

QJsonObject Jwk::toPrivateJson() const
{
    QJsonObject o = toPublicJson();
    if (!m_d || !m_d->hasPrivate)
        return o;
    auto secrets = detail::privateMembers(*m_d);
    if (!secrets) {
        qWarning("mandate::crypto: cannot export a private key: %s",
                 qUtf8Printable(secrets.error().message));
        return QJsonObject();
    }
    for (auto it = secrets->constBegin(); it != secrets->constEnd(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QString Jwk::toString() const
{
    if (!m_d)
        return QStringLiteral("Jwk(null)");
    QString text = QStringLiteral("Jwk(") + keyKind(*m_d);
    if (!m_d->kid.isEmpty())
        text += QStringLiteral(", kid \"") + m_d->kid.left(64) + u'"';
    if (!m_d->alg.isEmpty())
        text += QStringLiteral(", alg ") + m_d->alg.left(32);
    text += m_d->hasPrivate ? QStringLiteral(", private)") : QStringLiteral(", public)");
    return text;
}

QDebug operator<<(QDebug debug, const Jwk &key)
{
    const QDebugStateSaver saver(debug);
    debug.noquote().nospace() << key.toString();
    return debug;
}

} // namespace mandate::crypto
