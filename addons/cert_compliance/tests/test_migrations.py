from odoo.addons.cert_audit.tests.common import CertAuditCase
from odoo.modules.migration import load_script
from odoo.tests import tagged

PROGRAMME_MANAGER = "cert_compliance/migrations/18.0.1.1.0/post-migrate.py"
OLD_KEY = "cert_compliance.programme_manager_login"
NEW_KEY = "cert_compliance.programme_manager_id"


@tagged("post_install", "-at_install")
class TestMigrations(CertAuditCase):
    """The migration scripts on a database as the previous release left it: the programme manager's login,
    typed into a system parameter, becomes the settings field's user."""

    def setUp(self):
        super().setUp()
        self.params = self.env["ir.config_parameter"].sudo()
        self.migration = load_script(PROGRAMME_MANAGER, "cert_compliance_post_migrate_18_0_1_1_0")

    def upgrade_from(self, login):
        self.params.set_param(NEW_KEY, False)
        if login is not None:
            self.params.set_param(OLD_KEY, login)
        self.env.flush_all()
        self.migration.migrate(self.env.cr, "18.0.1.0.0")
        self.assertFalse(self.params.get_param(OLD_KEY), "the former parameter is removed")
        return self.params.get_param(NEW_KEY)

    def test_the_login_becomes_the_user(self):
        self.assertEqual(self.upgrade_from("cb_manager"), str(self.user_manager.id))
        self.assertEqual(self.env["res.config.settings"]._cert_param("cert_programme_manager_id"), self.user_manager)
        self.assertEqual(self.env["cert.qualification.warning"]._programme_manager(), self.user_manager)

    def test_a_login_of_nobody_is_dropped(self):
        with self.assertLogs(self.migration._logger, "WARNING"):
            self.assertFalse(self.upgrade_from("left_the_cb"))
        # a portal user's login never made a programme manager either
        with self.assertLogs(self.migration._logger, "WARNING"):
            self.assertFalse(self.upgrade_from(self.user_portal_a.login))

    def test_without_the_former_parameter_nothing_changes(self):
        self.params.set_param(NEW_KEY, self.user_officer.id)
        self.params.set_param(OLD_KEY, False)
        self.env.flush_all()
        self.migration.migrate(self.env.cr, "18.0.1.0.0")
        self.assertEqual(self.params.get_param(NEW_KEY), str(self.user_officer.id))
