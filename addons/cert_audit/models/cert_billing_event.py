from odoo import fields
from odoo import models

#: audit milestones whose quantities are the team's actual auditor-days
DAYS_MILESTONES = ("document_review_done", "audit_reported")
#: audit milestones that also bill the audit's travel and expenses at cost
EXPENSE_MILESTONES = ("document_review_done", "audit_reported", "audit_expenses")


class CertBillingEvent(models.Model):
    """Milestones reached by an audit: its actual auditor-days and its expenses at cost."""

    _inherit = "cert.billing.event"

    audit_id = fields.Many2one("cert.audit", readonly=True, index="btree_not_null", ondelete="restrict")

    def _workflow_key_fields(self):
        return super()._workflow_key_fields() | {"audit_id"}

    def _workflow_create_fields(self):
        return super()._workflow_create_fields() | {"audit_id"}

    def _period_label(self):
        return self.audit_id.name if self.audit_id else super()._period_label()

    def _actual_days(self):
        if self.audit_id and self.milestone in DAYS_MILESTONES:
            return self.audit_id._counted_days()
        return super()._actual_days()

    def _invoice_line_values(self):
        values = super()._invoice_line_values()
        if self.audit_id and self.milestone in EXPENSE_MILESTONES:
            values += [
                self._invoice_line(expense.product_id, expense.name, 1.0, expense.amount)
                for expense in self.audit_id.expense_ids
            ]
        return values

    def _invoice_line(self, product, label, quantity, price_unit):
        values = super()._invoice_line(product, label, quantity, price_unit)
        if self.audit_id:
            values["cert_audit_id"] = self.audit_id.id
        return values
