from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..lib import dates
from .cert_application import OFFICER
from .cert_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
REVIEW_ACTIVITY = "cert_service.mail_activity_type_application_review"


class CertApplication(models.Model):
    """The review of an application (市场信息部): what stops its submission, the review activity while it is
    submitted, its acceptance or rejection, and the request for missing documents."""

    _inherit = "cert.application"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ readiness
    def _readiness_problems(self):
        """What stops this application from being submitted, in words the applicant understands."""
        self.ensure_one()
        problems = []
        missing = self._missing_documents()
        if missing:
            problems.append(self.env._("Missing documents: %s.", ", ".join(missing.mapped("name"))))
        minimum = self.scheme_id.min_operation_months
        if not self.system_start_date:
            problems.append(self.env._("The date the service system started operating is not given."))
        else:
            today = fields.Date.context_today(self)
            running = dates.months_between(self.system_start_date, today)
            if running < minimum:
                problems.append(
                    self.env._(
                        "The service system has run %(months)s month(s) since %(since)s; the scheme requires "
                        "at least %(minimum)s (submission possible from %(from)s).",
                        months=running,
                        since=self.system_start_date,
                        minimum=minimum,
                        **{"from": dates.add_months(self.system_start_date, minimum)},
                    )
                )
        if not self.site_ids.filtered(lambda s: s.site_type == "hq" and s.active):
            problems.append(self.env._("The headquarters site is not given."))
        if self.declared_outlet_count and self.outlet_count < self.declared_outlet_count:
            problems.append(
                self.env._(
                    "%(declared)s service outlets were declared but only %(listed)s are listed.",
                    declared=self.declared_outlet_count,
                    listed=self.outlet_count,
                )
            )
        if self.scheme_id.state != "active":
            problems.append(self.env._("The scheme %s is not active.", self.scheme_id.display_name))
        return problems

    # ------------------------------------------------------------------ transitions
    def action_submit(self):
        self._workflow_check("action_submit")
        self._check_ready(
            lambda app: app._readiness_problems(),
            self.env._("%(record)s cannot be submitted yet:\n%(problems)s"),
        )
        self._workflow_move("action_submit", {"submit_date": fields.Datetime.now()})
        template = self.env.ref("cert_service.mail_template_application_received", raise_if_not_found=False)
        for app in self:
            if template:
                app.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
            app.lead_id._cert_move_to_stage("cert_service.crm_stage_cert_application")
        self.activity_update()
        return True

    def activity_update(self):
        """The review activity follows the state: due while submitted, done once accepted, dropped otherwise.

        Only the application's own activity type is touched: the users' own To-Dos stay.
        """
        self.check_access("write")  # public: only those who work the application move its activities
        review = self.env.ref(REVIEW_ACTIVITY)
        to_review = self.filtered(lambda app: app.state == "submitted")
        review_days = self.env["res.config.settings"]._cert_param("cert_review_days")
        for app in to_review.filtered(lambda app: review not in app.activity_ids.activity_type_id):
            app.activity_schedule(
                REVIEW_ACTIVITY,
                date_deadline=fields.Date.add(fields.Date.context_today(app), days=review_days),
                user_id=app.user_id.id or self.env.uid,
            )
        reviewed = self - to_review
        reviewed.filtered(lambda app: app.state in ("accepted", "contracted")).activity_feedback([REVIEW_ACTIVITY])
        reviewed.filtered(lambda app: app.state not in ("accepted", "contracted")).activity_unlink([REVIEW_ACTIVITY])

    def action_accept(self):
        """Accept the application (市场信息部 review): the contract with the scheme's fee lines is drafted."""
        self._workflow_move("action_accept", {"accept_date": fields.Datetime.now()})
        contracts = self.env["cert.contract"].create([app._prepare_contract_values() for app in self])
        for app, contract in zip(self, contracts, strict=True):
            self.env["cert.billing.event"]._register_milestones(
                app, [{"contract_id": contract.id, "milestone": "application_accepted"}]
            )
        self.activity_update()
        return self.contract_ids[-1:].get_formview_action() if len(self) == 1 else True

    def action_reject(self):
        """Ask for the reason (told to the applicant); the wizard rejects."""
        self._workflow_check("action_reject")
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.application.reject",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Reject Application"),
            "context": {"default_application_ids": self.ids},
        }

    def _do_reject(self, reason):
        self._workflow_check("action_reject")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the rejection: the applicant is told."))
        self._cancel_open_contracts()
        self._workflow_move("action_reject", {"reject_reason": reason})
        self.activity_update()
        for app in self:
            app.message_post(
                body=self.env._("Application rejected: %s", reason),
                partner_ids=app.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def action_request_documents(self):
        """Ask the applicant for the missing documents (mail template, logged in the chatter)."""
        self._workflow_check(Transition(("draft", "submitted"), None, OFFICER, _lt("request the missing documents of")))
        template = self.env.ref("cert_service.mail_template_application_missing_documents")
        for app in self:
            if not app._missing_documents():
                raise UserError(self.env._("%s has every required document.", app.name))
            app.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        return True
