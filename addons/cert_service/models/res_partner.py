from odoo import fields
from odoo import models


class ResPartner(models.Model):
    """The client's certification billing: its milestones and their invoices (a tab on the partner)."""

    _inherit = "res.partner"

    cert_billing_event_ids = fields.One2many("cert.billing.event", "partner_id", string="Certification Billing")
