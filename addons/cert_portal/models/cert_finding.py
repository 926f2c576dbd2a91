from odoo import models


class CertFinding(models.Model):
    _name = "cert.finding"
    _inherit = ["cert.finding", "portal.mixin"]

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for finding in self:
            finding.access_url = f"/my/certification/findings/{finding.id}"
