import json
import pathlib
import re
import time

import jwt

from odoo.addons.cert_service.tests.rpc_common import RpcMixin
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CertPortalCase

README = pathlib.Path(__file__).resolve().parents[3] / "README.md"
JWKS = "/.well-known/jwks.json"


def canonical(answer):
    """RFC 8785 for the answer's kind of JSON (no floats, ASCII member names), written here independently of
    the addon's code: what a verifier computes."""
    return json.dumps(answer, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def check(answer, jwks):
    """Verify a signed answer with PyJWT and the JWK set only (never the addon's signing code); returns
    the protected header. Raises when the signature does not match or the key is unknown."""
    answer = dict(answer)
    token = answer.pop("signature")
    header = jwt.get_unverified_header(token)
    key = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    assert key["nbf"] <= header["iat"] <= key.get("exp", header["iat"]), (key, header)
    jwt.api_jws.decode_complete(token, jwt.PyJWK(key).key, algorithms=["EdDSA"], detached_payload=canonical(answer))
    return header


@tagged("post_install", "-at_install")
class TestSignedAnswers(RpcMixin, CertPortalCase):
    """The JSON verification answer carries a detached JWS that anyone checks with the published JWK set,
    across key rotations; the private keys stay in the secret store."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cert = cls._issued_certificate(cls.app_a)
        cls.keys = cls.env["cert.portal.signing.key"]
        cls.key = cls.keys.search([("state", "=", "active")])
        cls.url = f"/certificate/{cls.cert.token}/json"

    def get(self, url, **headers):
        self.authenticate(None, None)
        return self.url_open(url, headers=headers)

    def answer(self):
        response = self.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def jwks(self):
        return self.get(JWKS).json()

    def test_a_key_is_active_out_of_the_box(self):
        """The module's data made one at install: nothing to configure before answers are signed."""
        self.assertEqual(len(self.key), 1)
        self.assertTrue(self.env["cert.secret"]._cert_secret_get(self.key._secret_name()))
        self.keys._ensure_active_key()  # idempotent (it runs on every update of the module)
        self.assertEqual(self.keys.search([("state", "=", "active")]), self.key)

    def test_answer_verifies_with_the_published_key(self):
        before = int(time.time())
        answer = self.answer()
        self.assertEqual(answer["number"], self.cert.name)  # the answer's own fields are unchanged
        header = check(answer, self.jwks())
        self.assertEqual(header["kid"], self.key.kid)
        self.assertEqual(header["alg"], "EdDSA")
        self.assertIs(header["b64"], False)
        self.assertEqual(header["crit"], ["b64"])
        self.assertLessEqual(before - 1, header["iat"])
        self.assertLessEqual(header["iat"], int(time.time()) + 1)
        # detached: the compact form's payload part is empty
        self.assertRegex(answer["signature"], r"^[\w-]+\.\.[\w-]+$")
        # any change to the answer breaks the signature
        for field, value in (("valid", False), ("status", "suspended"), ("organisation", "Someone else")):
            with self.subTest(field=field), self.assertRaises(jwt.InvalidSignatureError):
                check(dict(answer, **{field: value}), self.jwks())
        # and so does another signing time (within the key's validity)
        parts = answer["signature"].split(".")
        forged = json.loads(jwt.utils.base64url_decode(parts[0]))
        forged["iat"] += 60
        parts[0] = jwt.utils.base64url_encode(json.dumps(forged).encode()).decode()
        with self.assertRaises(jwt.InvalidSignatureError):
            check(dict(answer, signature=".".join(parts)), self.jwks())

    def test_rotation_keeps_old_answers_checkable(self):
        old_answer = self.answer()
        old_etag = self.get(self.url).headers["ETag"]
        action = self.key.with_user(self.user_manager).action_rotate()
        new_key = self.keys.browse(action["res_id"])
        self.assertEqual(self.key.state, "retired")
        self.assertTrue(self.key.valid_to)
        self.assertEqual(new_key.state, "active")
        self.assertEqual(self.keys.search([("state", "=", "active")]), new_key)
        # the retired key can never sign again: its private half is gone
        self.assertIsNone(self.env["cert.secret"]._cert_secret_get(self.key._secret_name()))
        jwks = self.jwks()
        published = {key["kid"]: key for key in jwks["keys"]}
        self.assertEqual(set(published), {self.key.kid, new_key.kid})
        self.assertIn("exp", published[self.key.kid])  # with its validity
        self.assertNotIn("exp", published[new_key.kid])
        self.assertLessEqual(published[self.key.kid]["exp"], published[new_key.kid]["nbf"] + 1)
        # the answer archived before the rotation still verifies with today's JWK set
        self.assertEqual(check(old_answer, jwks)["kid"], self.key.kid)
        # a new answer uses the new key; the old validator no longer matches (the key is part of it)
        response = self.get(self.url, **{"If-None-Match": old_etag})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(check(response.json(), jwks)["kid"], new_key.kid)
        # a retired key is not rotated again
        with self.assertRaises(UserError):
            self.key.with_user(self.user_manager).action_rotate()

    def test_without_a_usable_key_the_answer_is_sent_unsigned(self):
        """A database restored without its secrets still answers the facts (and says so in its log)."""
        self.env["cert.secret"]._cert_secret_drop(self.key._secret_name())
        with self.assertLogs("odoo.addons.cert_portal.models.cert_portal_signing_key", "WARNING"):
            answer = self.answer()
        self.assertNotIn("signature", answer)
        self.assertEqual(answer["number"], self.cert.name)

    def test_only_the_cb_manager_rotates(self):
        for user in (self.user_officer, self.user_decision, self.user_finance, self.user_auditor):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.key.with_user(user).action_rotate()
        self.assertEqual(self.key.state, "active")

    def test_key_fields_are_never_written(self):
        for values in ({"state": "retired"}, {"public_jwk": "{}"}, {"kid": "planted"}, {"valid_to": "2030-01-01"}):
            with self.subTest(values=values), self.assertRaises(UserError):
                self.key.with_user(self.user_manager).write(values)
        with self.assertRaises(UserError):
            self.keys.with_user(self.user_manager).create({"kid": "planted", "public_jwk": "{}"})

    def test_conditional_answer_is_304_and_weak(self):
        response = self.get(self.url)
        etag = response.headers["ETag"]
        self.assertTrue(etag.startswith('W/"'), etag)  # the signing time changes, the answer does not
        again = self.get(self.url, **{"If-None-Match": etag})
        self.assertEqual(again.status_code, 304)
        self.assertFalse(again.content)
        # two answers of the same facts: same validator, different signatures, both genuine
        time.sleep(1.1)
        second = self.get(self.url)
        self.assertEqual(second.headers["ETag"], etag)
        self.assertNotEqual(second.json()["signature"], response.json()["signature"])
        check(second.json(), self.jwks())

    def test_jwks_is_public_cacheable_and_cookieless(self):
        self.authenticate(None, None)
        self.opener.cookies.clear()
        self.url_open(JWKS)  # warm the caches (routing)
        self.env.flush_all()
        with self.assertQueryCount(2):  # Odoo's check of the public user, then the keys
            response = self.url_open(JWKS)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Set-Cookie", response.headers)
        self.assertFalse(self.opener.cookies)
        self.assertIn("public", response.headers["Cache-Control"])
        self.assertEqual(response.headers["Access-Control-Allow-Origin"], "*")
        self.assertTrue(response.headers["Content-Type"].startswith("application/jwk-set+json"))
        (key,) = response.json()["keys"]
        self.assertEqual({k: key[k] for k in ("kty", "crv", "alg", "use", "kid")}, {
            "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": self.key.kid,
        })  # fmt: skip
        self.assertNotIn("d", key)  # never the private part
        again = self.url_open(JWKS, headers={"If-None-Match": response.headers["ETag"]})
        self.assertEqual(again.status_code, 304)

    def test_private_key_is_not_readable_by_any_role_over_rpc(self):
        users = self.env["res.users"].search([("login", "in", _logins(self))]) | self.env.ref("base.user_admin")
        self.assertGreaterEqual(len(users), 9)
        private_pem = self.env["cert.secret"]._cert_secret_get(self.key._secret_name())
        private_b64 = re.sub(r"-----[A-Z ]+-----|\s", "", private_pem.decode())
        for user in users:
            with self.subTest(user=user.login):
                answers = [
                    self.call(user, "cert.portal.signing.key", "search_read", [], []),
                    self.call(user, "cert.secret", "search_read", [[("name", "like", "cert_portal.")]]),
                    self.call(user, "cert.portal.signing.key", "_sign_answer", {"a": 1}, {}),
                    self.call(user, "cert.portal.signing.key", "_create_key", "2030-01-01 00:00:00"),
                    self.call(user, "cert.portal.signing.key", "_ensure_active_key"),
                ]
                for answer in answers:
                    self.assertNotIn(private_b64, json.dumps(answer))
                    self.assertNotIn("PRIVATE KEY", json.dumps(answer))
                for answer in answers[1:]:
                    self.assertIn("error", answer)
                # the CB manager (and the administrator) read the public half only
                if user.has_group("cert_service.group_cert_manager"):
                    (row,) = answers[0]["result"]
                    self.assertEqual(json.loads(row["public_jwk"])["kid"], self.key.kid)
                else:
                    self.assertAccessRefused(answers[0])
        self.assertEqual(self.keys.search_count([]), 1)

    def test_readme_snippet_verifies_an_answer(self):
        """The README's "Verifying a signed answer" code, run as written against the test server."""
        text = README.read_text(encoding="utf-8")
        section = text[text.index("### Verifying a signed answer") :]
        code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
        base = self.base_url()
        code, n = re.subn(r'^BASE = ".*"', f'BASE = "{base}"', code, flags=re.M)
        code, m = re.subn(r'^TOKEN = ".*"', f'TOKEN = "{self.cert.token}"', code, flags=re.M)
        self.assertEqual((n, m), (1, 1), "the snippet names BASE and TOKEN on lines of their own")
        self.env.flush_all()
        namespace = {}
        exec(compile(code, str(README), "exec"), namespace)  # noqa: S102 # pylint: disable=exec-used
        self.assertEqual(namespace["header"]["kid"], self.key.kid)
        self.assertEqual(namespace["answer"]["number"], self.cert.name)


def _logins(case):
    return [getattr(case, name).login for name in dir(case) if name.startswith("user_")]
