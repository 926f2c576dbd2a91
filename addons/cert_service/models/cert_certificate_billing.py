from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError

from ..lib import billing

FINANCE = "cert_service.group_cert_finance"


class CertCertificate(models.Model):
    """The fees side of a certificate (domain.md §9): its milestones, the payment gate of its issue and
    finance's override of that gate.
    """

    _name = "cert.certificate"
    _inherit = ["cert.certificate", "cert.billing.mixin"]

    # the milestones and their invoices are finance's; officers follow them (their access list)
    billing_event_ids = fields.One2many(
        "cert.billing.event",
        "certificate_id",
        string="Billable Milestones",
        groups="cert_service.group_cert_officer,cert_service.group_cert_finance",
    )
    payment_override_reason = fields.Text(
        "Payment Gate Overridden Because",
        readonly=True,
        copy=False,
        tracking=True,
        help="Finance let the certificate be issued although invoices of the cycle are unpaid.",
    )
    payment_override_user_id = fields.Many2one("res.users", string="Overridden By", readonly=True, copy=False)
    payment_override_date = fields.Datetime("Overridden On", readonly=True, copy=False)

    def _workflow_key_fields(self):
        return super()._workflow_key_fields() | {
            "payment_override_reason",
            "payment_override_user_id",
            "payment_override_date",
        }

    # ------------------------------------------------------------------ payment gate
    def _contract(self):
        """The contract of the certificate's application (officers may not read contracts' invoices)."""
        self.ensure_one()
        return self.application_id.sudo().contract_id

    def _unpaid_invoices(self, today=None, milestones=None):
        """Posted invoices of the cycle (its contract's milestones) unpaid after the scheme's grace period."""
        self.ensure_one()
        # Whoever may see the certificate may learn that its invoices block it; the invoices are finance's.
        self.check_access("read")
        contract = self._contract()
        if not contract:
            return self.env["account.move"]
        today = today or fields.Date.context_today(self)
        domain = [("contract_id", "=", contract.id), ("invoice_state", "=", "invoiced")]
        if milestones:
            domain.append(("milestone", "in", list(milestones)))
        moves = self.env["cert.billing.event"].sudo().search(domain).move_id
        grace = self.scheme_id.payment_grace_days
        return moves.filtered(
            lambda m: billing.unpaid_overdue(m.state, m.payment_state, m.invoice_date_due, today, grace)
        )

    def _issue_problems(self):
        problems = super()._issue_problems()
        if self.payment_override_reason:
            return problems
        unpaid = self._unpaid_invoices()
        if unpaid:
            problems.append(
                self.env._(
                    "Invoices of the cycle are unpaid %(days)s days after they fell due: %(invoices)s. Finance can "
                    "let the certificate be issued anyway, with a reason.",
                    days=self.scheme_id.payment_grace_days,
                    invoices=", ".join(
                        f"{m.name} ({m.amount_residual:.2f} {m.currency_id.name}, {m.invoice_date_due})"
                        for m in unpaid.sorted("invoice_date_due")
                    ),
                )
            )
        return problems

    def _payment_override(self, reason):
        """Finance lets the draft be issued although invoices are unpaid; the reason stays on the certificate."""
        if not self.env.user.has_group(FINANCE):
            raise AccessError(self.env._("Only finance can let a certificate be issued with unpaid invoices."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for issuing the certificate before the invoices are paid."))
        for cert in self:
            if cert.state != "draft":
                raise UserError(self.env._("%s is already issued: there is no payment gate to override.", cert.name))
        # Checked right above: a finance user, a reason, drafts only (finance may not write certificates).
        self._workflow_sudo_write(
            {
                "payment_override_reason": reason,
                "payment_override_user_id": self.env.uid,
                "payment_override_date": fields.Datetime.now(),
            }
        )
        for cert in self:
            cert.sudo().message_post(
                body=self.env._(
                    "Payment gate overridden by %(user)s: %(reason)s", user=self.env.user.name, reason=reason
                )
            )
        return True

    def action_payment_override(self):
        if not self.env.user.has_group(FINANCE):
            raise AccessError(self.env._("Only finance can let a certificate be issued with unpaid invoices."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.certificate.payment.override",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Issue Despite Unpaid Invoices"),
            "context": {"default_certificate_ids": self.ids},
        }

    # ------------------------------------------------------------------ milestones
    def action_issue(self):
        res = super().action_issue()
        self._register_billing()
        return res

    def _register_billing(self):
        """At issue: the certificate fee (with the first annual fee) now, the later annual fees and the
        surveillances on their due dates. A successor of the same cycle (a level change) takes over the
        fees still to bill of the certificate it supersedes instead.
        """
        Event = self.env["cert.billing.event"]
        for cert in self:
            contract = cert._contract()
            previous = cert.supersedes_id
            if not contract:
                continue
            if previous and previous.cycle == cert.cycle:
                pending = previous.sudo().billing_event_ids.filtered(lambda e: e.invoice_state == "to_invoice")
                # The issue just checked lets the successor take over its predecessor's fees.
                pending._workflow_sudo_write({"certificate_id": cert.id})
                continue
            scheme = cert.scheme_id
            prefix = f"cycle/{cert.cycle}"
            schedule = billing.yearly_schedule(
                cert.issue_date, scheme.validity_months, cert._surveillance_programme(cert.issue_date)
            )
            vals_list = [{"milestone": "certificate_issued", "period": prefix, "date_due": cert.issue_date}]
            vals_list += [
                {"milestone": milestone, "period": f"{prefix}/{period}", "date_due": due}
                for milestone, period, due in schedule
            ]
            for vals in vals_list:
                vals.update(contract_id=contract.id, certificate_id=cert.id)
            Event._register_milestones(cert, vals_list)
