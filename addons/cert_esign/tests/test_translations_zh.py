import base64

from odoo.addons.cert_portal.tests.test_translations_zh import _is_untranslated
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..lib import pades
from .common import CertEsignCase

ADDON = "cert_esign"


@tagged("post_install", "-at_install")
class TestChineseEsign(CertEsignCase):
    """The addon's labels, view terms and messages read in Chinese once zh_CN is loaded from its .po."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["cert_service", "cert_portal", ADDON], ["zh_CN"], overwrite=True
        )
        cls.env.invalidate_all()
        cls.env.registry.clear_cache()

    def test_field_labels_and_view_terms(self):
        english, count = [], 0
        for name in sorted(self.env.registry.models):
            model = self.env[name]
            ours = [f for f, field in model._fields.items() if ADDON in field._modules]
            if not ours:
                continue
            en = model.with_context(lang="en_US").fields_get(ours, ["string", "help"])
            zh = model.with_context(lang="zh_CN").fields_get(ours, ["string", "help"])
            for fname in ours:
                for attribute in ("string", "help"):
                    count += 1
                    if _is_untranslated(en[fname].get(attribute), zh[fname].get(attribute)):
                        english.append(f"{name}.{fname} {attribute}: {en[fname].get(attribute)!r}")
        self.assertGreater(count, 30)
        views = self.env["ir.ui.view"].search([("type", "!=", "qweb")])
        xmlids = views._get_external_ids()
        views = views.filtered(lambda v: any(x.startswith(f"{ADDON}.") for x in xmlids.get(v.id, [])))
        self.assertGreaterEqual(len(views), 4)
        field = views._fields["arch_db"]
        for view in views:
            source = view.with_context(lang="en_US").arch_db
            terms = field.get_translation_dictionary(source, {"zh_CN": view.with_context(lang="zh_CN").arch_db})
            for term, langs in terms.items():
                if _is_untranslated(term, langs.get("zh_CN")):
                    english.append(f"{xmlids[view.id][0]}: {term!r}")
        self.assertFalse(english, "\n".join(english))

    def test_messages(self):
        data = base64.b64encode(pades.pkcs12_of(pades.demo_identity("Test CB", demo=False), b"right"))
        settings = self.env["res.config.settings"].with_user(self.user_manager).with_context(lang="zh_CN")
        with self.assertRaisesRegex(ValidationError, "签章证书（PKCS#12）：无法用此密码打开该文件"):
            settings.create({"cert_esign_pkcs12": data, "cert_esign_pkcs12_password": "wrong"})
