import base64

from odoo.addons.cert_service.tests.common import CertCase
from odoo.addons.cert_service.tests.rpc_common import RpcMixin
from odoo.tests import HttpCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestSigningKeyNeverReadable(RpcMixin, CertCase, HttpCase):
    """The signing key is read by the signing code only: over JSON-RPC no role reads it from the secret
    store, from the signing certificates or from the settings, nor calls the code that loads it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.env["cert.esign.key"].sudo().search([("is_current", "=", True)], limit=1)
        cls.secret_name = f"cert_esign.key.{cls.key.fingerprint}"
        cls.key_der = cls.env["cert.secret"]._cert_secret_get(cls.secret_name)
        cls.secret = cls.env["cert.secret"].sudo().search([("name", "=", cls.secret_name)])
        logins = [getattr(cls, name).login for name in dir(cls) if name.startswith("user_")]
        cls.users = cls.env["res.users"].search([("login", "in", logins)]) | cls.env.ref("base.user_admin")

    def assertNoKey(self, answer):
        # the key's DER as the JSON would carry it (base64), and as any text of it
        text = str(answer)
        self.assertNotIn(base64.b64encode(self.key_der).decode()[:40], text)
        self.assertNotIn("PRIVATE KEY", text)

    def test_no_role_reads_the_key(self):
        self.assertTrue(self.key_der, "the demo data stored the demo key in the secret store")
        self.assertGreaterEqual(len(self.users), 9)
        for user in self.users:
            with self.subTest(user=user.login):
                answer = self.call(user, "cert.secret", "read", self.secret.ids, ["value"])
                self.assertAccessRefused(answer)
                self.assertNoKey(answer)
                answer = self.call(user, "cert.secret", "search_read", [["name", "like", "cert_esign"]])
                self.assertAccessRefused(answer)
                # the signing certificates: CB managers read their public facts only, others nothing
                answer = self.call(user, "cert.esign.key", "search_read", [], [])
                self.assertNoKey(answer)
                if user.has_group("cert_service.group_cert_manager"):
                    self.assertEqual([r["fingerprint"] for r in answer["result"]], [self.key.fingerprint])
                else:
                    self.assertAccessRefused(answer)
                for method in ("write", "unlink"):
                    args = [self.key.ids, {"is_current": False}] if method == "write" else [self.key.ids]
                    self.assertIn("error", self.call(user, "cert.esign.key", method, *args))
                answer = self.call(user, "cert.esign.key", "create", {"common_name": "x", "fingerprint": "planted"})
                self.assertIn("error", answer)
                # the code that loads the key is private
                answer = self.call(user, "cert.esign.key", "_esign_signer", self.env.company.id)
                self.assertIn("error", answer)
                self.assertNoKey(answer)
                # the settings' upload fields read back empty
                answer = self.call(
                    user, "res.config.settings", "default_get", ["cert_esign_pkcs12", "cert_esign_pkcs12_password"]
                )
                self.assertNoKey(answer)
                if "result" in answer:
                    self.assertFalse(answer["result"].get("cert_esign_pkcs12"))
        self.assertTrue(self.key.exists() and self.key.is_current)
        self.assertEqual(self.env["cert.secret"]._cert_secret_get(self.secret_name), self.key_der)
