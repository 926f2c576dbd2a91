from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from .cert_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
OFFICER = ("cert_service.group_cert_officer",)


class CertContract(models.Model):
    """The certification contract (认证合同) with the fee lines quoted from the scheme's fee schedule.

    Not a ``sale.order``: the certification body bills by milestone (application accepted, audit
    reported, certificate issued, surveillance due…) straight into ``account.move``; depending on
    ``sale`` would bring the whole sales application for one quotation per cycle.
    """

    _name = "cert.contract"
    _description = "Certification Contract"
    _inherit = [
        "cert.workflow.mixin",
        "cert.sequence.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "cert.billing.mixin",
    ]
    _order = "id desc"
    _cert_sequence_code = "cert.contract"

    application_id = fields.Many2one("cert.application", required=True, ondelete="restrict", index=True)
    partner_id = fields.Many2one("res.partner", string="Client", required=True, index=True, tracking=True)
    scheme_id = fields.Many2one(related="application_id.scheme_id", store=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("signed", "Signed"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    date_signed = fields.Date(tracking=True, copy=False, readonly=True)
    line_ids = fields.One2many("cert.contract.line", "contract_id", string="Fee Lines", copy=True)
    amount_untaxed = fields.Monetary("Quoted Amount (excl. VAT)", compute="_compute_amount", store=True)
    note = fields.Html()
    # the milestones and their invoices are finance's; officers follow them (their access list)
    billing_event_ids = fields.One2many(
        "cert.billing.event",
        "contract_id",
        string="Billable Milestones",
        groups="cert_service.group_cert_officer,cert_service.group_cert_finance",
    )

    @api.depends("line_ids.price_subtotal")
    def _compute_amount(self):
        for contract in self:
            contract.amount_untaxed = sum(contract.line_ids.mapped("price_subtotal"))

    # ------------------------------------------------------------------ workflow declarations
    def _workflow_transitions(self):
        return {
            "action_send": Transition(("draft",), "sent", OFFICER, _lt("mark as sent")),
            "action_sign": Transition(("draft", "sent"), "signed", OFFICER, _lt("sign")),
            "action_cancel": Transition(("draft", "sent"), "cancelled", OFFICER, _lt("cancel")),
        }

    def _workflow_client_field(self):
        return "partner_id"

    def _workflow_key_fields(self):
        # the client (portal rule), the application and the company (company rule) are set on creation only
        return {"name", "application_id", "partner_id", "company_id", "date_signed"}

    def _workflow_create_fields(self):
        return {"name", "application_id", "partner_id", "company_id"}

    @api.constrains("application_id", "partner_id", "company_id")
    def _check_application(self):
        for contract in self:
            app = contract.application_id
            if contract.partner_id != app.partner_id or contract.company_id != app.company_id:
                raise ValidationError(
                    self.env._(
                        "%(contract)s must be made with the applicant and the company of %(application)s.",
                        contract=contract.display_name,
                        application=app.display_name,
                    )
                )

    # ------------------------------------------------------------------ transitions
    def action_send(self):
        self._workflow_move("action_send")
        return True

    def action_sign(self):
        self._workflow_check("action_sign")
        for contract in self:
            if not contract.line_ids:
                raise UserError(self.env._("%s has no fee lines: add them before signing.", contract.name))
        self._workflow_move("action_sign", {"date_signed": fields.Date.context_today(self)})
        return True

    def action_cancel(self):
        self._workflow_move("action_cancel")
        return True
