import psycopg2

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.addons.cert_service.models.cert_workflow_mixin import Transition
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger
from odoo.tools.translate import LazyTranslate

from ..lib import impartiality

_lt = LazyTranslate(__name__)

IMPARTIALITY = "cert_compliance.group_cert_impartiality"
STATES = [("planned", "Planned"), ("held", "Held"), ("cancelled", "Cancelled")]
REVIEW_ACTIVITY = "cert_compliance.mail_activity_type_impartiality_review"


class CertImpartialityReview(models.Model):
    """A meeting of the impartiality committee (ISO/IEC 17065 §4.2, §5.2): the threats it reviewed, the revenue
    shares it had before it (a snapshot taken when the meeting is recorded as held), its members and
    conclusions. A yearly job plans the next one on the anniversary of the last and gives the CB manager
    an activity."""

    _name = "cert.impartiality.review"
    _description = "Impartiality Committee Review"
    _inherit = ["cert.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    date = fields.Date("Meeting Date", required=True, default=fields.Date.context_today, tracking=True)
    state = fields.Selection(STATES, default="planned", required=True, tracking=True, index=True, copy=False)
    member_ids = fields.Many2many(
        "res.users",
        "cert_impartiality_review_member_rel",
        "review_id",
        "user_id",
        string="Members",
        domain=[("share", "=", False)],
    )
    external_members = fields.Text(
        "Other Members", help="Members without an account: names and the interests they represent."
    )
    threat_ids = fields.Many2many(
        "cert.impartiality.threat",
        "cert_impartiality_review_threat_rel",
        "review_id",
        "threat_id",
        string="Threats Reviewed",
    )
    conclusions = fields.Text()
    share_ids = fields.One2many("cert.impartiality.share", "review_id", string="Revenue Shares (snapshot)")
    held_by_id = fields.Many2one("res.users", string="Recorded By", readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    def init(self):
        # one planned review per company: the yearly job, run by two workers at once, plans it once
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS cert_impartiality_review_one_planned
                   ON cert_impartiality_review (company_id) WHERE state = 'planned'"""
        )

    # ------------------------------------------------------------------ declarations
    def _workflow_transitions(self):
        return {
            "action_hold": Transition(("planned",), "held", (IMPARTIALITY,), _lt("record the meeting")),
            "action_cancel": Transition(("planned",), "cancelled", (IMPARTIALITY,), _lt("cancel")),
        }

    def _workflow_key_fields(self):
        return {"held_by_id", "share_ids"}

    def _workflow_field_rules(self):
        return (
            FieldRule(
                frozenset({"date", "member_ids", "external_members", "threat_ids", "conclusions", "company_id"}),
                ("planned",),
                (IMPARTIALITY,),
                _lt("%(record)s is no longer planned: its minutes are kept as recorded."),
            ),
        )

    @api.model_create_multi
    def create(self, vals_list):
        # one planned review per company (the database refuses a second one): said in words first
        companies = {vals.get("company_id") or self.env.company.id for vals in vals_list}
        # sudo: a count of the company's planned reviews, whatever the caller may read
        planned = self.sudo().search([("company_id", "in", list(companies)), ("state", "=", "planned")], limit=1)
        if planned or len(companies) < len(vals_list):
            raise ValidationError(
                self.env._(
                    "%(review)s is already planned: record it or cancel it before planning another review.",
                    review=planned.name or self.env._("A review"),
                )
            )
        return super().create(vals_list)

    @api.depends("date")
    def _compute_name(self):
        for review in self:
            review.name = self.env._("Impartiality committee review %s", review.date or "")

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if self.filtered(lambda r: r.state == "held"):
            raise UserError(self.env._("The minutes of a committee review are never deleted."))

    # ------------------------------------------------------------------ actions
    def action_hold(self):
        """Record the meeting: members and conclusions required; the threats reviewed are stamped and the
        revenue shares of the twelve months to the meeting date kept with the minutes."""
        self._workflow_check("action_hold")
        for review in self:
            if not (review.member_ids or (review.external_members or "").strip()):
                raise ValidationError(
                    self.env._(
                        "%(review)s: name the %(field)s who met.",
                        review=review.name,
                        field=self._fields["member_ids"]._description_string(self.env),
                    )
                )
            if not (review.conclusions or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(review)s: write the %(field)s of the meeting.",
                        review=review.name,
                        field=self._fields["conclusions"]._description_string(self.env),
                    )
                )
        Share = self.env["cert.impartiality.share"]
        threshold = self.env["res.config.settings"]._cert_param("cert_impartiality_threshold")
        for review in self:
            period = impartiality.rolling_period(review.date)
            # sudo: the caller may record the meeting (checked above); the snapshot rows are the system's
            Share.sudo().create(
                Share._share_values(
                    review.company_id,
                    period,
                    Share.sudo()._shares(review.company_id, period, threshold),
                    threshold,
                    review,
                )
            )
            review.threat_ids._mark_reviewed(review.date)
            review._workflow_move("action_hold", {"held_by_id": self.env.uid})
            review.activity_feedback([REVIEW_ACTIVITY])
        return True

    def action_cancel(self):
        self._workflow_move("action_cancel")
        self.activity_unlink([REVIEW_ACTIVITY])
        return True

    # ------------------------------------------------------------------ yearly job
    @api.model
    def _cron_plan(self, today=None):
        """Plan the committee's next review on the anniversary of its last one (or now when it never met),
        a month ahead, with an activity for the CB manager; once, whoever else runs the job at the same time.

        :returns: the reviews planned by this call
        """
        today = today or fields.Date.context_today(self)
        planned = self.browse()
        # sudo: the job plans for every company; it reads the last meeting date and creates the planned review
        reviews = self.sudo()
        for company in self.env["res.company"].sudo().search([("active", "=", True)]):
            if reviews.search_count([("company_id", "=", company.id), ("state", "=", "planned")]):
                continue
            last = reviews.search([("company_id", "=", company.id), ("state", "=", "held")], order="date desc", limit=1)
            due = impartiality.review_to_schedule(last.date or None, today)
            if not due:
                continue
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    review = reviews.with_company(company).create({"date": due, "company_id": company.id})
            except psycopg2.errors.UniqueViolation:
                continue  # planned by another worker meanwhile
            manager = self.env["cert.impartiality.warning"].with_company(company)._manager()
            if manager:
                review.activity_schedule(
                    REVIEW_ACTIVITY,
                    date_deadline=due,
                    summary=self.env._("Yearly review of the impartiality risks"),
                    user_id=manager.id,
                )
            planned |= review
        return planned
