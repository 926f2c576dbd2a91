from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CertCase


@tagged("post_install", "-at_install")
class TestSchemeSecurity(CertCase):
    def test_group_ladder(self):
        manager = self.user_manager
        for xmlid in ("group_cert_officer", "group_cert_auditor", "group_cert_decision", "group_cert_finance"):
            self.assertTrue(manager.has_group(f"cert_service.{xmlid}"), xmlid)
        self.assertTrue(self.user_finance.has_group("account.group_account_invoice"))
        self.assertFalse(self.user_auditor.has_group("cert_service.group_cert_officer"))
        self.assertFalse(self.user_officer.has_group("cert_service.group_cert_manager"))
        self.assertFalse(self.user_portal_a.has_group("cert_service.group_cert_auditor"))

    def test_only_manager_configures_schemes(self):
        for user in (self.user_officer, self.user_auditor, self.user_decision, self.user_finance):
            scheme = self.scheme.with_user(user)
            self.assertTrue(scheme.name)  # every internal role reads the schemes
            with self.assertRaises(AccessError):
                scheme.write({"name": "Changed"})
            with self.assertRaises(AccessError):
                self.indicator("repair").with_user(user).write({"max_points": 7})
            with self.assertRaises(AccessError):
                scheme.copy()
        copy = self.scheme.with_user(self.user_manager).copy()
        copy.with_user(self.user_manager).indicator_ids[:1].write({"name": "Renamed"})

    def test_portal_reads_scheme_names_only(self):
        scheme = self.scheme.with_user(self.user_portal_a)
        self.assertTrue(scheme.name)
        with self.assertRaises(AccessError):
            scheme.write({"name": "X"})
        with self.assertRaises(AccessError):
            self.indicator("repair").with_user(self.user_portal_a).read(["max_points"])
