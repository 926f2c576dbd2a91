from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools.translate import LazyTranslate

from .cert_workflow_mixin import Transition

_lt = LazyTranslate(__name__)

REQUEST_STATES = [
    ("open", "Open"),
    ("fulfilled", "Fulfilled"),
    ("cancelled", "Cancelled"),
]
# the certification body's side: who asks, cancels and reopens (with the Reviewer role on the folder)
REQUESTER_GROUPS = ("cert_service.group_cert_auditor", "cert_service.group_cert_officer")
# what the client (who fulfils) may change: the evidence that answers the request, nothing else
FULFIL_FIELDS = {"evidence_ids", "message_main_attachment_id", "message_follower_ids", "activity_ids"}


class CertDocumentRequest(models.Model):
    """An auditor asks the client for specific evidence for an indicator, by a date."""

    _name = "cert.document.request"
    _description = "Document Request"
    _mail_post_access = "read"
    _inherit = [
        "cert.workflow.mixin",
        "cert.sequence.mixin",
        "cert.evidence.security.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _cert_sequence_code = "cert.document.request"
    _order = "state, due_date, id desc"

    name = fields.Char("Reference")
    application_id = fields.Many2one("cert.application", string="Certification Cycle", required=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client", related="application_id.partner_id", store=True, index=True
    )
    company_id = fields.Many2one(related="application_id.company_id", store=True, index=True)
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
        # sudo: the folder tree of the cycle, whatever part of it the requester reads
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
        if operation in ("create", "unlink", "review"):
            return [("folder_id", "in", self._cert_folder_query("review"))]
        # write: the reviewers, and the client who fulfils it (FULFIL_FIELDS only, see write)
        return expression.OR(
            [
                [("folder_id", "in", self._cert_folder_query("review"))],
                [("folder_id", "in", self._cert_folder_query("add"))],
            ]
        )

    # ------------------------------------------------------------------ workflow declarations
    def _workflow_transitions(self):
        return {
            "action_fulfil": Transition(("open",), "fulfilled", (), _lt("fulfil")),
            "action_cancel": Transition(("open",), "cancelled", REQUESTER_GROUPS, _lt("cancel")),
            "action_reopen": Transition(("fulfilled", "cancelled"), "open", REQUESTER_GROUPS, _lt("reopen")),
        }

    def _workflow_client_field(self):
        return "partner_id"

    def _workflow_key_fields(self):
        return {"name", "application_id", "is_overdue", "fulfilled_date"}

    def _workflow_create_fields(self):
        return {"name", "application_id"}

    def _cert_check_requester(self):
        """Only the certification body's reviewers of the folder re-word, re-date, cancel or reopen."""
        if self.env.su:
            return
        if not any(self.env.user.has_group(group) for group in REQUESTER_GROUPS):
            raise AccessError(self.env._("Only the certification body changes or cancels a document request."))
        self._cert_check_permission("review")

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        for request in requests:
            # sudo: the client follows the requests addressed to it (created by a reviewer, checked by the rules)
            request.sudo().message_subscribe(partner_ids=request.partner_id.ids)
        requests.activity_update()
        return requests

    def write(self, vals):
        if not (self.env.su or self._workflow_is_unlocked()):
            if set(vals) - FULFIL_FIELDS:
                self._cert_check_requester()
            if "evidence_ids" in vals:
                self._cert_check_fulfiller()
        before = {request: request.evidence_ids for request in self} if "evidence_ids" in vals else {}
        res = super().write(vals)
        for request, old in before.items():
            request._cert_check_evidence(request.evidence_ids - old)
        if {"due_date", "requested_by_id"} & set(vals):
            today = fields.Date.context_today(self)
            # sudo: the requester moved the date (checked above); the flag follows it
            self.filtered(lambda r: r.due_date >= today)._workflow_sudo_write({"is_overdue": False})
            self.activity_update()
        return res

    def _cert_check_fulfiller(self):
        if self.env.su:
            return
        for request in self:
            if request.state != "open":
                raise UserError(self.env._("%(request)s is not open.", request=request.name))
        self.check_access("write")

    def _cert_check_evidence(self, added):
        """Evidence linked to a request is the client's, and readable by whoever links it."""
        self.ensure_one()
        if self.env.su or not added:
            return
        if added._filtered_access("read") != added:
            raise AccessError(self.env._("You may only link evidence you can read."))
        # sudo: the client of each item, which the linker may read (checked above)
        if added.sudo().partner_id - self.partner_id.commercial_partner_id:
            raise UserError(self.env._("%(request)s: link evidence of its own client only.", request=self.name))

    # ------------------------------------------------------------------ activities
    def activity_update(self):
        """The one place that schedules, moves and closes the "document request due" activities."""
        xmlid = "cert_service.mail_activity_type_document_request_due"
        activity_type = self.env.ref(xmlid)
        # sudo: the requester's activity follows the request's state (after the callers' checks)
        for request in self.sudo():
            activity = request.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            if request.state == "open" and activity:
                activity.write({"date_deadline": request.due_date, "user_id": request.requested_by_id.id})
            elif request.state == "open":
                request.activity_schedule(
                    xmlid,
                    date_deadline=request.due_date,
                    summary=self.env._("Evidence due: %s", request.name),
                    note=request.description,
                    user_id=request.requested_by_id.id,
                )
            elif request.state == "fulfilled":
                request.activity_feedback([xmlid], feedback=self.env._("Evidence provided."))
            else:
                request.activity_unlink([xmlid])
        return True

    # ------------------------------------------------------------------ actions
    def action_fulfil(self):
        """The client (or the certification body) says the linked evidence answers the request."""
        self._workflow_check("action_fulfil")
        self._cert_check_fulfiller()
        for request in self:
            if not request.evidence_ids:
                raise UserError(
                    self.env._("%(request)s: link the evidence that answers it first.", request=request.name)
                )
        # sudo: a fulfiller of every request (checked above); the state is a key
        self.sudo()._workflow_move("action_fulfil", {"fulfilled_date": fields.Datetime.now(), "is_overdue": False})
        self.activity_update()
        return True

    def action_cancel(self):
        self._workflow_check("action_cancel")
        self._cert_check_requester()
        self.sudo()._workflow_move("action_cancel", {"is_overdue": False})  # sudo: a requester, checked above
        self.activity_update()
        return True

    def action_reopen(self):
        self._workflow_check("action_reopen")
        self._cert_check_requester()
        self.sudo()._workflow_move("action_reopen", {"fulfilled_date": False})  # sudo: a requester, checked above
        self.activity_update()
        return True

    def _cert_upload(self, raw, filename, title=None):
        """The client answers with a file: a new item in the request's folder, linked to the request."""
        self.ensure_one()
        self._cert_check_fulfiller()
        item = self.env["cert.evidence"].create({"name": title or filename, "folder_id": self.folder_id.id})
        item._cert_add_version(raw, filename)
        self.write({"evidence_ids": [(4, item.id)]})
        return item

    @api.model
    def _cron_flag_overdue(self):
        """Flag the open requests past their due date and remind the client (the activity is overdue too)."""
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            """SELECT id FROM cert_document_request
                WHERE state = 'open' AND due_date < %s AND is_overdue IS NOT TRUE
                ORDER BY id FOR UPDATE SKIP LOCKED""",
            [today],
        )
        overdue = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        overdue._workflow_write({"is_overdue": True})
        for request in overdue:
            request.message_post(
                body=self.env._("The requested evidence was due on %(date)s.", date=request.due_date),
                partner_ids=request.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return overdue
