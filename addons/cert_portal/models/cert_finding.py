from odoo import models


class CertFinding(models.Model):
    _name = "cert.finding"
    _inherit = ["cert.finding", "cert.portal.page.mixin"]
    _portal_section = "findings"

    def _portal_description(self):
        """What the finding says, in the reader's language where the system wrote it.

        The finding of a special deduction stores its prefix in the language of whoever recorded the
        deduction; the page names it in the reader's language, followed by the auditor's own words.
        """
        self.ensure_one()
        deduction = self.env["cert.audit.special.deduction"].search([("finding_id", "=", self.id)], limit=1)
        if deduction:
            return self.env._("Special deduction: %s", deduction.description)
        return self.description
