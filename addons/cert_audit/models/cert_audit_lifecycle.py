from odoo import fields
from odoo import models

#: milestone billed when an audit of this type is reported (its expenses are billed with it)
REPORT_MILESTONES = {"document_review": "document_review_done", "initial": "audit_reported"}


class CertAudit(models.Model):
    """The life cycle of an audit: planned once its dates and team are set, the dates sent to the client and
    confirmed, started, reported (its fees registered), closed, cancelled or reopened."""

    _inherit = "cert.audit"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ transitions
    def _planning_problems(self):
        self.ensure_one()
        problems = []
        if not (self.date_start and self.date_end):
            problems.append(self.env._("The dates are not set."))
        leads = self.member_ids.filtered(lambda m: m.role == "lead")
        if len(leads) != 1:
            problems.append(self.env._("The team needs exactly one lead auditor."))
        if not self.site_ids.filtered(lambda s: s.site_type == "hq") and self.audit_type != "document_review":
            problems.append(self.env._("The headquarters is not among the sites to visit."))
        return problems

    def action_plan(self):
        """Draft → planned: dates and team set; the client is asked to confirm the dates."""
        self._workflow_check("action_plan")
        self._check_ready(
            lambda audit: audit._planning_problems(),
            self.env._("%(record)s cannot be planned yet:\n%(problems)s"),
        )
        # A declaration of interest made since the team was set blocks the plan.
        self.member_ids._check_availability()
        self._workflow_move("action_plan")
        self.action_send_dates()
        return True

    def action_send_dates(self):
        """Send the client the audit dates and team, asking for confirmation."""
        self._workflow_check("action_send_dates")
        template = self.env.ref("cert_audit.mail_template_audit_dates", raise_if_not_found=False)
        for audit in self:
            if template:
                audit.message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment", partner_ids=audit.partner_id.ids
                )
        return True

    def action_client_confirm(self):
        """The client agreed the dates: record who confirmed and when (from the portal or by the officer)."""
        self._workflow_move(
            "action_client_confirm", {"confirmed_by_id": self.env.user.id, "confirmed_date": fields.Datetime.now()}
        )
        for audit in self:
            audit.message_post(body=self.env._("Audit dates confirmed by %s.", self.env.user.partner_id.display_name))
        # The client accepted the recertification audit: its fee (⅔ of the initial days, as quoted) is due.
        self.filtered(lambda a: a.audit_type == "recertification")._register_billing("recertification_accepted")
        return True

    def action_start(self):
        self._workflow_check("action_start")
        self._check_team_lead()
        self.member_ids._check_availability()
        self._workflow_move("action_start")
        # The first audit starts the certification cycle of a contracted application (sudo: the lead auditor
        # may start it, checked above, and cannot write the application).
        self.application_id.sudo().filtered(lambda a: a.state == "contracted").action_start()
        return True

    def action_report(self):
        self._workflow_check("action_report")
        self._check_team_lead()
        self._workflow_move("action_report")
        # Billable: the document review or the initial audit (the team's actual days) and every
        # audit's travel and expenses at cost.
        for audit in self:
            milestone = REPORT_MILESTONES.get(audit.audit_type) or (audit.expense_ids and "audit_expenses")
            if milestone:
                audit._register_billing(milestone)
        return True

    def _register_billing(self, milestone):
        """Register ``milestone`` of these audits (one per audit) on their applications' contracts."""
        # The auditor who reports may change the audit but not read the contract: look it up as superuser.
        self.check_access("write")
        vals_list = [
            {
                "contract_id": audit.application_id.sudo().contract_id.id,
                "milestone": milestone,
                "period": f"audit/{audit.id}",
                "audit_id": audit.id,
            }
            for audit in self
        ]
        return self.env["cert.billing.event"]._register_milestones(self, vals_list)

    def action_close(self):
        self._workflow_move("action_close")
        return True

    def action_cancel(self):
        team = self.team_user_ids
        self._workflow_move("action_cancel")
        self.activity_unlink(["mail.mail_activity_data_meeting"])
        # The team's access ends with the audit: so does their following of it and of its application.
        self._unfollow_lost_access(team)
        return True

    def action_reset_draft(self):
        reopened = self.filtered(lambda a: a.state == "cancelled")
        self._workflow_move("action_reset_draft", {"confirmed_by_id": False, "confirmed_date": False})
        reopened._subscribe_team()
        return True
