from odoo.modules.migration import load_script
from odoo.tests import TransactionCase
from odoo.tests import tagged

SCRIPT = "cert_audit/migrations/18.0.1.3.0/post-migrate.py"
LOGGER = "cert_audit_post_migrate_18_0_1_3_0"
PARAMETER = "cert_audit.issue_requires_decision"


@tagged("post_install", "-at_install")
class TestMigrations(TransactionCase):
    """The migration scripts on a database as the previous release left it."""

    def setUp(self):
        super().setUp()
        self.migration = load_script(SCRIPT, LOGGER)
        self.params = self.env["ir.config_parameter"].sudo()

    def test_the_switch_that_turned_the_rule_off_is_deleted_with_a_warning(self):
        self.params.set_param(PARAMETER, "0")
        with self.assertLogs(LOGGER, "WARNING") as logs:
            self.migration.migrate(self.env.cr, "18.0.1.2.0")
        self.assertIn("without a grant decision", logs.output[0])
        self.assertFalse(self.params.search([("key", "=", PARAMETER)]))
        self.assertFalse(self.params.get_param(PARAMETER))

    def test_the_switch_left_on_is_deleted_quietly(self):
        self.params.set_param(PARAMETER, "1")
        with self.assertNoLogs(LOGGER, "WARNING"):
            self.migration.migrate(self.env.cr, "18.0.1.2.0")
        self.assertFalse(self.params.search([("key", "=", PARAMETER)]))

    def test_a_database_without_the_switch_is_left_as_it_is(self):
        count = self.params.search_count([])
        with self.assertNoLogs(LOGGER, "WARNING"):
            self.migration.migrate(self.env.cr, "18.0.1.2.0")
        self.assertEqual(self.params.search_count([]), count)
