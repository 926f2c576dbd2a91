from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from ..lib.auditor_days import derived_days

#: who reads contracts (access list of cert.contract): the audit team does not
CONTRACT_READERS = (
    "cert_service.group_cert_officer,cert_service.group_cert_decision,cert_service.group_cert_finance,base.group_portal"
)


class CertApplication(models.Model):
    """The application's contract: drafted with the scheme's fee lines at acceptance, signed, cancelled with
    the application."""

    _inherit = "cert.application"  # pylint: disable=consider-merging-classes-inherited

    # the contract (fees, prices) is for the officers, decision makers, finance and the client: not for the
    # audit team, which reads the rest of the application
    contract_ids = fields.One2many("cert.contract", "application_id", string="Contracts", groups=CONTRACT_READERS)
    contract_id = fields.Many2one("cert.contract", compute="_compute_contract_id", groups=CONTRACT_READERS)

    @api.depends("contract_ids.state")
    def _compute_contract_id(self):
        for app in self:
            app.contract_id = app.contract_ids.filtered(lambda c: c.state != "cancelled")[:1]

    def _prepare_contract_values(self):
        self.ensure_one()
        return {
            "application_id": self.id,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "line_ids": [Command.create(vals) for vals in self._prepare_fee_lines()],
        }

    def _prepare_fee_lines(self):
        """Contract lines from the scheme's fee schedule, quoted with this applicant's auditor-days."""
        self.ensure_one()
        scheme = self.scheme_id
        years = max(scheme.validity_months // 12, 1)
        occurrences = {"once": 1, "per_year": years, "per_surveillance": max(years - 1, 0)}
        lines = []
        for fee in scheme.fee_ids:
            if fee.quantity_basis == "initial_days":
                quantity = float(derived_days(self.auditor_days_initial, fee.days_ratio, minimum=0))
            else:
                quantity = fee.quantity
            lines.append(
                {
                    "sequence": fee.sequence,
                    "product_id": fee.product_id.id,
                    "name": fee.product_id.display_name,
                    "milestone": fee.milestone,
                    "quantity": quantity,
                    "occurrences": occurrences[fee.occurrence],
                    "occurrence": fee.occurrence,
                    "quantity_basis": fee.quantity_basis,
                    "days_ratio": fee.days_ratio,
                    "price_unit": fee._quoted_price(self.employee_count, self.outlet_count),
                }
            )
        return lines

    def _cancel_open_contracts(self):
        self.contract_ids.filtered(lambda c: c.state in ("draft", "sent")).action_cancel()

    def action_sign_contract(self):
        """Record the signed contract: the contract is signed, the application contracted, the opportunity won."""
        self._workflow_check("action_sign_contract")
        for app in self:
            if not app.contract_id:
                raise UserError(self.env._("%s has no contract to sign.", app.name))
        self.contract_id.filtered(lambda c: c.state != "signed").action_sign()
        self._workflow_move("action_sign_contract")
        self.activity_update()
        for app in self:
            if app.lead_id and app.lead_id.active and not app.lead_id.stage_id.is_won:
                app.lead_id._cert_move_to_stage("cert_service.crm_stage_cert_won")
        return True

    def action_view_contract(self):
        self.ensure_one()
        return self.contract_id.get_formview_action() if self.contract_id else False
