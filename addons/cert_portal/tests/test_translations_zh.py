"""Chinese where the users meet it, read on the installed database (not in the .po files).

An entry of a .po file translates only the records its references name: a label whose msgid is in the file
under another field's reference stays English. These tests load zh_CN from the addons' files as a database
does, then read what the backoffice shows: every field label and selection value of the project's fields
(``fields_get``) and every translatable term of the project's views.
"""

import re
from html import unescape

from odoo.tests import HttpCase
from odoo.tests import TransactionCase
from odoo.tests import tagged

PROJECT = ("cert_service", "cert_audit", "cert_portal", "cert_compliance", "cert_customer_survey", "cert_esign")

#: the same in Chinese: codes, units, proper names and the printed Chinese of the source itself
SAME_IN_CHINESE = {
    "ID",
    "URL",
    "JSON",
    "PDF",
    "SKU",
    "CNCA",
    "GB/T 27922",
    "SB/T 10401",
    "CTEAS",
    "XLSX",
    "CSV",
    "SHA-256",
    "MB",
}
#: a code or an example of one (a credit code placeholder): capitals, digits and separators only
CODE = re.compile(r"[A-Z0-9 ./:-]+")
TAGS = re.compile(r"<[^>]+>")


def _is_untranslated(source, translated):
    """English left as it was: the same text, with letters, not a code or a Chinese source."""
    if (source or "").strip() != (translated or "").strip():
        return False
    source = TAGS.sub("", source or "").strip()
    if not source or source in SAME_IN_CHINESE or (CODE.fullmatch(source) and any(c.isdigit() for c in source)):
        return False
    if any("\u4e00" <= char <= "\u9fff" for char in source):  # the source is Chinese already
        return False
    return any(char.isalpha() for char in source)


@tagged("post_install", "-at_install")
class TestChineseBackoffice(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(list(PROJECT), ["zh_CN"], overwrite=True)
        cls.env.invalidate_all()
        cls.env.registry.clear_cache()

    def _project_fields(self):
        """{model: [field name]}: the fields a project addon declares (on its models or on Odoo's)."""
        result = {}
        for name in sorted(self.env.registry.models):
            model = self.env[name]
            if model._abstract and not name.startswith("cert."):
                continue
            ours = [fname for fname, field in model._fields.items() if set(field._modules) & set(PROJECT)]
            if ours:
                result[name] = ours
        return result

    def test_field_labels_and_selections_are_chinese(self):
        models = self._project_fields()
        self.assertIn("cert.certificate", models)
        self.assertIn("res.partner", models)
        english = []
        count = 0
        for name, field_names in models.items():
            en = self.env[name].with_context(lang="en_US").fields_get(field_names, ["string", "selection"])
            zh = self.env[name].with_context(lang="zh_CN").fields_get(field_names, ["string", "selection"])
            for fname in field_names:
                count += 1
                if _is_untranslated(en[fname]["string"], zh[fname]["string"]):
                    english.append(f"{name}.{fname}: {en[fname]['string']!r}")
                if not isinstance(getattr(self.env[name]._fields[fname], "selection", None), list):
                    continue  # computed choices (time zones, languages) are not terms of the project
                zh_selection = dict(zh[fname].get("selection") or [])
                for value, label in en[fname].get("selection") or []:
                    count += 1
                    if _is_untranslated(label, zh_selection.get(value)):
                        english.append(f"{name}.{fname} = {value!r}: {label!r}")
        self.assertGreater(count, 500, "the project's fields were not found")
        if english:
            self.fail(f"{len(english)} of {count} labels left in English:\n" + "\n".join(english))

    def test_view_terms_are_chinese(self):
        """Group titles, tabs, buttons, placeholders of the backoffice views (portal pages: see their tests)."""
        views = self.env["ir.ui.view"].search([("type", "!=", "qweb")])
        xmlids = views._get_external_ids()
        views = views.filtered(lambda v: any(x.split(".")[0] in PROJECT for x in xmlids.get(v.id, [])))
        self.assertGreater(len(views), 50)
        field = views._fields["arch_db"]
        english = []
        for view in views:
            source = view.with_context(lang="en_US").arch_db
            translated = view.with_context(lang="zh_CN").arch_db
            terms = field.get_translation_dictionary(source, {"zh_CN": translated})
            for term, langs in terms.items():
                if _is_untranslated(term, langs.get("zh_CN")):
                    english.append(f"{xmlids[view.id][0]}: {term!r}")
        if english:
            self.fail(f"{len(english)} view terms left in English:\n" + "\n".join(sorted(english)))


#: text the portal shows as it is, whatever the language: record numbers, file names, the site's footer
PORTAL_AS_IS = re.compile(
    r"^(?:[A-Z]{2,}[-/][\w/-]+|[\w.-]+\.[a-z0-9]{2,4}|Copyright ©|[A-Z0-9 ./:-]+)$",
)


@tagged("post_install", "-at_install")
class TestChinesePortal(HttpCase):
    """Each demo client's portal pages, read in Chinese: no English left outside codes and names."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        modules = ["base", "web", "portal", "mail", "account", "payment", "account_payment", *PROJECT]
        cls.env["ir.module.module"]._load_module_terms(modules, ["zh_CN"], overwrite=True)
        cls.env.registry.clear_cache()
        logins = ("client.shunan", "client.hongyuan", "client.meida")
        cls.users = cls.env["res.users"].search([("login", "in", logins)])
        cls.users.write({"lang": "zh_CN"})

    @staticmethod
    def english(html):
        """The visible text runs of the page's main part that are English (letters, no Chinese)."""
        body = html.split("<main", 1)[-1].split("</main>", 1)[0]
        body = re.sub(r"<script.*?</script>|<style.*?</style>", "", body, flags=re.S)
        runs = (unescape(run).strip() for run in re.findall(r">([^<]+)<", body))
        return [
            run
            for run in runs
            if re.search(r"[A-Za-z]{3,}", run)
            and not re.search(r"[\u4e00-\u9fff]", run)
            and not PORTAL_AS_IS.match(run)
        ]

    def test_demo_clients_pages_are_chinese(self):
        self.assertEqual(len(self.users), 3, "needs the demo clients")
        english, pages = [], 0
        for user in self.users:
            self.authenticate(user.login, user.login)
            urls = ["/my/home"]
            for section in ("applications", "requests", "evidence", "audits", "findings", "certificates"):
                url = f"/my/certification/{section}"
                urls.append(url)
                urls += sorted(set(re.findall(rf'href="({url}/\d+)[?"#]', self.url_open(url).text)))
            pages += len(urls)
            for url in urls:
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200, url)
                english += [f"{user.login} {url}: {run!r}" for run in self.english(response.text)]
        self.assertGreater(pages, 30)
        if english:
            self.fail(f"{len(english)} English texts on the Chinese portal:\n" + "\n".join(english))

    def test_special_deduction_finding_in_the_readers_language(self):
        """Its stored description starts in the language of whoever recorded the deduction (English here)."""
        deduction = self.env.ref("cert_audit.special_deduction_demo_shunan")
        finding = deduction.finding_id
        self.assertTrue(finding.description.startswith("Special deduction"))
        self.authenticate("client.shunan", "client.shunan")
        html = self.url_open(finding.access_url).text
        self.assertIn(f"特别扣分项：{deduction.description}", unescape(html))
        self.assertNotIn("Special deduction", html)
