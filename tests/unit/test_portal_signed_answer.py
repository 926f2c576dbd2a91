"""Unit tests of the signed verification answers (addons/cert_portal/lib/signed_answer.py)."""

import datetime as dt
import json

import jwt
import pytest

from .conftest import load_pure


@pytest.fixture(scope="module")
def sa():
    return load_pure("cert_portal", "signed_answer")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"b": 1, "a": [True, None, "x"]}, b'{"a":[true,null,"x"],"b":1}'),
        ({"name": "顺安物流"}, '{"name":"顺安物流"}'.encode()),  # UTF-8, not \\u escapes
        ({"a": {"z": 0, "y": -2}}, b'{"a":{"y":-2,"z":0}}'),  # nested members sorted too
        ({"t": 'quote " back \\ tab \t nl \n'}, b'{"t":"quote \\" back \\\\ tab \\t nl \\n"}'),
        ({"c": "\x01"}, b'{"c":"\\u0001"}'),  # control characters as JCS writes them (lower-case hex)
        ({}, b"{}"),
    ],
)
def test_canonical_json_is_jcs(sa, document, expected):
    assert sa.canonical_json(document) == expected


@pytest.mark.parametrize(
    "document",
    [
        {"score": 1.5},  # JCS prints numbers as ECMAScript does: not Python's repr
        {"名称": "x"},  # JCS sorts by UTF-16 code units: not Python's code point order
        {"when": dt.date(2026, 1, 1)},
        {"set": {1, 2}},
        {1: "integer member name"},
    ],
)
def test_canonical_json_refuses_what_would_not_be_jcs(sa, document):
    with pytest.raises(ValueError, match=r"\$"):
        sa.canonical_json(document)


def test_signed_bytes_leave_the_signature_out(sa):
    assert sa.signed_bytes({"a": 1, "signature": "x..y"}) == b'{"a":1}'


def test_sign_gives_a_detached_eddsa_jws_with_kid_and_time(sa):
    pem = sa.new_private_key()
    jwk = sa.public_jwk(pem, "k1")
    assert set(jwk) == {"kty", "crv", "x", "kid", "alg", "use"}  # never "d"
    signed_at = dt.datetime(2026, 12, 7, 3, 0, 0)
    answer = {"number": "CNCA-1", "valid": True}
    token = sa.sign(answer, pem, "k1", signed_at)
    header, payload, _signature = token.split(".")
    assert payload == ""
    assert json.loads(jwt.utils.base64url_decode(header)) == {
        "alg": "EdDSA",
        "b64": False,
        "crit": ["b64"],
        "iat": 1796612400,
        "kid": "k1",
    }
    key = jwt.PyJWK(sa.published_jwk(jwk, signed_at)).key
    detached = json.dumps(answer, sort_keys=True, separators=(",", ":")).encode()
    jwt.api_jws.decode_complete(token, key, algorithms=["EdDSA"], detached_payload=detached)
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.api_jws.decode_complete(
            token, key, algorithms=["EdDSA"], detached_payload=detached.replace(b"true", b"false")
        )


@pytest.mark.parametrize(
    ("valid_to", "expected"),
    [
        (None, {"nbf": 1796601600}),
        (dt.datetime(2026, 12, 8), {"nbf": 1796601600, "exp": 1796688000}),
    ],
)
def test_published_jwk_carries_its_validity(sa, valid_to, expected):
    published = sa.published_jwk({"kid": "k"}, dt.datetime(2026, 12, 7), valid_to)
    assert published == {"kid": "k", **expected}
