from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

GRADES = [
    ("lead_auditor", "Lead auditor (CCAA registered)"),
    ("auditor", "Auditor (CCAA registered)"),
    ("technical_expert", "Technical expert"),
    ("trainee", "Trainee"),
]

# A context value no RPC client can send: only ``copy`` (whose resource.mixin copies the resource) gives one.
_COPYING = object()
AUDIT_STAFF = "cert_service.group_cert_officer,cert_service.group_cert_auditor,cert_service.group_cert_decision"


class CertAuditor(models.Model):
    """A person who audits for the certification body: competence, impartiality, calendar and cost."""

    _name = "cert.auditor"
    _description = "Auditor"
    _inherit = ["resource.mixin", "mail.thread", "cert.input.mixin"]
    _order = "name"

    name = fields.Char(related="resource_id.name", store=True, readonly=False, tracking=True)
    active = fields.Boolean(related="resource_id.active", store=True, readonly=False)
    user_id = fields.Many2one(
        "res.users",
        string="User",
        related="resource_id.user_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="The auditor's login: required to put the auditor on a team (calendar, access to the audits).",
    )
    partner_id = fields.Many2one("res.partner", string="Contact", index=True, tracking=True)
    registration_number = fields.Char(tracking=True, help="CCAA registration number of the auditor (when registered).")
    grade = fields.Selection(GRADES, required=True, default="auditor", tracking=True)
    # competence and impartiality are for those who staff, audit and decide; finance reads the day rate
    qualification_ids = fields.One2many(
        "cert.auditor.qualification", "auditor_id", string="Qualifications", groups=AUDIT_STAFF
    )
    conflict_ids = fields.One2many(
        "cert.auditor.conflict", "auditor_id", string="Conflicts of Interest", groups=AUDIT_STAFF
    )
    leave_ids = fields.One2many(
        "resource.calendar.leaves", compute="_compute_leave_ids", string="Leaves", readonly=True
    )
    city = fields.Char("Home City", index=True)
    day_rate = fields.Monetary(
        currency_field="currency_id",
        groups="cert_service.group_cert_officer,cert_service.group_cert_finance",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    member_ids = fields.One2many("cert.audit.member", "auditor_id", string="Audit Assignments")
    audit_count = fields.Integer(compute="_compute_audit_count")

    _sql_constraints = [
        ("user_unique", "unique(user_id)", "A user can be only one auditor."),
    ]

    @api.depends("resource_id")
    def _compute_leave_ids(self):
        leaves = self.env["resource.calendar.leaves"].search([("resource_id", "in", self.resource_id.ids)])
        for auditor in self:
            auditor.leave_ids = leaves.filtered(lambda lv, a=auditor: lv.resource_id == a.resource_id)

    @api.constrains("day_rate")
    def _check_day_rate(self):
        for auditor in self:
            if auditor.day_rate < 0:
                raise ValidationError(
                    self.env._(
                        "%(auditor)s: %(field)s cannot be negative.",
                        auditor=auditor.name,
                        field=self._fields["day_rate"]._description_string(self.env),
                    )
                )

    def _compute_audit_count(self):
        counts = dict(
            self.env["cert.audit.member"]._read_group(
                [("auditor_id", "in", self.ids), ("audit_state", "!=", "cancelled")], ["auditor_id"], ["__count"]
            )
        )
        for auditor in self:
            auditor.audit_count = counts.get(auditor, 0)

    @api.onchange("user_id")
    def _onchange_user_id(self):
        if self.user_id:
            self.partner_id = self.user_id.partner_id
            if not self.name:
                self.name = self.user_id.name

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]  # copies: Odoo retries a call with the same dicts
        if self.env.context.get("cert_auditor_copying") is not _COPYING:
            self._refuse_resource_choice([name for vals in vals_list for name in vals])
        users = self.env["res.users"].browse([v["user_id"] for v in vals_list if v.get("user_id")])
        partners = {user.id: user.partner_id.id for user in users}
        names = {user.id: user.name for user in users}
        for vals in vals_list:
            if vals.get("user_id"):
                vals.setdefault("partner_id", partners[vals["user_id"]])
                vals.setdefault("name", names[vals["user_id"]])
        return super().create(vals_list)

    def write(self, vals):
        self._refuse_resource_choice(vals)
        return super().write(vals)

    def copy(self, default=None):
        return super(CertAuditor, self.with_context(cert_auditor_copying=_COPYING)).copy(default)

    def _refuse_resource_choice(self, names):
        # The resource is made with the auditor (resource.mixin) and is what the officers' record rule on
        # resources reads: pointing an auditor at another resource (an employee's) would hand it over.
        if "resource_id" in names:
            raise UserError(
                self.env._(
                    "%(model)s: %(field)s is made with the auditor; it cannot be chosen or changed.",
                    model=self._description,
                    field=self._fields["resource_id"]._description_string(self.env),
                )
            )

    @api.model
    def _lock_for_booking(self, auditor_ids):
        """Update (lock) the auditors' rows before a booking is checked (when the database has no constraint).

        A concurrent booking of the same auditor then waits for this transaction and, in REPEATABLE READ,
        fails with a serialization error that Odoo retries: the retry sees this booking and is refused.
        (A bare ``SELECT ... FOR UPDATE`` would not do: a row locked, not updated, raises nothing.)
        """
        self.env.cr.execute(
            "UPDATE cert_auditor SET write_date = write_date WHERE id = ANY(%s)",
            [list(auditor_ids)],
            log_exceptions=False,
        )

    def action_view_audits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cert_audit.action_cert_audit")
        action["domain"] = [("member_ids.auditor_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_leaves(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Leaves of %s", self.name),
            "res_model": "resource.calendar.leaves",
            "view_mode": "list,form",
            "domain": [("resource_id", "=", self.resource_id.id)],
            "context": {
                "default_resource_id": self.resource_id.id,
                "default_calendar_id": self.resource_calendar_id.id,
                "default_company_id": self.company_id.id,
            },
        }
