"""cert_portal's security matrix: its rows, its data set and the test that plays them.

How a row reads and how a cell finds its expectation: cert_service's ``tests/security_matrix.py``. cert_portal's
pages read the other addons' models (their matrices cover them); its own model is the count of failed public
look-ups, which only the CB manager reads (an IP address is personal data) and purges.
"""

from odoo.addons.cert_service.tests.security_matrix import OK
from odoo.addons.cert_service.tests.security_matrix import READ
from odoo.addons.cert_service.tests.security_matrix import SecurityMatrix
from odoo.tests import HttpCase
from odoo.tests import tagged

MATRIX = {
    # written by the public verification only (as superuser, one INSERT); read and purged by the CB manager
    "cert.portal.verify.failure": {"manager": {**READ, "unlink": OK}},
}
#: the IP and the time of a failed look-up are what the rate limit counts: nobody changes them
KEYS = {"cert.portal.verify.failure": {"ip", "failed_at"}}


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
        return result


@tagged("security", "post_install", "-at_install")
class TestPortalSecurityMatrix(PortalMatrix, HttpCase):
    """Every cell through the ORM, the roles over JSON-RPC, the bad inputs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._matrix_setup()

    def test_matrix(self):
        self._matrix_check()

    def test_matrix_http(self):
        self._matrix_check("http")

    def test_robustness(self):
        self._matrix_robustness()
