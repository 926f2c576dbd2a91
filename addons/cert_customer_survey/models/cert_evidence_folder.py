from odoo import fields
from odoo import models


class CertEvidenceFolder(models.Model):
    _inherit = "cert.evidence.folder"

    # set by the mystery visit's own code when it makes the folder of its evidence; stored, so that the
    # evidence store's rules hide these folders from the client with a plain condition instead of a search of
    # the visits each time they build a domain
    mystery_visit_folder = fields.Boolean("Mystery Visit Evidence", readonly=True, copy=False, index=True)

    def _workflow_key_fields(self):
        return super()._workflow_key_fields() | {"mystery_visit_folder"}
