"""Base classes for the cross-addon tests that pytest-odoo runs against the test database."""

from odoo.tests import HttpCase
from odoo.tests import TransactionCase


class _Tagged:
    # Odoo tags test classes of odoo.addons.* automatically; these live outside, so tag them here.
    test_tags = {"standard", "post_install"}
    test_module = "cert_e2e"
    test_sequence = 0


class CertTransactionCase(_Tagged, TransactionCase):
    pass


class CertHttpCase(_Tagged, HttpCase):
    pass
