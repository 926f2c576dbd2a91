from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from .cert_scheme_fee import MILESTONES
from .cert_scheme_fee import OCCURRENCES
from .cert_scheme_fee import QUANTITY_BASES
from .cert_workflow_mixin import FieldRule

_lt = LazyTranslate(__name__)

#: what was signed (or cancelled) is not re-quoted: its fee lines stay as they are
CLOSED_CONTRACT_STATES = ("signed", "cancelled")


class CertContractLine(models.Model):
    _name = "cert.contract.line"
    _description = "Certification Contract Fee Line"
    _inherit = ["cert.workflow.mixin"]
    _order = "contract_id, sequence, id"

    contract_id = fields.Many2one("cert.contract", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", required=True, ondelete="restrict")
    name = fields.Char("Description", required=True)
    milestone = fields.Selection(MILESTONES, required=True, help="When the fee becomes billable.")
    quantity = fields.Float(digits="Product Unit of Measure", default=1.0)
    occurrences = fields.Integer(default=1, help="How many times the fee is billed in the certification cycle.")
    # From the fee schedule: how an audit's actual auditor-days turn into the invoiced quantity.
    occurrence = fields.Selection(OCCURRENCES, default="once", required=True)
    quantity_basis = fields.Selection(QUANTITY_BASES, default="fixed", required=True)
    days_ratio = fields.Float(digits=(5, 4), default=1.0)
    price_unit = fields.Float(digits="Product Price")
    currency_id = fields.Many2one(related="contract_id.currency_id")
    price_subtotal = fields.Monetary(compute="_compute_subtotal", store=True)

    def _workflow_client_field(self):
        return "contract_id.partner_id"

    def _workflow_key_fields(self):
        return {"contract_id"}

    def _workflow_create_fields(self):
        return {"contract_id"}

    def _workflow_field_rules(self):
        contract_states = self.env["cert.contract"]._fields["state"].get_values(self.env)
        editable = frozenset(name for name in self._fields if name not in models.MAGIC_COLUMNS)
        open_states = tuple(s for s in contract_states if s not in CLOSED_CONTRACT_STATES)
        return (
            FieldRule(
                editable,
                open_states,
                (),
                _lt("%(record)s: its contract is signed or cancelled, its fee lines cannot be changed."),
            ),
        )

    def _workflow_rule_state(self):
        self.ensure_one()
        return self.contract_id.state

    def _workflow_rule_state_label(self, state):
        return self.env["cert.contract"]._workflow_state_label(state)

    @api.depends("quantity", "occurrences", "price_unit")
    def _compute_subtotal(self):
        for line in self:
            line.price_subtotal = line.quantity * line.occurrences * line.price_unit

    @api.constrains("quantity", "occurrences", "price_unit")
    def _check_figures(self):
        for line in self:
            if min(line.quantity, line.occurrences, line.price_unit) < 0:
                raise ValidationError(
                    self.env._("%s: the quantity, the occurrences and the unit price cannot be negative.", line.name)
                )

    def _check_contract_open(self, contracts):
        """What was signed (or cancelled) is not re-quoted: its fee lines stay as they are."""
        closed = contracts.filtered(lambda c: c.state in CLOSED_CONTRACT_STATES)
        if closed:
            raise UserError(
                self.env._("%s is signed or cancelled: its fee lines cannot be changed.", closed[0].display_name)
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_contract_open(
            self.env["cert.contract"].browse([v["contract_id"] for v in vals_list if v.get("contract_id")])
        )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_open_contract_only(self):
        self._check_contract_open(self.contract_id)

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id:
            self.name = self.product_id.display_name
            self.price_unit = self.product_id.lst_price
