from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.addons.cert_service.models.cert_workflow_mixin import Transition
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..lib import complaints

_lt = LazyTranslate(__name__)

OFFICER = "cert_service.group_cert_officer"
DECISION = "cert_service.group_cert_decision"
MANAGER = "cert_service.group_cert_manager"
KINDS = [("complaint", "Complaint"), ("appeal", "Appeal")]
SOURCES = [("public", "Public verification page"), ("portal", "Client portal"), ("backoffice", "Backoffice")]
STATES = [("received", "Received"), ("investigating", "Investigating"), ("decided", "Decided"), ("closed", "Closed")]
OUTCOMES = [("upheld", "Upheld"), ("partly_upheld", "Partly upheld"), ("not_upheld", "Not upheld")]


class CertComplaint(models.Model):
    """A complaint or an appeal (投诉/申诉, ISO/IEC 17065 §7.13): received, acknowledged, investigated and
    decided by people not involved in the certification concerned, the complainant informed of the outcome.

    The complainant's contact is kept on the case only: a complaint from the public page creates no
    partner and no account. Public pages never show a case.
    """

    _name = "cert.complaint"
    _description = "Complaint or Appeal"
    _inherit = ["cert.workflow.mixin", "cert.sequence.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "received_date desc, id desc"
    _cert_sequence_code = "cert.complaint"

    name = fields.Char("Reference")
    kind = fields.Selection(KINDS, required=True, default="complaint", tracking=True, index=True)
    source = fields.Selection(SOURCES, required=True, default="backoffice", readonly=True, index=True)
    state = fields.Selection(STATES, default="received", required=True, tracking=True, index=True, copy=False)
    subject = fields.Char(required=True, tracking=True)
    description = fields.Text(required=True)
    received_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    ack_due_date = fields.Date("Acknowledge By", compute="_compute_due_dates", store=True)
    decision_due_date = fields.Date("Decide By", compute="_compute_due_dates", store=True, index=True)
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    ack_date = fields.Datetime("Acknowledged On", readonly=True, copy=False)
    partner_id = fields.Many2one("res.partner", string="Client", index=True, tracking=True, ondelete="restrict")
    certificate_id = fields.Many2one("cert.certificate", index="btree_not_null", tracking=True, ondelete="restrict")
    decision_id = fields.Many2one(
        "cert.decision",
        string="Decision Appealed",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        domain="[('state', '=', 'confirmed')]",
    )
    application_id = fields.Many2one(
        "cert.application", compute="_compute_application_id", store=True, index="btree_not_null"
    )
    complainant_name = fields.Char(required=True)
    complainant_email = fields.Char()
    complainant_phone = fields.Char()
    complainant_partner_id = fields.Many2one(
        "res.partner",
        string="Complainant (portal user)",
        readonly=True,
        index="btree_not_null",
        help="The portal user who filed the case; empty for a complaint from the public page.",
    )
    lang = fields.Selection(
        selection=lambda self: self.env["res.lang"].get_installed(),
        string="Complainant Language",
        default=lambda self: self.env.lang,
        help="The language of the mails to the complainant.",
    )
    user_id = fields.Many2one(
        "res.users", string="Case Officer", default=lambda self: self.env.user, tracking=True, index=True
    )
    investigator_id = fields.Many2one("res.users", tracking=True, index="btree_not_null")
    investigation_notes = fields.Text(groups="base.group_user")
    outcome = fields.Selection(OUTCOMES, tracking=True)
    outcome_text = fields.Text("Decision and Reasons")
    actions_taken = fields.Text(groups="base.group_user")
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decision_date = fields.Date("Decided On", readonly=True, copy=False)
    informed_date = fields.Datetime("Complainant Informed On", readonly=True, copy=False)
    suspension_id = fields.Many2one(
        "cert.certificate.status",
        readonly=True,
        copy=False,
        help="The suspension of the certificate that cites this complaint.",
    )

    # ------------------------------------------------------------------ declarations
    def _workflow_transitions(self):
        return {
            "action_investigate": Transition(
                ("received",), "investigating", (OFFICER,), _lt("start the investigation")
            ),
            "action_decide": Transition(("investigating",), "decided", (DECISION,), _lt("decide")),
            "action_inform": Transition(("decided",), "closed", (OFFICER,), _lt("inform the complainant and close")),
        }

    def _workflow_key_fields(self):
        return {
            # the reference the complainant quotes and the mails cite: drawn once from the sequence
            "name",
            "source",
            "partner_id",
            "certificate_id",
            "decision_id",
            "complainant_partner_id",
            "ack_date",
            "decided_by_id",
            "decision_date",
            "informed_date",
            "suspension_id",
        }

    def _workflow_create_fields(self):
        return {"name", "partner_id", "certificate_id", "decision_id"}

    def _workflow_field_rules(self):
        return (
            FieldRule(
                frozenset({"kind", "subject", "description", "received_date", "complainant_name"}),
                ("received",),
                (OFFICER,),
            ),
            FieldRule(frozenset({"complainant_email", "complainant_phone", "lang", "user_id"}), None, (OFFICER,)),
            FieldRule(frozenset({"investigator_id"}), ("received",), (OFFICER,)),
            FieldRule(frozenset({"investigation_notes", "actions_taken"}), ("investigating",), (OFFICER, DECISION)),
            FieldRule(frozenset({"outcome", "outcome_text"}), ("investigating",), (DECISION,)),
        )

    def _workflow_client_field(self):
        return "partner_id"

    # ------------------------------------------------------------------ computations
    @api.depends("received_date")
    def _compute_due_dates(self):
        settings = self.env["res.config.settings"]
        ack_days = settings._cert_param("cert_complaint_ack_days")
        decision_days = settings._cert_param("cert_complaint_decision_days")
        for case in self:
            if case.received_date:
                case.ack_due_date, case.decision_due_date = complaints.due_dates(
                    case.received_date, ack_days, decision_days
                )
            else:
                case.ack_due_date = case.decision_due_date = False

    @api.depends("state", "decision_due_date")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.overdue = complaints.overdue(case.state, case.decision_due_date, today)

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue cases with = or != and a boolean."))
        domain = [
            ("state", "in", ("received", "investigating")),
            ("decision_due_date", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    @api.depends("certificate_id.application_id", "decision_id.application_id")
    def _compute_application_id(self):
        for case in self:
            case.application_id = case.decision_id.application_id or case.certificate_id.application_id

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            if not vals.get("partner_id"):
                # the client of the certificate or decision concerned (read as superuser: a public
                # complainant cannot read them; the link itself was checked by the caller)
                concerned = (
                    self.env["cert.decision"].sudo().browse(vals["decision_id"]).partner_id
                    if vals.get("decision_id")
                    else self.env["cert.certificate"].sudo().browse(vals.get("certificate_id")).partner_id
                )
                if concerned:
                    vals["partner_id"] = concerned.commercial_partner_id.id
        records = super().create(vals_list)
        records._check_complainant_contact()
        records._acknowledge()
        records._schedule("cert_compliance.mail_activity_type_complaint_assign", "user_id", "ack_due_date")
        return records

    def _check_complainant_contact(self):
        for case in self:
            if not (case.complainant_email or case.complainant_phone):
                raise ValidationError(
                    self.env._("%s: give the complainant's email or phone, to acknowledge and answer.", case.name)
                )

    @api.constrains("kind", "decision_id", "certificate_id", "partner_id")
    def _check_links(self):
        for case in self:
            if case.kind == "appeal" and not case.decision_id:
                raise ValidationError(self.env._("An appeal is against a certification decision: name the decision."))
            if case.decision_id and case.decision_id.state == "draft":
                raise ValidationError(
                    self.env._("%s is a draft: only a confirmed decision can be appealed.", case.decision_id.name)
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        # the register is a record the accreditor reads: a case is closed, never deleted
        if self:
            raise UserError(self.env._("A complaint or an appeal is never deleted: close it with its outcome."))

    # ------------------------------------------------------------------ independence
    def _involvements(self):
        """(user id, role label, record name) of everyone involved in the certification concerned."""
        self.ensure_one()
        # sudo: the people bound by the case are bound whether the caller may read their audits or not;
        # only names and ids leave this method
        applications = self.application_id.sudo()
        if not applications and self.partner_id:
            applications = (
                self.env["cert.application"]
                .sudo()
                .search([("partner_id", "child_of", self.partner_id.commercial_partner_id.id)])
            )
        involvements = []
        if applications:
            audits = (
                self.env["cert.audit"]
                .sudo()
                .search([("application_id", "in", applications.ids), ("state", "!=", "cancelled")])
            )
            for audit in audits:
                for member in audit.member_ids:
                    role = dict(member._fields["role"]._description_selection(self.env))[member.role]
                    involvements.append((member.user_id.id, role, audit.name))
            decisions = (
                self.env["cert.decision"]
                .sudo()
                .search([("application_id", "in", applications.ids), ("state", "!=", "draft")])
            )
        else:
            decisions = self.env["cert.decision"]
        decisions |= self.decision_id.sudo()
        for decision in decisions:
            involvements.append((decision.decided_by_id.id, self.env._("decision maker"), decision.name))
        return involvements

    def _independence_problems(self, user):
        """Why ``user`` may not investigate or decide this case: involved in the certification concerned."""
        self.ensure_one()
        return [
            self.env._(
                "%(user)s was %(role)s of %(record)s, which this case concerns: it must be investigated and "
                "decided by someone who was not involved.",
                user=user.name,
                role=role,
                record=name,
            )
            for role, name in complaints.involvement(user.id, self._involvements())
        ]

    def _check_independent(self, user):
        for case in self:
            problems = case._independence_problems(user)
            if problems:
                raise AccessError("\n".join(problems))

    # ------------------------------------------------------------------ side effects
    def _schedule(self, activity_xmlid, user_field, date_field):
        for case in self:
            user = case[user_field] or case._fallback_officer()
            # sudo: the case's own follow-up, scheduled by its own code for its officer (a public visitor
            # files a complaint without any right on activities)
            case.sudo().activity_schedule(activity_xmlid, date_deadline=case[date_field], user_id=user.id)

    def _fallback_officer(self):
        """Who follows a case filed without an officer (public page, portal): the certificate's officer, else
        the first CB manager."""
        self.ensure_one()
        # sudo: reads who is responsible, nothing else
        officer = self.certificate_id.sudo().user_id
        if officer and not officer.share:
            return officer
        return (
            self.env["res.users"]
            .sudo()
            .search([("groups_id", "in", self.env.ref(MANAGER).id), ("share", "=", False)], order="id", limit=1)
        )

    def _send(self, template_xmlid):
        template = self.env.ref(template_xmlid)
        for case in self.filtered("complainant_email"):
            # sudo: the mail goes to the contact stored on the case only (no partner is created); a public
            # visitor or a portal user cannot render templates themselves
            template.sudo().send_mail(case.id, email_layout_xmlid="mail.mail_notification_light")
        return self.filtered("complainant_email")

    def _acknowledge(self):
        """Acknowledge receipt to the complainant (by mail when there is an address)."""
        sent, now = self._send("cert_compliance.mail_template_complaint_ack"), fields.Datetime.now()
        for case in sent:
            # sudo: the acknowledgement went out just above; a public visitor cannot write the case
            case._workflow_sudo_write({"ack_date": now})
            case.sudo().message_post(body=self.env._("Receipt acknowledged to %s by mail.", case.complainant_email))

    # ------------------------------------------------------------------ actions
    def action_acknowledge(self):
        """Record an acknowledgement made otherwise (by phone): a case without an email address."""
        self._workflow_check(
            Transition(("received", "investigating"), None, (OFFICER,), _lt("record the acknowledgement"))
        )
        for case in self:
            if case.ack_date:
                raise UserError(self.env._("%s is already acknowledged.", case.name))
            case._workflow_write({"ack_date": fields.Datetime.now()})
            case.message_post(body=self.env._("Receipt acknowledged by %s.", self.env.user.name))
        return True

    def action_investigate(self):
        """Start the investigation by an independent investigator, who gets an activity due on the deadline."""
        self._workflow_check("action_investigate")
        for case in self:
            if not case.investigator_id:
                raise UserError(self.env._("%s: choose the investigator first.", case.name))
            if not case.ack_date:
                raise UserError(self.env._("%s: acknowledge receipt to the complainant first.", case.name))
            case._check_independent(case.investigator_id)
        self._workflow_move("action_investigate")
        self.activity_feedback(["cert_compliance.mail_activity_type_complaint_assign"])
        self._schedule(
            "cert_compliance.mail_activity_type_complaint_investigate", "investigator_id", "decision_due_date"
        )
        return True

    def action_decide(self):
        """Decide on the case: by a decision maker involved neither in the certification nor in the investigation."""
        self._workflow_check("action_decide")
        for case in self:
            case._check_independent(self.env.user)
            if not case.outcome or not (case.outcome_text or "").strip():
                raise UserError(self.env._("%s: give the outcome and the reasons of the decision.", case.name))
        today = fields.Date.context_today(self)
        self._workflow_move("action_decide", {"decided_by_id": self.env.uid, "decision_date": today})
        self.activity_feedback(["cert_compliance.mail_activity_type_complaint_investigate"])
        self._schedule("cert_compliance.mail_activity_type_complaint_inform", "user_id", "decision_date")
        return True

    def action_inform(self):
        """Inform the complainant of the outcome (by mail when there is an address) and close the case."""
        self._workflow_check("action_inform")
        self._send("cert_compliance.mail_template_complaint_outcome")
        self._workflow_move("action_inform", {"informed_date": fields.Datetime.now()})
        self.activity_feedback(["cert_compliance.mail_activity_type_complaint_inform"])
        for case in self:
            case.message_post(
                body=self.env._(
                    "Complainant informed of the outcome (%(outcome)s).",
                    outcome=dict(self._fields["outcome"]._description_selection(self.env)).get(case.outcome),
                )
            )
        return True
