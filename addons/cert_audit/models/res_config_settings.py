from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cert_conflict_months = fields.Integer(
        "Conflict-of-Interest Period (months)",
        config_parameter="cert_audit.conflict_months",
        default=24,
        help="An auditor who consulted for or worked at the client or its consultancy within this many months "
        "before the audit cannot audit it (ISO/IEC 17021-1: 2 years).",
    )
