"""cert_portal's security matrix: its rows, its data set and the test that plays them.

How a row reads and how a cell finds its expectation: cert_service's ``tests/security_matrix.py``. cert_portal's
pages read the other addons' models (their matrices cover them); its own model is the count of failed public
look-ups, which only the CB manager reads (an IP address is personal data) and purges.
"""

from odoo.addons.cert_service.tests.security_matrix import OK
from odoo.addons.cert_service.tests.security_matrix import READ
from odoo.addons.cert_service.tests.security_matrix import RUN
from odoo.addons.cert_service.tests.security_matrix import MatrixTests
from odoo.addons.cert_service.tests.security_matrix import SecurityMatrix
from odoo.tests import HttpCase
from odoo.tests import tagged

MATRIX = {
    # written by the public verification only (as superuser, one INSERT); read and purged by the CB manager
    "cert.portal.verify.failure": {"manager": {**READ, "unlink": OK}},
    # the keys signing the public answers: the CB manager reads them and rotates the active one; nobody
    # writes, makes or deletes one (a retired key stays published so that what it signed stays checkable)
    "cert.portal.signing.key": {"manager": {**READ, "action:action_rotate": RUN}},
}
KEYS = {
    #: the IP and the time of a failed look-up are what the rate limit counts: nobody changes them
    "cert.portal.verify.failure": {"ip", "failed_at"},
    #: a key is what its rotation made: its identity, public half and validity
    "cert.portal.signing.key": {"kid", "algorithm", "public_jwk", "valid_from", "valid_to", "state"},
}


class PortalMatrix(SecurityMatrix):
    matrix_module = "cert_portal"
    MATRIX = MATRIX
    KEYS = KEYS

    @classmethod
    def _matrix_data(cls):
        result = super()._matrix_data()
        Failure = cls.env["cert.portal.verify.failure"]
        Failure._record("203.0.113.7")
        Failure._record("203.0.113.8")
        failures = Failure.search([("ip", "in", ("203.0.113.7", "203.0.113.8"))], order="ip")
        cls._matrix_add("cert.portal.verify.failure", failures[0], failures[1], lambda: {"ip": "203.0.113.9"})
        # the CB manager rotates the key made at install: the new one is active, the old one retired
        Key = cls.env["cert.portal.signing.key"]
        Key._ensure_active_key()
        old = Key.search([("state", "=", "active")])
        old.with_user(cls.matrix_users["manager"]).action_rotate()
        new = Key.search([("state", "=", "active")])
        cls._matrix_add(
            "cert.portal.signing.key",
            new,
            old,
            lambda: {"kid": "matrix-kid", "public_jwk": "{}", "valid_from": "2031-03-03 01:00:00"},
        )
        return result


@tagged("security", "post_install", "-at_install")
class TestPortalSecurityMatrix(MatrixTests, PortalMatrix, HttpCase):
    """Every cell through the ORM, the roles over JSON-RPC, the bad inputs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._matrix_setup()
