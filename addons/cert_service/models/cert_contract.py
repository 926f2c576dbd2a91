from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class CertContract(models.Model):
    """The certification contract (认证合同) with the fee lines quoted from the scheme's fee schedule.

    Not a ``sale.order``: the certification body bills by milestone (application accepted, audit
    reported, certificate issued, surveillance due…) straight into ``account.move``; depending on
    ``sale`` would bring the whole sales application for one quotation per cycle.
    """

    _name = "cert.contract"
    _description = "Certification Contract"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "cert.billing.mixin"]
    _order = "id desc"

    name = fields.Char(
        "Number", required=True, readonly=True, copy=False, default=lambda self: self.env._("New"), index="trigram"
    )
    application_id = fields.Many2one("cert.application", required=True, ondelete="restrict", index=True)
    partner_id = fields.Many2one("res.partner", string="Client", required=True, index=True, tracking=True)
    scheme_id = fields.Many2one(related="application_id.scheme_id", store=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("signed", "Signed"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    date_signed = fields.Date(tracking=True, copy=False)
    line_ids = fields.One2many("cert.contract.line", "contract_id", string="Fee Lines", copy=True)
    amount_untaxed = fields.Monetary("Quoted Amount (excl. VAT)", compute="_compute_amount", store=True)
    note = fields.Html()
    billing_event_ids = fields.One2many("cert.billing.event", "contract_id", string="Billable Milestones")

    @api.depends("line_ids.price_subtotal")
    def _compute_amount(self):
        for contract in self:
            contract.amount_untaxed = sum(contract.line_ids.mapped("price_subtotal"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("cert.contract") or "/"
        return super().create(vals_list)

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for contract in self:
            contract.access_url = f"/my/certification/contracts/{contract.id}"

    def action_send(self):
        for contract in self:
            if contract.state != "draft":
                raise UserError(self.env._("Only a draft contract can be sent."))
        self.write({"state": "sent"})

    def action_sign(self):
        for contract in self:
            if contract.state not in ("draft", "sent"):
                raise UserError(self.env._("%s cannot be signed in its current state.", contract.name))
            if not contract.line_ids:
                raise UserError(self.env._("%s has no fee lines: add them before signing.", contract.name))
        self.write({"state": "signed", "date_signed": fields.Date.context_today(self)})

    def action_cancel(self):
        if any(c.state == "signed" for c in self):
            raise UserError(self.env._("A signed contract cannot be cancelled here: terminate it with the client."))
        self.write({"state": "cancelled"})
