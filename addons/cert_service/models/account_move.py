from odoo import api
from odoo import fields
from odoo import models


class AccountMove(models.Model):
    """Smart buttons from a certification invoice to its contracts and milestones."""

    _inherit = "account.move"

    cert_contract_ids = fields.Many2many(
        "cert.contract", string="Certification Contracts", compute="_compute_cert_references"
    )
    cert_contract_count = fields.Integer(compute="_compute_cert_references")
    cert_billing_event_ids = fields.Many2many(
        "cert.billing.event", string="Billable Milestones", compute="_compute_cert_references"
    )
    cert_certificate_ids = fields.Many2many(
        "cert.certificate", string="Certificates", compute="_compute_cert_references"
    )
    cert_certificate_count = fields.Integer(compute="_compute_cert_references")

    @api.depends("line_ids.cert_contract_id", "line_ids.cert_billing_event_id", "line_ids.cert_certificate_id")
    def _compute_cert_references(self):
        for move in self:
            move.cert_contract_ids = move.line_ids.cert_contract_id
            move.cert_contract_count = len(move.cert_contract_ids)
            move.cert_billing_event_ids = move.line_ids.cert_billing_event_id
            move.cert_certificate_ids = move.line_ids.cert_certificate_id
            move.cert_certificate_count = len(move.cert_certificate_ids)

    def action_view_cert_contracts(self):
        self.ensure_one()
        return self.cert_contract_ids._get_records_action(name=self.env._("Certification Contracts"))

    def action_view_cert_certificates(self):
        self.ensure_one()
        return self.cert_certificate_ids._get_records_action(name=self.env._("Certificates"))

    def action_view_cert_billing_events(self):
        self.ensure_one()
        return self.cert_billing_event_ids._get_records_action(name=self.env._("Billable Milestones"))
