"""cert_esign's security matrix: its rows, its keys, its data set and the test that plays them.

How a row reads and how a cell finds its expectation: cert_service's ``tests/security_matrix.py``. The CB
manager manages the signing identity through the settings' upload (which makes the signing certificate
records) and reads the certificates; nobody writes, makes or deletes one by hand, and nobody reads the private
keys (``cert.secret``: cert_service's matrix). The checks of received PDFs are the public page's rate limit:
counted and purged by code only. The SHA-256 this addon adds to the status history is a key of cert_service's
matrix rows (``cert.certificate.status``).
"""

from odoo.addons.cert_service.tests.security_matrix import READ
from odoo.addons.cert_service.tests.security_matrix import MatrixTests
from odoo.addons.cert_service.tests.security_matrix import SecurityMatrix
from odoo.tests import HttpCase
from odoo.tests import tagged

from ..lib import pades

MATRIX = {
    # the CB's signing certificates, current and former: the CB manager reads them; only the settings'
    # upload (a CB manager's) makes or replaces one
    "cert.esign.key": {"manager": READ},
    # one row per check of a received PDF (the public page's rate limit): no role sees or changes them
    "cert.esign.check": {},
}
#: the fields only each model's own code writes: the matrix's own list, never read from the declarations
KEYS = {
    "cert.esign.key": {
        "common_name",
        "subject",
        "issuer",
        "serial",
        "fingerprint",
        "certificate_pem",
        "chain_pem",
        "not_before",
        "not_after",
        "is_demo",
        "is_current",
        "retired_date",
        "company_id",
    },
    "cert.esign.check": {"ip", "checked_at"},
}


class EsignMatrix(SecurityMatrix):
    matrix_module = "cert_esign"
    MATRIX = MATRIX
    KEYS = KEYS

    @classmethod
    def _matrix_data(cls):
        result = super()._matrix_data()
        env = cls.env
        # as the settings' upload installs an identity: the new certificate is current, the former one stays
        Key = env["cert.esign.key"]
        # sudo: the data set finds the certificate the demo data installed (no group but the managers reads it)
        former = Key.sudo().search([("company_id", "=", env.company.id), ("is_current", "=", True)], limit=1)
        current = Key._esign_install(pades.demo_identity("Matrix CB", demo=False), env.company)
        if not former:
            former = current
            current = Key._esign_install(pades.demo_identity("Matrix CB 2", demo=False), env.company)
        cls._matrix_add(
            "cert.esign.key",
            current.with_env(env),
            former.with_env(env),
            lambda: {
                "common_name": "Matrix",
                "subject": "CN=Matrix",
                "issuer": "CN=Matrix",
                "serial": "1",
                "fingerprint": "00" * 32,
                "certificate_pem": "-----BEGIN CERTIFICATE-----",
                "not_before": "2026-01-01 00:00:00",
                "not_after": "2031-01-01 00:00:00",
                "company_id": env.company.id,
            },
        )
        Check = env["cert.esign.check"]
        Check._record("203.0.113.27")
        Check._record("203.0.113.28")
        checks = Check.search([("ip", "in", ("203.0.113.27", "203.0.113.28"))], order="ip")
        cls._matrix_add("cert.esign.check", checks[0], checks[1], lambda: {"ip": "203.0.113.29"})
        return result


@tagged("security", "post_install", "-at_install")
class TestEsignSecurityMatrix(MatrixTests, EsignMatrix, HttpCase):
    """Every cell through the ORM, the roles over JSON-RPC, the bad inputs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._matrix_setup()
