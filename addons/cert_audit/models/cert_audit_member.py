from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from ..lib import availability

ROLES = [
    ("lead", "Lead auditor"),
    ("auditor", "Auditor"),
    ("expert", "Technical expert"),
    ("observer", "Observer / trainee"),
]


class CertAuditMember(models.Model):
    """An auditor on an audit team, with a role and the auditor-days they spend on it."""

    _name = "cert.audit.member"
    _description = "Audit Team Member"
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
    # Stored copies of the audit's figures: the overlap check and the workload report search on them.
    date_start = fields.Datetime(related="audit_id.date_start", store=True, string="Start")
    date_end = fields.Datetime(related="audit_id.date_end", store=True, string="End")
    audit_state = fields.Selection(related="audit_id.state", store=True, index=True, string="Audit Status")
    audit_type = fields.Selection(related="audit_id.audit_type", store=True, string="Audit Type")
    partner_id = fields.Many2one(related="audit_id.partner_id", store=True, string="Client")
    company_id = fields.Many2one(related="audit_id.company_id", store=True)

    _sql_constraints = [
        ("auditor_unique", "unique(audit_id, auditor_id)", "An auditor can be on an audit team only once."),
    ]

    def init(self):
        # The overlap check: this auditor's bookings around a period.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS cert_audit_member_booking_idx "
            "ON cert_audit_member (auditor_id, date_start, date_end)"
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

    @api.constrains("auditor_id", "role", "audit_id")
    def _check_availability(self):
        """Refuse (nothing saved) an auditor who breaks a rule of domain.md §5, naming them and the reason."""
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
            for auditor, reasons in refusals.items():
                if reasons:
                    errors.append(
                        self.env._(
                            "%(auditor)s cannot be on the team of %(audit)s: %(reasons)s.",
                            auditor=auditor.name,
                            audit=audit.name,
                            reasons="; ".join(reasons),
                        )
                    )
        if errors:
            raise ValidationError("\n".join(errors))

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members.audit_id._sync_calendar_event()
        members.audit_id._subscribe_team()
        return members

    def write(self, vals):
        res = super().write(vals)
        if "auditor_id" in vals or "role" in vals:
            self.audit_id._sync_calendar_event()
            self.audit_id._subscribe_team()
        return res

    def unlink(self):
        audits = self.audit_id
        res = super().unlink()
        audits.exists()._sync_calendar_event()
        return res
