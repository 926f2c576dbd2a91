from odoo import api
from odoo import fields
from odoo import models


class CertEvidenceFolder(models.Model):
    _inherit = "cert.evidence.folder"

    # the visits filing their evidence here (read by the computation below only: a client reads the folders of
    # its cycle but never its mystery visits)
    mystery_visit_ids = fields.One2many(
        "cert.mystery.visit", "evidence_folder_id", "Mystery Visits", groups="base.group_system"
    )
    # stored, so that the evidence store's rules hide these folders from the client with a plain condition
    # instead of a search of the visits each time they build a domain
    mystery_visit_folder = fields.Boolean(
        "Mystery Visit Evidence", compute="_compute_mystery_visit_folder", store=True, index=True
    )

    @api.depends("mystery_visit_ids")
    def _compute_mystery_visit_folder(self):
        for folder in self:
            folder.mystery_visit_folder = bool(folder.mystery_visit_ids)
