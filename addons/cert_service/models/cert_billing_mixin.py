from odoo import api
from odoo import fields
from odoo import models


class CertBillingMixin(models.AbstractModel):
    """A record billed through milestones (contract, audit, certificate): its invoices and smart buttons.

    The model defines ``billing_event_ids``: its milestones, by their field that points to it.
    """

    _name = "cert.billing.mixin"
    _description = "Billed through Milestones"

    invoice_ids = fields.Many2many(
        "account.move", compute="_compute_invoice_ids", string="Invoices", groups="account.group_account_invoice"
    )
    invoice_count = fields.Integer(compute="_compute_invoice_ids", groups="account.group_account_invoice")

    @api.depends("billing_event_ids.move_ids")
    def _compute_invoice_ids(self):
        for record in self:
            record.invoice_ids = record.billing_event_ids.move_ids
            record.invoice_count = len(record.invoice_ids)

    def action_view_invoices(self):
        self.ensure_one()
        return self.invoice_ids._get_records_action(name=self.env._("Invoices"))

    def action_view_billing_events(self):
        self.ensure_one()
        return self.billing_event_ids._get_records_action(name=self.env._("Billable Milestones"))
