from odoo import models
from odoo.exceptions import UserError

#: review history steps the client sees (lock/unlock reasons stay internal)
PORTAL_REVIEW_ACTIONS = ("create", "new_version", "submit", "retract", "start_review", "accept", "reject")


class CertEvidence(models.Model):
    _name = "cert.evidence"
    _inherit = ["cert.evidence", "cert.portal.page.mixin"]
    _portal_section = "evidence"

    def _portal_upload(self, files, comment=None):
        """New versions of this item from the portal ([(file name, bytes)], in order), with the client's rights."""
        self.ensure_one()
        if not files:
            raise UserError(self.env._("Choose at least one file to upload."))
        return [self._cert_add_version(raw, filename, comment) for filename, raw in files]

    def _portal_review_history(self):
        """The review steps the client may read: reviewers' comments, never the internal lock reasons."""
        self.ensure_one()
        return self.review_ids.filtered(lambda r: r.action in PORTAL_REVIEW_ACTIONS)
