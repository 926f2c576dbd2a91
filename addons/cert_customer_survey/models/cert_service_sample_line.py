from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

CALL_STATES = [
    ("to_call", "To Call"),
    ("in_call", "Call Open"),
    ("reached", "Reached"),
    ("unreachable", "Unreachable"),
]


class CertServiceSampleLine(models.Model):
    """A service order drawn for a call-back: in the sample, or on the reserve list of its outlet.

    The call itself is a ``survey.user_input`` of the scheme's call-back questionnaire; an unreachable customer
    is replaced by the next order of the outlet's reserve list (recorded both ways).
    """

    _name = "cert.service.sample.line"
    _description = "Call-back Sample Line"
    _inherit = ["cert.workflow.mixin"]
    _order = "audit_id, site_id, role desc, rank, id"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade", index=True, readonly=True)
    audit_state = fields.Selection(related="audit_id.state", string="Audit State")
    draw_id = fields.Many2one("cert.service.sample.draw", required=True, ondelete="cascade", readonly=True)
    order_id = fields.Many2one("cert.service.order", required=True, ondelete="cascade", index=True, readonly=True)
    site_id = fields.Many2one(related="order_id.site_id", store=True, index=True, string="Outlet")
    order_ref = fields.Char(related="order_id.order_ref")
    service_date = fields.Date(related="order_id.service_date")
    service_type = fields.Char(related="order_id.service_type")
    # computed, not related: a related field reads as superuser and would show every reader the clear data
    customer_name_shown = fields.Char("Customer", compute="_compute_shown")
    customer_phone_shown = fields.Char("Phone", compute="_compute_shown")
    role = fields.Selection([("sample", "Sample"), ("reserve", "Reserve")], required=True, readonly=True, index=True)
    rank = fields.Integer(
        readonly=True, help="Order of the draw within the outlet (the reserve is used in this order)."
    )
    call_state = fields.Selection(CALL_STATES, default="to_call", required=True, readonly=True, index=True)
    user_input_id = fields.Many2one("survey.user_input", string="Call", readonly=True, index="btree_not_null")
    called_by_id = fields.Many2one("res.users", readonly=True)
    call_date = fields.Datetime(readonly=True)
    replaces_id = fields.Many2one("cert.service.sample.line", readonly=True)
    replaced_by_id = fields.Many2one("cert.service.sample.line", readonly=True)

    def _workflow_client_field(self):
        return "audit_id.partner_id"

    def _workflow_key_fields(self):
        return set(self._fields) - set(models.MAGIC_COLUMNS) - {"display_name"}

    @api.depends("order_ref", "role")
    def _compute_display_name(self):
        for line in self:
            line.display_name = line.order_ref or ""

    @api.depends_context("uid")
    def _compute_shown(self):
        for line in self:
            line.customer_name_shown = line.order_id.customer_name_shown
            line.customer_phone_shown = line.order_id.customer_phone_shown

    # ------------------------------------------------------------------ draw
    @api.model
    def _survey_insert(self, audit, draw, drawn):
        """Insert the lines of ``draw`` in one statement: ``drawn`` is ``lib.sampling.draw``'s result.

        The ORM's ``create`` of a list inserts 100 rows per statement, so its queries grow with the sample
        (⌈√n⌉ plus the reserve); the draw's lines are keys of the model written by the draw only (its caller
        checked the team and locked the audit), and none has a side effect to run: one ``INSERT … SELECT
        FROM unnest`` writes them, the outlet (the stored related ``site_id``) taken from the population read.
        """
        if not drawn:
            return
        orders, sites, roles, ranks = (list(column) for column in zip(*drawn, strict=True))
        self.flush_model()
        self.env.cr.execute(
            """
            INSERT INTO cert_service_sample_line
                   (audit_id, draw_id, order_id, site_id, role, rank, call_state,
                    create_uid, create_date, write_uid, write_date)
            SELECT %(audit)s, %(draw)s, line.order_id, line.site_id, line.role, line.rank, 'to_call',
                   %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM unnest(%(orders)s::int[], %(sites)s::int[], %(roles)s::varchar[], %(ranks)s::int[])
                   AS line(order_id, site_id, role, rank)
            """,
            {
                "audit": audit.id,
                "draw": draw.id,
                "orders": orders,
                "sites": sites,
                "roles": roles,
                "ranks": ranks,
                "uid": self.env.uid,
                "now": self.env.cr.now(),
            },
        )
        self.invalidate_model()

    # ------------------------------------------------------------------ calls
    def action_start_call(self):
        """Open the questionnaire of the call (a new answer, or the one already open)."""
        self.ensure_one()
        audit = self.audit_id
        audit._survey_check_team(self.env._("record a call-back"), ("in_progress",))
        audit._survey_lock()
        if self.role != "sample":
            raise UserError(
                self.env._("%s is on the reserve list: call it once it replaces a sampled order.", self.order_ref)
            )
        if self.call_state in ("reached", "unreachable"):
            raise UserError(self.env._("%s: the call is recorded already.", self.order_ref))
        if not self.user_input_id:
            survey = audit.scheme_id.callback_survey_id
            if not survey:
                raise UserError(
                    self.env._("The scheme %s has no call-back questionnaire.", audit.scheme_id.display_name)
                )
            # sudo: the team member of the running audit (checked above) opens the answer of this line; the
            # questionnaire's answers are the survey app's, linked to the audit and the line
            answer = survey.sudo()._create_answer(
                user=self.env.user, check_attempts=False, cert_audit_id=audit.id, cert_sample_line_id=self.id
            )
            self._workflow_sudo_write(
                {
                    "user_input_id": answer.id,
                    "call_state": "in_call",
                    "called_by_id": self.env.uid,
                    "call_date": fields.Datetime.now(),
                }
            )
            audit.message_post(body=self.env._("Call-back of order %s started.", self.order_ref))
            audit._survey_invalidate()
        return self.user_input_id._cert_open_action()

    def _survey_record_outcome(self, reached):
        """The call's questionnaire is done: the customer was reached or not (the answer's own code)."""
        for line in self:
            line._workflow_sudo_write({"call_state": "reached" if reached else "unreachable"})
        self.audit_id._survey_invalidate()

    def action_replace(self):
        """Replace an unreachable customer by the next order on the reserve list of the same outlet."""
        self.ensure_one()
        audit = self.audit_id
        audit._survey_check_team(self.env._("replace an unreachable customer"), ("in_progress",))
        audit._survey_lock()
        if self.call_state != "unreachable" or self.replaced_by_id:
            raise UserError(
                self.env._("%s: only an unreachable customer not yet replaced can be replaced.", self.order_ref)
            )
        reserve = self.search(
            [
                ("audit_id", "=", audit.id),
                ("draw_id", "=", self.draw_id.id),
                ("site_id", "=", self.site_id.id),
                ("role", "=", "reserve"),
            ],
            order="rank, id",
            limit=1,
        )
        if not reserve:
            raise UserError(self.env._("The reserve list of %s is used up.", self.site_id.name))
        # sudo: the team member of the running audit (checked above) promotes the reserve order
        reserve._workflow_sudo_write({"role": "sample", "replaces_id": self.id})
        self._workflow_sudo_write({"replaced_by_id": reserve.id})
        audit.message_post(
            body=self.env._(
                "Order %(order)s unreachable: replaced by %(reserve)s from the reserve list.",
                order=self.order_ref,
                reserve=reserve.order_ref,
            )
        )
        return True

    def action_raise_finding(self):
        """A finding on the audit from this response, with its outlet and the first indicator it fails."""
        self.ensure_one()
        self.audit_id._survey_check_team(self.env._("raise a finding"), ("in_progress", "reported"))
        failed = self.env["cert.survey.outcome"].search(
            [("sample_line_id", "=", self.id), ("nonconforming", "=", True)], limit=1
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.finding",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_audit_id": self.audit_id.id,
                "default_site_id": self.site_id.id,
                "default_indicator_id": failed.indicator_id.id,
                "default_description": self.env._("Call-back of service order %s: ", self.order_ref),
            },
        }
