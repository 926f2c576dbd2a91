"""Signed verification answers (pure: no Odoo).

The JSON answer of ``/certificate/<token>/json`` carries a detached JWS of itself, so that a tender system
can keep a proof of what the certification body said on the day it checked:

- **canonical form** (the signed bytes): RFC 8785 (JSON Canonicalization Scheme) of the answer without its
  ``signature`` member. The answer holds no floating-point number and only ASCII member names, and for such
  documents JCS is exactly ``json.dumps(answer, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``
  encoded in UTF-8 — which any verifier can run; ``canonical_json`` refuses what would break that equality.
- **detached JWS**: RFC 7797 unencoded payload (``"b64": false``, listed in ``"crit"``) in the compact
  serialisation with an empty payload part, ``<protected header>..<signature>``: the signing input is the
  header, a dot and the canonical bytes themselves (no base64 of the payload, so no second copy of the answer).
- **algorithm**: EdDSA with Ed25519 (RFC 8037); the protected header names the key (``kid``) and the
  signing time (``iat``, seconds since the epoch as in RFC 7519), both covered by the signature.
- **keys** are published as a JWK set (RFC 7517); each key carries its validity (``nbf``, and ``exp`` once
  retired, seconds since the epoch): an answer is genuine when its signature verifies with the key its
  ``kid`` names and its ``iat`` falls within that key's validity.

Signing and verifying go through PyJWT (its ``is_payload_detached``/``detached_payload`` API), never
through hand-made JWS code.
"""

import datetime as dt
import json

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

#: the one algorithm the keys are made for (JWS "alg" value)
ALGORITHM = "EdDSA"
#: the member of the answer that carries its signature (left out of the signed bytes)
SIGNATURE_MEMBER = "signature"


def canonical_json(document):
    """The RFC 8785 canonical bytes of ``document`` (dicts with ASCII keys, lists, strings, integers,
    booleans, None). Raises ``ValueError`` on anything else, where Python's sorted, compact JSON would no
    longer be JCS (floats print differently, non-ASCII keys sort by UTF-16 units)."""
    _check_canonicalisable(document)
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _check_canonicalisable(value, path="$"):
    if value is None or isinstance(value, bool | str):
        return
    if isinstance(value, int):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not key.isascii():
                raise ValueError(f"{path}: member name {key!r} is not an ASCII string")
            _check_canonicalisable(item, f"{path}.{key}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_canonicalisable(item, f"{path}[{index}]")
        return
    raise ValueError(f"{path}: {type(value).__name__} values have no canonical form here")


def signed_bytes(answer):
    """What the signature of ``answer`` covers: its canonical form without the signature member."""
    return canonical_json({key: value for key, value in answer.items() if key != SIGNATURE_MEMBER})


def numeric_date(moment):
    """Seconds since the epoch of a naive UTC datetime (RFC 7519 NumericDate)."""
    return int(moment.replace(tzinfo=dt.timezone.utc).timestamp())


def new_private_key():
    """A new Ed25519 private key, as unencrypted PKCS#8 PEM bytes (what the secret store keeps)."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_jwk(private_pem, kid):
    """The public JWK (RFC 8037 OKP) of a private key, named ``kid``."""
    key = serialization.load_pem_private_key(private_pem, password=None)
    jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(key.public_key()))
    return {"kty": jwk["kty"], "crv": jwk["crv"], "x": jwk["x"], "kid": kid, "alg": ALGORITHM, "use": "sig"}


def published_jwk(jwk, valid_from, valid_to=None):
    """A key as the JWK set publishes it: the JWK with its validity (``nbf``, and ``exp`` once retired)."""
    published = dict(jwk, nbf=numeric_date(valid_from))
    if valid_to:
        published["exp"] = numeric_date(valid_to)
    return published


def sign(answer, private_pem, kid, signed_at):
    """The detached compact JWS of ``answer`` (RFC 7797, ``<header>..<signature>``).

    :param signed_at: naive UTC datetime, written as ``iat`` in the protected header
    """
    key = serialization.load_pem_private_key(private_pem, password=None)
    headers = {"typ": None, "kid": kid, "iat": numeric_date(signed_at), "b64": False, "crit": ["b64"]}
    return jwt.api_jws.encode(signed_bytes(answer), key, algorithm=ALGORITHM, headers=headers, is_payload_detached=True)
