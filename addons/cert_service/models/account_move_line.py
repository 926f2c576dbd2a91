from odoo import fields
from odoo import models

from .cert_scheme_fee import MILESTONES


class AccountMoveLine(models.Model):
    """Invoice lines know the certification contract and milestone they bill (copied onto credit notes,
    so that the revenue report nets them)."""

    _inherit = "account.move.line"

    cert_billing_event_id = fields.Many2one(
        "cert.billing.event", string="Billable Milestone", index="btree_not_null", ondelete="set null"
    )
    cert_contract_id = fields.Many2one(
        "cert.contract", string="Certification Contract", index="btree_not_null", ondelete="restrict"
    )
    cert_milestone = fields.Selection(MILESTONES, string="Certification Milestone")
    cert_certificate_id = fields.Many2one("cert.certificate", string="Certificate", index="btree_not_null")
