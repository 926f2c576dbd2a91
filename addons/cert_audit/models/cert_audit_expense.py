from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)
#: audit states in which expenses may still change: they are billed when the audit is reported
OPEN_STATES = ("draft", "planned", "confirmed", "in_progress")


class CertAuditExpense(models.Model):
    """Travel and expenses of an audit, billed to the client at cost when the audit is reported."""

    _name = "cert.audit.expense"
    _description = "Audit Travel and Expenses"
    _inherit = ["cert.workflow.mixin"]
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

    # ------------------------------------------------------------------ declarations
    def _workflow_key_fields(self):
        return {"audit_id"}

    def _workflow_create_fields(self):
        return {"audit_id"}

    def _workflow_field_rules(self):
        editable = frozenset(name for name in self._fields if name not in models.MAGIC_COLUMNS)
        return (
            FieldRule(
                editable,
                OPEN_STATES,
                (),
                _lt("%(record)s: its audit was reported, its expenses were billed and can no longer change."),
            ),
        )

    def _workflow_rule_state(self):
        self.ensure_one()
        return self.audit_id.state

    def _workflow_client_field(self):
        return "audit_id.partner_id"

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

    def unlink(self):
        self._check_audit_open()
        return super().unlink()
