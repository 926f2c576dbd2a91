from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.osv import expression

# the access mixin must be registered before the models that inherit it

REQUEST_STATES = [
    ("open", "Open"),
    ("fulfilled", "Fulfilled"),
    ("cancelled", "Cancelled"),
]


class CertDocumentRequest(models.Model):
    """An auditor asks the client for specific evidence for an indicator, by a date."""

    _name = "cert.document.request"
    _description = "Document Request"
    _mail_post_access = "read"
    _inherit = ["cert.evidence.security.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "state, due_date, id desc"

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default=lambda self: self.env._("New"), index="trigram"
    )
    application_id = fields.Many2one("cert.application", string="Certification Cycle", required=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client", related="application_id.partner_id", store=True, index=True
    )
    indicator_id = fields.Many2one(
        "cert.indicator", domain="[('scheme_id', '=', scheme_id)]", tracking=True, index="btree_not_null"
    )
    scheme_id = fields.Many2one(related="application_id.scheme_id")
    folder_id = fields.Many2one(
        "cert.evidence.folder",
        compute="_compute_folder_id",
        store=True,
        index=True,
        help="Where the requested evidence goes: the indicator's folder of the cycle.",
    )
    description = fields.Text("What Is Requested", required=True)
    requested_by_id = fields.Many2one("res.users", default=lambda self: self.env.user, required=True, tracking=True)
    due_date = fields.Date(required=True, tracking=True)
    state = fields.Selection(REQUEST_STATES, default="open", required=True, tracking=True, copy=False)
    evidence_ids = fields.Many2many("cert.evidence", string="Evidence Provided")
    is_overdue = fields.Boolean("Overdue", readonly=True, copy=False, index=True)
    fulfilled_date = fields.Datetime(readonly=True, copy=False)

    @api.depends("application_id.evidence_folder_id", "indicator_id")
    def _compute_folder_id(self):
        folders = self.env["cert.evidence.folder"].sudo()
        for request in self:
            cycle = request.application_id.sudo().evidence_folder_id
            folder = cycle
            if cycle and request.indicator_id:
                folder = (
                    folders.search(
                        [("id", "child_of", cycle.id), ("indicator_id", "=", request.indicator_id.id)], limit=1
                    )
                    or cycle
                )
            request.folder_id = folder

    # ------------------------------------------------------------------ access (see the mixin)
    def _cert_permission_domain(self, operation):
        if operation == "read":
            return [("folder_id", "in", self._cert_folder_query("read"))]
        if operation in ("create", "unlink"):
            return [("folder_id", "in", self._cert_folder_query("review"))]
        # write: the reviewers, and the client who fulfils it
        return expression.OR(
            [
                [("folder_id", "in", self._cert_folder_query("review"))],
                [("folder_id", "in", self._cert_folder_query("add"))],
            ]
        )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("cert.document.request") or "/"
        requests = super().create(vals_list)
        for request in requests:
            request.message_subscribe(partner_ids=request.partner_id.ids)
            request._cert_schedule_activity()
        return requests

    def write(self, vals):
        res = super().write(vals)
        if "due_date" in vals:
            for request in self.filtered(lambda r: r.state == "open"):
                request.activity_unlink(["mail.mail_activity_data_todo"])
                request._cert_schedule_activity()
            self.sudo().filtered(lambda r: r.due_date >= fields.Date.context_today(r)).write({"is_overdue": False})
        return res

    def _cert_schedule_activity(self):
        for request in self:
            request.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=request.due_date,
                summary=self.env._("Evidence due: %s", request.name),
                note=request.description,
                user_id=request.requested_by_id.id,
            )

    # ------------------------------------------------------------------ actions
    def action_fulfil(self):
        for request in self:
            if request.state != "open":
                raise UserError(self.env._("%(request)s is not open.", request=request.name))
            if not request.evidence_ids:
                raise UserError(
                    self.env._("%(request)s: link the evidence that answers it first.", request=request.name)
                )
        self.sudo().write({"state": "fulfilled", "fulfilled_date": fields.Datetime.now(), "is_overdue": False})
        for request in self:
            request.sudo().activity_feedback(
                ["mail.mail_activity_data_todo"], feedback=self.env._("Evidence provided.")
            )
            request.sudo().message_post(body=self.env._("Request fulfilled."))
        return True

    def action_cancel(self):
        self.filtered(lambda r: r.state == "open").sudo().write({"state": "cancelled", "is_overdue": False})
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_reopen(self):
        for request in self.filtered(lambda r: r.state != "open"):
            request.sudo().write({"state": "open", "fulfilled_date": False})
            request._cert_schedule_activity()
        return True

    @api.model
    def _cron_flag_overdue(self):
        """Flag the open requests past their due date and remind the client (the activity is overdue too)."""
        today = fields.Date.context_today(self)
        overdue = self.sudo().search([("state", "=", "open"), ("due_date", "<", today), ("is_overdue", "=", False)])
        overdue.write({"is_overdue": True})
        for request in overdue:
            request.message_post(
                body=self.env._("The requested evidence was due on %(date)s.", date=request.due_date),
                partner_ids=request.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return overdue
