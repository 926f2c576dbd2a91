from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class CertAuditExpense(models.Model):
    """Travel and expenses of an audit, billed to the client at cost when the audit is reported."""

    _name = "cert.audit.expense"
    _description = "Audit Travel and Expenses"
    _inherit = ["cert.input.mixin"]
    _order = "audit_id, date, id"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade", index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    product_id = fields.Many2one(
        "product.product",
        string="Fee Item",
        required=True,
        ondelete="restrict",
        default=lambda self: self.env.ref("cert_service.product_fee_travel", raise_if_not_found=False),
        domain=[("type", "=", "service")],
    )
    name = fields.Char("Description", required=True)
    company_id = fields.Many2one(related="audit_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary("Amount at Cost", required=True)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "An expense must have a positive amount."),
    ]

    def _check_audit_open(self):
        # Expenses are billed when the audit is reported: later changes would never reach the client.
        for expense in self:
            if expense.audit_id.state in ("reported", "closed", "cancelled"):
                raise UserError(
                    self.env._(
                        "%s is reported, closed or cancelled: its expenses were billed and can no longer change.",
                        expense.audit_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        expenses = super().create(vals_list)
        expenses._check_audit_open()
        return expenses

    def write(self, vals):
        self._check_audit_open()
        res = super().write(vals)
        self._check_audit_open()
        return res

    def unlink(self):
        self._check_audit_open()
        return super().unlink()
