import logging

import psycopg2

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..lib import availability

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

#: audit states in which the team may change (a replacement after a declared conflict included); once
#: reported, the team is the record of who audited (a decision maker must not have been on it)
TEAM_STATES = ("draft", "planned", "confirmed", "in_progress")

ROLES = [
    ("lead", "Lead auditor"),
    ("auditor", "Auditor"),
    ("expert", "Technical expert"),
    ("observer", "Observer / trainee"),
]
#: the database refuses two bookings of one auditor at overlapping times (see ``init``)
BOOKING_CONSTRAINT = "cert_audit_member_booking_excl"


class CertAuditMember(models.Model):
    """An auditor on an audit team, with a role and the auditor-days they spend on it."""

    _name = "cert.audit.member"
    _description = "Audit Team Member"
    _inherit = ["cert.workflow.mixin"]
    _order = "audit_id, role_sequence, id"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade", index=True)
    auditor_id = fields.Many2one("cert.auditor", required=True, ondelete="restrict", index=True)
    user_id = fields.Many2one(related="auditor_id.user_id", store=True, index=True, string="User")
    role = fields.Selection(ROLES, required=True, default="auditor")
    role_sequence = fields.Integer(compute="_compute_role_sequence", store=True)
    grade = fields.Selection(related="auditor_id.grade")
    days = fields.Float(
        "Auditor-Days",
        digits=(5, 1),
        compute="_compute_days",
        store=True,
        readonly=False,
        help="The member's share of the planned auditor-days (observers and trainees count none).",
    )
    # Stored copies of the audit's figures: the overlap check (and its database constraint) and the
    # workload report search on them.
    date_start = fields.Datetime(related="audit_id.date_start", store=True, string="Start")
    date_end = fields.Datetime(related="audit_id.date_end", store=True, string="End")
    audit_state = fields.Selection(related="audit_id.state", store=True, index=True, string="Audit Status")
    audit_type = fields.Selection(related="audit_id.audit_type", store=True, string="Audit Type")
    partner_id = fields.Many2one(related="audit_id.partner_id", store=True, string="Client")
    company_id = fields.Many2one(related="audit_id.company_id", store=True, index=True)

    _sql_constraints = [
        ("auditor_unique", "unique(audit_id, auditor_id)", "An auditor can be on an audit team only once."),
        ("days_positive", "CHECK(days >= 0)", "A team member's auditor-days cannot be negative."),
    ]

    def init(self):
        cr = self.env.cr
        # The overlap check: this auditor's bookings around a period.
        cr.execute(
            "CREATE INDEX IF NOT EXISTS cert_audit_member_booking_idx "
            "ON cert_audit_member (auditor_id, date_start, date_end)"
        )
        cr.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [BOOKING_CONSTRAINT])
        if cr.fetchone():
            return
        # Two transactions both pass the Python check; only the database sees them both (domain.md §5).
        # btree_gist needs a superuser once: without it the check locks the auditor instead.
        try:
            with cr.savepoint(flush=False):
                cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist", log_exceptions=False)
                cr.execute(
                    SQL(
                        "ALTER TABLE cert_audit_member ADD CONSTRAINT %s EXCLUDE USING gist "
                        "(auditor_id WITH =, tsrange(date_start, date_end, '[)') WITH &&) "
                        "WHERE (audit_state != 'cancelled' AND date_start IS NOT NULL AND date_end > date_start)",
                        SQL.identifier(BOOKING_CONSTRAINT),
                    ),
                    log_exceptions=False,
                )
        except psycopg2.Error as error:
            _logger.warning(
                "cert_audit: no database constraint against double bookings (%s); the availability check "
                "locks the auditor instead.",
                error,
            )

    @api.depends("role")
    def _compute_role_sequence(self):
        order = {code: i for i, (code, _label) in enumerate(ROLES)}
        for member in self:
            member.role_sequence = order.get(member.role, 99)

    @api.depends("role", "audit_id.days_planned", "audit_id.member_ids.role")
    def _compute_days(self):
        for member in self:
            if member.role not in availability.COMPETENT_ROLES:
                member.days = 0.0
                continue
            counted = member.audit_id.member_ids.filtered(lambda m: m.role in availability.COMPETENT_ROLES)
            member.days = round(member.audit_id.days_planned / (len(counted) or 1) * 2) / 2

    # ------------------------------------------------------------------ declarations
    def _workflow_key_fields(self):
        # the audit it staffs: a member moves to another audit by leaving this team and joining that one
        return {"audit_id"}

    def _workflow_create_fields(self):
        return {"audit_id"}

    def _workflow_field_rules(self):
        # who audits is the record of the audit once reported (a decision maker must not have been on it)
        return (
            FieldRule(
                frozenset({"auditor_id", "role", "days"}),
                TEAM_STATES,
                ("cert_service.group_cert_officer",),
                _lt("%(record)s: the audit is past its field work, its team can no longer be changed."),
            ),
        )

    def _workflow_rule_state(self):
        self.ensure_one()
        return self.audit_id.state

    def _workflow_rule_state_label(self, state):
        return self.env["cert.audit"]._workflow_state_label(state)

    def _workflow_client_field(self):
        return "partner_id"

    # ------------------------------------------------------------------ bookings
    @api.model
    def _bookings(self, auditor_ids, start, stop, exclude_audit_id=None):
        """[(auditor id, audit id, start, stop)] of the auditors' other bookings overlapping ``start``–``stop``.

        Read through the audits (flushed), not the members' stored copies of their dates: writing those is
        what the database constraint checks, after this check (see ``_check_availability``).
        """
        self.env["cert.audit"].flush_model(["date_start", "date_end", "state"])
        self.flush_model(["auditor_id", "audit_id"])
        self.env.cr.execute(
            "SELECT m.auditor_id, a.id, a.date_start, a.date_end FROM cert_audit_member m "
            "JOIN cert_audit a ON a.id = m.audit_id "
            "WHERE m.auditor_id = ANY(%s) AND a.state != 'cancelled' AND a.id != %s "
            "AND a.date_start < %s AND a.date_end > %s",
            [list(auditor_ids), exclude_audit_id or 0, stop, start],
        )
        return self.env.cr.fetchall()

    def _has_booking_constraint(self):
        self.env.cr.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [BOOKING_CONSTRAINT])
        return bool(self.env.cr.fetchone())

    def _lock_auditors(self):
        """Without the database constraint: lock the auditors before the overlap check."""
        self.env["cert.auditor"]._lock_for_booking(self.auditor_id.ids)

    def _db_refused_booking(self):
        """Write the booking columns now, under a savepoint: True when the database refused an overlap.

        Called once the Python check passed: the overlap is then with a booking another transaction
        committed meanwhile (which this transaction's snapshot does not show).
        """
        return self._workflow_flush_refused(BOOKING_CONSTRAINT, whole_model=True)

    def _committed_bookings(self):
        """{member: (audit id, audit name, start, stop)} of clashing bookings committed by other transactions.

        Read with a new cursor: this transaction's snapshot does not see them.
        """
        found = {}
        with self.env.registry.cursor() as cr:
            for member in self:
                audit = member.audit_id
                if audit.state == "cancelled" or not (audit.date_start and audit.date_end):
                    continue
                cr.execute(
                    "SELECT a.id, a.name, a.date_start, a.date_end FROM cert_audit_member m "
                    "JOIN cert_audit a ON a.id = m.audit_id "
                    "WHERE m.auditor_id = %s AND m.audit_id != %s AND a.state != 'cancelled' "
                    "AND a.date_start < %s AND a.date_end > %s ORDER BY a.date_start LIMIT 1",
                    [member.auditor_id.id, audit.id, audit.date_end, audit.date_start],
                )
                row = cr.fetchone()
                if row:
                    found[member] = row
        return found

    def _clash_errors(self):
        """The refusals of members whose booking the database refused, worded as the Python check words them."""
        errors = []
        for member, (audit_id, name, start, stop) in self._committed_bookings().items():
            refusal = availability.Refusal("booked", {"audit": audit_id, "name": name, "start": start, "stop": stop})
            reason = member.audit_id._refusal_message(refusal, member.role)
            errors.append(member.audit_id._team_refusal(member.auditor_id, [reason]))
        return errors or [self.env._("An auditor of this team is already booked at overlapping times.")]

    def _availability_errors(self):
        """Every rule of domain.md §5 these members break, one translated sentence per auditor."""
        errors = []
        for audit in self.audit_id:
            if audit.state == "cancelled":
                continue
            members = self.filtered(lambda m, a=audit: m.audit_id == a)
            leads = audit.member_ids.filtered(lambda m: m.role == "lead")
            if len(leads) > 1:
                errors.append(
                    self.env._(
                        "%(audit)s can have only one lead auditor (%(leads)s).",
                        audit=audit.name,
                        leads=", ".join(leads.auditor_id.mapped("name")),
                    )
                )
            for member in members.filtered(lambda m: not m.auditor_id.user_id):
                errors.append(
                    self.env._(
                        "%(auditor)s cannot be put on %(audit)s: the auditor has no user (needed for the calendar "
                        "and the access to the audit).",
                        auditor=member.auditor_id.name,
                        audit=audit.name,
                    )
                )
            refusals = audit._auditor_refusals(members.auditor_id, roles={m.auditor_id.id: m.role for m in members})
            errors += [audit._team_refusal(auditor, reasons) for auditor, reasons in refusals.items() if reasons]
        return errors

    @api.constrains("auditor_id", "role", "audit_id")
    def _check_availability(self):
        """Refuse (nothing saved) an auditor who breaks a rule of domain.md §5, naming them and the reason.

        The rules are checked in Python; the exclusivity of bookings is also the database's (constraint, or
        a lock on the auditors when it could not be created), so that two transactions cannot both pass.
        """
        if not self:
            return
        constrained = self._has_booking_constraint()
        if not constrained:
            self._lock_auditors()
        errors = self._availability_errors()
        if not errors and constrained and self._db_refused_booking():
            errors = self._clash_errors()
        if errors:
            raise ValidationError("\n".join(errors))

    # ------------------------------------------------------------------ CRUD
    def _check_team_open(self, audits, also_cancelled=False):
        allowed = TEAM_STATES + (("cancelled",) if also_cancelled else ())
        audits._workflow_refuse_states(allowed, self.env._("its team can no longer be changed."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_team_open(self.env["cert.audit"].browse({v["audit_id"] for v in vals_list if v.get("audit_id")}))
        members = super().create(vals_list)
        members.audit_id._sync_calendar_event()
        members.audit_id._subscribe_team()
        return members

    def write(self, vals):
        former = self.user_id if "auditor_id" in vals else self.env["res.users"]
        audits = self.audit_id
        res = super().write(vals)
        if "auditor_id" in vals or "role" in vals:
            (audits | self.audit_id)._sync_calendar_event()
            self.audit_id._subscribe_team()
            audits._unfollow_lost_access(former)
        return res

    @api.constrains("days")
    def _check_days(self):
        for member in self:
            if member.days < 0:
                raise ValidationError(
                    self.env._(
                        "%(auditor)s on %(audit)s: %(field)s cannot be negative.",
                        auditor=member.auditor_id.name,
                        audit=member.audit_id.display_name,
                        field=self._fields["days"]._description_string(self.env),
                    )
                )

    def unlink(self):
        audits = self.audit_id
        self._check_team_open(audits, also_cancelled=True)
        users = self.user_id
        res = super().unlink()
        audits = audits.exists()
        audits._sync_calendar_event()
        # Access ends with the assignment: followers who can no longer read the audit or its file go.
        audits._unfollow_lost_access(users)
        return res
