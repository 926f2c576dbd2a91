from odoo import fields
from odoo import models


class CertSite(models.Model):
    """A place of the certified organisation: its headquarters or a service outlet (服务网点)."""

    _name = "cert.site"
    _description = "Certification Site"
    _order = "application_id, site_type, sequence, id"

    application_id = fields.Many2one("cert.application", ondelete="cascade", index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        related="application_id.partner_id",
        store=True,
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    site_type = fields.Selection(
        [("hq", "Headquarters"), ("outlet", "Service outlet")], default="outlet", required=True
    )
    street = fields.Char()
    city = fields.Char(index=True)
    state_id = fields.Many2one("res.country.state", string="Province")
    country_id = fields.Many2one("res.country")
    zip = fields.Char()
    contact_name = fields.Char()
    phone = fields.Char()
    active = fields.Boolean(default=True)
