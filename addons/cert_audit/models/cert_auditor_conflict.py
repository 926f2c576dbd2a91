from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class CertAuditorConflict(models.Model):
    """A declared link between an auditor and an organisation that impairs impartiality (ISO/IEC 17021-1)."""

    _name = "cert.auditor.conflict"
    _description = "Auditor Conflict of Interest"
    _order = "auditor_id, date_to desc, id desc"

    auditor_id = fields.Many2one("cert.auditor", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        required=True,
        index=True,
        help="The client or consultancy the auditor consulted for or worked at.",
    )
    conflict_type = fields.Selection(
        [("consulting", "Consulted for"), ("employment", "Worked at"), ("other", "Other link")],
        string="Type",
        required=True,
        default="consulting",
    )
    date_from = fields.Date("From")
    date_to = fields.Date("Until", help="Leave empty while the link lasts.")
    note = fields.Text()

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for conflict in self:
            if conflict.date_from and conflict.date_to and conflict.date_to < conflict.date_from:
                raise ValidationError(
                    self.env._(
                        "The conflict of interest of %(auditor)s with %(partner)s ends before it starts.",
                        auditor=conflict.auditor_id.name,
                        partner=conflict.partner_id.display_name,
                    )
                )
