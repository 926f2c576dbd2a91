from odoo import fields
from odoo import models


class ResourceResource(models.Model):
    _inherit = "resource.resource"

    # What the officers' record rule reads: they keep the resources behind auditors, and only those
    # (archived auditors included, so that they can be restored).
    cert_auditor_ids = fields.One2many("cert.auditor", "resource_id", string="Auditors", context={"active_test": False})
