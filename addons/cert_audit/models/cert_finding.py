from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.addons.cert_service.models.cert_workflow_mixin import Transition
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..lib import execution

_lt = LazyTranslate(__name__)

SEVERITIES = [("major", "Major (严重不符合)"), ("minor", "Minor (一般不符合)"), ("observation", "Observation")]
STATES = [
    ("open", "Open"),
    ("action_proposed", "Action Proposed"),
    ("rejected", "Rejected"),
    ("action_accepted", "Action Accepted"),
    ("closed", "Closed"),
]
TEAM = ("cert_service.group_cert_auditor", "cert_service.group_cert_officer")
#: what the client answers (from the portal, or the team on its behalf)
ANSWER_FIELDS = ("root_cause", "correction", "corrective_action")


class CertFinding(models.Model):
    """A nonconformity or observation raised by an audit, and the client's correction of it (整改)."""

    _name = "cert.finding"
    _description = "Audit Finding"
    _inherit = [
        "cert.workflow.mixin",
        "cert.sequence.mixin",
        "cert.evidence.referrer.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _cert_sequence_code = "cert.finding"
    _order = "audit_id desc, severity, id"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade", index=True, tracking=True)
    partner_id = fields.Many2one(related="audit_id.partner_id", store=True, index=True, string="Client")
    application_id = fields.Many2one(related="audit_id.application_id", store=True, index=True)
    scheme_id = fields.Many2one(related="audit_id.scheme_id", store=True)
    company_id = fields.Many2one(related="audit_id.company_id", store=True, index=True)
    severity = fields.Selection(SEVERITIES, required=True, default="minor", tracking=True, index=True)
    state = fields.Selection(STATES, default="open", required=True, tracking=True, index=True, copy=False)
    indicator_id = fields.Many2one("cert.indicator", domain="[('scheme_id', '=', scheme_id)]", index=True)
    site_id = fields.Many2one("cert.site", domain="[('application_id', '=', application_id)]")
    description = fields.Text(required=True)
    root_cause = fields.Text(tracking=True)
    correction = fields.Text(tracking=True, help="What was done at once to remove the nonconformity.")
    corrective_action = fields.Text(tracking=True, help="What removes its cause so that it does not recur.")
    due_date = fields.Date(
        compute="_compute_due_date",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        help="Defaults per scheme: major 30, minor 60 days after the audit's last day.",
    )
    review_note = fields.Text("Team Review", tracking=True, help="Why the plan is accepted or rejected.")
    verification_note = fields.Text("Closure Verification", tracking=True)
    closure_evidence_ids = fields.Many2many(
        "cert.evidence", "cert_finding_closure_evidence_rel", "finding_id", "evidence_id"
    )
    answered_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    answered_date = fields.Datetime(readonly=True, copy=False)
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    closed_date = fields.Datetime(readonly=True, copy=False)
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")

    def _workflow_transitions(self):
        return {
            "action_propose": Transition(
                ("open", "rejected"), "action_proposed", TEAM + ("base.group_portal",), _lt("propose")
            ),
            "action_accept": Transition(("action_proposed",), "action_accepted", TEAM, _lt("accept")),
            "action_reject": Transition(("action_proposed",), "rejected", TEAM, _lt("reject")),
            "action_close": Transition(("open", "action_accepted"), "closed", TEAM, _lt("close")),
        }

    def _workflow_client_field(self):
        return "partner_id"

    def _workflow_key_fields(self):
        return {"audit_id", "severity", "answered_by_id", "answered_date", "closed_by_id", "closed_date"}

    def _workflow_create_fields(self):
        return {"audit_id", "severity"}

    def _workflow_field_rules(self):
        # the team states the finding; it changes while the client has still to answer it
        return (
            FieldRule(frozenset({"description", "indicator_id", "site_id", "due_date"}), ("open", "rejected"), TEAM),
        )

    # ------------------------------------------------------------------ computes
    @api.depends("severity", "audit_id.date_end", "audit_id.scheme_id")
    def _compute_due_date(self):
        for finding in self:
            audit = finding.audit_id
            last_day = audit._local_date(audit.date_end) if audit.date_end else fields.Date.context_today(self)
            scheme = audit.scheme_id
            finding.due_date = execution.finding_due_date(
                finding.severity, last_day, scheme.finding_major_days, scheme.finding_minor_days
            )

    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for finding in self:
            finding.overdue = bool(finding.due_date and finding.due_date < today and finding._awaits_client())

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on Overdue."))
        domain = [("due_date", "<", fields.Date.context_today(self)), ("state", "in", ("open", "rejected"))]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    def _awaits_client(self):
        return self.state in ("open", "rejected")

    # ------------------------------------------------------------------ input
    def _cert_check_input(self, vals, creating):
        """A due date given by the caller is a date to come; only an observation has none."""
        super()._cert_check_input(vals, creating)
        if "due_date" not in vals:
            return
        label = self._fields["due_date"]._description_string(self.env)
        due = fields.Date.to_date(vals["due_date"])
        if creating:
            severities = {vals.get("severity") or self.default_get(["severity"]).get("severity")}
        else:
            severities = set(self.mapped("severity"))
        if not due and severities - {"observation"}:
            raise ValidationError(
                self.env._(
                    "%(model)s: %(field)s is required for a nonconformity.", model=self._description, field=label
                )
            )
        if due and due < fields.Date.context_today(self):
            raise ValidationError(
                self.env._(
                    "%(model)s: %(field)s cannot be in the past (%(date)s).",
                    model=self._description,
                    field=label,
                    date=due,
                )
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        findings = super().create(vals_list)
        for audit in findings.audit_id:
            if audit.state not in ("in_progress", "reported"):
                raise UserError(
                    self.env._("%s is not in progress or reported: no finding can be raised on it.", audit.display_name)
                )
        (findings.evidence_ids | findings.closure_evidence_ids).check_access("read")
        for finding in findings:
            finding.closure_evidence_ids._cert_lock_evidence(finding)
        return findings

    def write(self, vals):
        res = super().write(vals)
        if vals.get("evidence_ids") or vals.get("closure_evidence_ids"):
            # Linking locks the items: only items the user may read (the audit's client's) can be linked.
            (self.evidence_ids | self.closure_evidence_ids).check_access("read")
        if vals.get("closure_evidence_ids"):
            for finding in self:
                finding.closure_evidence_ids._cert_lock_evidence(finding)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_open(self):
        if any(finding.state != "open" for finding in self):
            raise UserError(self.env._("Only open findings can be deleted."))

    # ------------------------------------------------------------------ transitions
    def _answer_problems(self):
        self.ensure_one()
        labels = [self._fields[name]._description_string(self.env) for name in ANSWER_FIELDS]
        return [
            self.env._("%s is empty.", label)
            for name, label in zip(ANSWER_FIELDS, labels, strict=True)
            if not (self[name] or "").strip()
        ]

    def _answer_stamp(self):
        return {"answered_by_id": self.env.uid, "answered_date": fields.Datetime.now()}

    def action_propose(self):
        """The client's root cause, correction and corrective action are in: the team reviews them."""
        self._workflow_check("action_propose")
        self._check_ready(
            lambda f: f._answer_problems(), self.env._("%(record)s cannot be proposed yet:\n%(problems)s")
        )
        self._workflow_move("action_propose", self._answer_stamp())
        self._notify_team(self.env._("Corrective action proposed by %s.", self.env.user.partner_id.display_name))
        return True

    def action_portal_answer(self, root_cause=None, correction=None, corrective_action=None):
        """The client answers from the portal: only its own findings, only the three answer fields."""
        self.ensure_one()
        self.check_access("read")
        if not self.env.user.has_group("base.group_portal") or self.partner_id != self.env.user.commercial_partner_id:
            raise AccessError(self.env._("You can answer only the findings of your own organisation."))
        self._workflow_check("action_propose")
        answer = dict(zip(ANSWER_FIELDS, (root_cause, correction, corrective_action), strict=True))
        missing = [
            self._fields[name]._description_string(self.env)
            for name, value in answer.items()
            if not (value or "").strip()
        ]
        if missing:
            raise UserError(self.env._("%(record)s: fill in %(fields)s.", record=self.name, fields=", ".join(missing)))
        # Checked above: the caller is the finding's client, the finding awaits the answer.
        self._workflow_sudo_write(dict(answer, state="action_proposed", **self._answer_stamp()))
        self.sudo()._notify_team(self.env._("Corrective action proposed by %s.", self.env.user.partner_id.display_name))
        return True

    def action_accept(self):
        self._workflow_move("action_accept")
        return True

    def action_reject(self):
        self._check_ready(
            lambda f: [] if (f.review_note or "").strip() else [self.env._("Say in the team review why.")],
            self.env._("%(record)s cannot be rejected yet:\n%(problems)s"),
        )
        self._workflow_move("action_reject")
        for finding in self:
            finding.message_post(
                body=self.env._("Corrective action rejected: %s", finding.review_note),
                partner_ids=finding.partner_id.ids,
            )
        return True

    def _closure_problems(self):
        self.ensure_one()
        problems = []
        if self.state == "open" and self.severity != "observation":
            problems.append(self.env._("A nonconformity is closed only after its corrective action is accepted."))
        if not (self.verification_note or "").strip():
            problems.append(self.env._("Record how the closure was verified."))
        if self.severity != "observation" and not self.closure_evidence_ids:
            problems.append(self.env._("Attach the evidence that the correction is effective."))
        return problems

    def action_close(self):
        self._workflow_check("action_close")
        self._check_ready(lambda f: f._closure_problems(), self.env._("%(record)s cannot be closed yet:\n%(problems)s"))
        self._workflow_move("action_close", {"closed_by_id": self.env.uid, "closed_date": fields.Datetime.now()})
        self.activity_unlink(["cert_audit.mail_activity_finding_overdue"])
        return True

    def _notify_team(self, body):
        for finding in self:
            finding.message_post(body=body, partner_ids=finding.audit_id.member_ids.user_id.partner_id.ids)

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_overdue(self):
        """Overdue findings: an activity on the programme manager; majors open too long: repeat the audit."""
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            """SELECT id FROM cert_finding
                WHERE state NOT IN ('closed') AND (due_date < %s OR severity = 'major')
                ORDER BY id FOR UPDATE SKIP LOCKED""",
            [today],
        )
        findings = self.browse([row[0] for row in self.env.cr.fetchall()])
        activity = self.env.ref("cert_audit.mail_activity_finding_overdue")
        for finding in findings.filtered(lambda f: f.due_date and f.due_date < today and f._awaits_client()):
            if activity.id in finding.activity_ids.activity_type_id.ids:
                continue
            finding.activity_schedule(
                activity_type_id=activity.id,
                user_id=(finding.audit_id.user_id or self.env.user).id,
                date_deadline=today,
                note=self.env._("%(finding)s is overdue since %(date)s.", finding=finding.name, date=finding.due_date),
            )
        for finding in findings:
            audit = finding.audit_id
            last_day = audit._local_date(audit.date_end)
            if not audit.repeat_audit_required and execution.repeat_audit_due(
                finding.severity, finding.state, last_day, today, audit.scheme_id.finding_repeat_days
            ):
                audit._workflow_write({"repeat_audit_required": True})
                audit.message_post(
                    body=self.env._(
                        "%s: a major finding is still open; the on-site audit must be repeated.", finding.name
                    )
                )
        return True
