import importlib.util
import pathlib

from odoo.tests import TransactionCase
from odoo.tests import tagged

MIGRATION = pathlib.Path(__file__).resolve().parents[1] / "migrations" / "18.0.1.2.0" / "post-10-settings.py"


def _migration():
    spec = importlib.util.spec_from_file_location("cert_service_post_10_settings", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestSettingsMigration(TransactionCase):
    """An upgraded database keeps its choice of draft or posted fee invoices under the new setting."""

    def _upgrade_from(self, auto_post):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("cert_service.billing_draft_invoices", False)
        params.set_param("cert_service.billing_auto_post", auto_post)
        self.env.flush_all()
        _migration().migrate(self.env.cr, "18.0.1.0.0")
        self.env.registry.clear_cache()
        self.assertFalse(params.get_param("cert_service.billing_auto_post"))
        return self.env["res.config.settings"]._cert_param("cert_billing_draft_invoices")

    def test_draft_invoices_stay_draft(self):
        self.assertTrue(self._upgrade_from("0"))

    def test_posted_invoices_stay_posted(self):
        self.assertFalse(self._upgrade_from("1"))
        self.assertTrue(self.env["cert.billing.event"]._auto_post())
