#!/usr/bin/env python3
"""The other side of tests/crypto/tst_crypto_interop.cpp, using jwcrypto (python3-jwcrypto).

  jose_interop.py make    prints a JSON list: for ES256, EdDSA and RS256, a key jwcrypto
                          generated (private and public JWK, its RFC 7638 thumbprint) and a
                          compact JWS it signed with that key.
  jose_interop.py check   reads a JSON list of {"alg", "jwk", "token"} on stdin and prints, for
                          each, whether jwcrypto verifies the token with that public JWK, the
                          payload it saw and the key's thumbprint.
"""
import json
import sys

from jwcrypto import jwk, jws
from jwcrypto.common import json_encode

KEYS = {
    "ES256": {"kty": "EC", "crv": "P-256"},
    "EdDSA": {"kty": "OKP", "crv": "Ed25519"},
    "RS256": {"kty": "RSA", "size": 2048},
}


def make():
    cases = []
    for alg, params in KEYS.items():
        generated = jwk.JWK.generate(**params)
        kid = generated.thumbprint()
        key = jwk.JWK(**dict(json.loads(generated.export_private()), kid=kid))
        payload = json_encode({"iss": "jwcrypto", "sub": "interop-" + alg, "n": 1})
        token = jws.JWS(payload.encode())
        token.add_signature(key, None, json_encode({"alg": alg, "kid": kid, "typ": "JWT"}))
        cases.append({
            "alg": alg,
            "private_jwk": json.loads(key.export_private()),
            "public_jwk": json.loads(key.export_public()),
            "thumbprint": kid,
            "token": token.serialize(compact=True),
            "payload": payload,
        })
    json.dump(cases, sys.stdout)


def check():
    results = []
    for case in json.load(sys.stdin):
        try:
            key = jwk.JWK(**case["jwk"])
            token = jws.JWS()
            token.deserialize(case["token"])
            token.verify(key, alg=case["alg"])
            results.append({"ok": True, "payload": token.payload.decode(), "thumbprint": key.thumbprint()})
        except Exception as error:  # every failure is a result to report, not a crash
            results.append({"ok": False, "error": "%s: %s" % (type(error).__name__, error)})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    {"make": make, "check": check}[sys.argv[1]]()
