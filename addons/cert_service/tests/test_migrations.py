from odoo.modules.migration import load_script
from odoo.tests import TransactionCase
from odoo.tests import tagged

RENAME = "cert_service/migrations/18.0.1.2.0/post-20-indicator-resource-allocation.py"


@tagged("post_install", "-at_install")
class TestMigrations(TransactionCase):
    """The migration scripts on a database as the previous release left it (bin/upgrade-check plays the whole
    upgrade; these cases play what a fresh upgrade cannot show: a CB's own wording)."""

    def setUp(self):
        super().setUp()
        self.indicator = self.env.ref("cert_service.gbt_resources")
        self.migration = load_script(RENAME, "cert_service_post_20_indicator_resource_allocation")

    def set_names(self, **names):
        """Write the name's translations as a database holds them (the scheme data is the CB's to edit)."""
        for lang, name in names.items():
            self.env.cr.execute(
                "UPDATE cert_indicator SET name = name || jsonb_build_object(%s, %s::text) WHERE id = %s",
                [lang, name, self.indicator.id],
            )
        self.indicator.invalidate_recordset(["name"])

    def name(self, lang):
        return self.indicator.with_context(lang=lang).name

    def test_the_wording_shipped_before_is_renamed(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.set_names(en_US="Resources", zh_CN="资源配置")
        self.migration.migrate(self.env.cr, "18.0.1.0.0")
        self.assertEqual(self.name("en_US"), "Resource allocation")
        self.assertEqual(self.name("zh_CN"), "资源配置")

    def test_a_cb_s_own_wording_is_kept(self):
        self.set_names(en_US="Service resources and facilities")
        self.migration.migrate(self.env.cr, "18.0.1.0.0")
        self.assertEqual(self.name("en_US"), "Service resources and facilities")
