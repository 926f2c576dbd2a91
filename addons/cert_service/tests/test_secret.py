from odoo.tests import HttpCase
from odoo.tests import tagged

from .common import CertCase
from .rpc_common import RpcMixin


@tagged("post_install", "-at_install")
class TestSecretNeverReadable(RpcMixin, CertCase, HttpCase):
    """A secret is stored and read back by server code only: no role reaches it over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cert.secret"]._cert_secret_put("test.key", b"-----BEGIN PRIVATE KEY-----\x00\xff")
        cls.secret = cls.env["cert.secret"].sudo().search([("name", "=", "test.key")])
        # every user the tests know, one per role, plus the administrator
        cls.users = cls.env["res.users"].search([("login", "in", _logins(cls))]) | cls.env.ref("base.user_admin")

    def test_round_trip_for_server_code(self):
        secrets = self.env["cert.secret"]
        self.assertEqual(secrets._cert_secret_get("test.key"), b"-----BEGIN PRIVATE KEY-----\x00\xff")
        secrets._cert_secret_put("test.key", b"rotated")
        self.assertEqual(secrets._cert_secret_get("test.key"), b"rotated")
        secrets._cert_secret_drop("test.key")
        self.assertIsNone(secrets._cert_secret_get("test.key"))

    def test_no_role_reads_writes_or_calls_over_rpc(self):
        self.assertGreaterEqual(len(self.users), 9)
        for user in self.users:
            with self.subTest(user=user.login):
                for method, args in (
                    ("search_read", [[]]),
                    ("read", [self.secret.ids, ["value"]]),
                    ("web_search_read", [[]]),
                    ("create", [{"name": "planted", "value": "eA=="}]),
                    ("write", [self.secret.ids, {"value": "eA=="}]),
                    ("unlink", [self.secret.ids]),
                    ("export_data", [self.secret.ids, ["value"]]),
                ):
                    answer = self.call(
                        user,
                        "cert.secret",
                        method,
                        *args,
                        **({"specification": {"value": {}}} if method == "web_search_read" else {}),
                    )
                    self.assertIn("error", answer, f"{method} accepted")
                    self.assertNotIn("PRIVATE", str(answer))
                    if method != "export_data":  # (users without the export right are refused earlier)
                        self.assertAccessRefused(answer)
                # private methods are not reachable over RPC whatever the rights
                answer = self.call(user, "cert.secret", "_cert_secret_get", "test.key")
                self.assertIn("error", answer)
                self.assertNotIn("PRIVATE", str(answer))
        self.assertEqual(self.env["cert.secret"]._cert_secret_get("test.key"), b"-----BEGIN PRIVATE KEY-----\x00\xff")


def _logins(case):
    return [getattr(case, name).login for name in dir(case) if name.startswith("user_")]
