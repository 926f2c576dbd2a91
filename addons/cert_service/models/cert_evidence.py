from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools.translate import LazyTranslate

from .cert_workflow_mixin import Transition

_lt = LazyTranslate(__name__)

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("under_review", "Under Review"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
]
REVIEW_ACTIONS = [
    ("create", "Created"),
    ("new_version", "New Version"),
    ("submit", "Submitted"),
    ("retract", "Retracted"),
    ("start_review", "Review Started"),
    ("accept", "Accepted"),
    ("reject", "Rejected"),
    ("lock", "Locked"),
    ("unlock", "Unlocked"),
]
REVIEWING = ("submitted", "under_review")

# Keys that only the evidence code writes (with state and the stored computed/related fields).
WORKFLOW_FIELDS = {
    "locked",
    "locked_date",
    "accepted_version_id",
    "reject_reason",
    "submitted_date",
    "reviewed_date",
    "retention_until",
    "purge_candidate",
}
# Bookkeeping that may change on a locked item (crons, mail).
LOCK_EXEMPT_FIELDS = {
    "retention_until",
    "purge_candidate",
    "message_main_attachment_id",
    "message_follower_ids",
    "activity_ids",
}
UPLOAD_FIELDS = ("new_file", "new_filename", "new_version_comment")


class CertEvidence(models.Model):
    """An evidence item (Plone content item): metadata, immutable versions, a review workflow, a lock.

    By concern: the item's fields, access and write guards here; uploads in ``cert_evidence_versioning.py``
    (rules: ``lib/upload.py``); the review workflow, activities and retention in ``cert_evidence_workflow.py``;
    versions and their integrity check in ``cert.evidence.version``; the lock API in
    ``cert.evidence.reference``; the text diff in its wizard.
    """

    _name = "cert.evidence"
    _description = "Evidence"
    _mail_post_access = "read"  # reviewers and readers comment in the chatter
    _inherit = [
        "cert.workflow.mixin",
        "cert.evidence.security.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    # The folders' order (their path) stored on the item: a page of the list is read from an index
    # instead of joining every matching item to its folder and sorting them all.
    _order = "folder_path, folder_id, sequence, id"

    # ---- Dublin-Core-like metadata
    name = fields.Char("Title", required=True, tracking=True)
    description = fields.Text(help="What this evidence shows.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    folder_id = fields.Many2one("cert.evidence.folder", required=True, index=True, ondelete="restrict", tracking=True)
    folder_path = fields.Char(related="folder_id.complete_name", string="Folder Path", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Client", related="folder_id.partner_id", store=True, index=True)
    application_id = fields.Many2one(
        "cert.application",
        string="Certification Cycle",
        related="folder_id.application_id",
        store=True,
        index="btree_not_null",
    )
    company_id = fields.Many2one(related="folder_id.company_id", store=True, index="btree_not_null")
    indicator_id = fields.Many2one(
        "cert.indicator",
        compute="_compute_indicator_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
    )
    owner_id = fields.Many2one("res.users", default=lambda self: self.env.user, index=True, tracking=True)
    creator = fields.Char("Author", help="Who wrote the document (person or organisation), Dublin Core 'creator'.")
    document_date = fields.Date(help="Date of the document itself (Dublin Core 'date').")
    valid_until = fields.Date(help="The document is valid until (e.g. a licence's expiry).")
    language = fields.Selection("_lang_selection", help="Language of the document.")
    source = fields.Char(help="Where the document comes from (system, register, URL).")
    tag_ids = fields.Many2many("cert.evidence.tag", string="Tags")
    # ---- versions
    version_ids = fields.One2many("cert.evidence.version", "evidence_id", string="Versions")
    version_count = fields.Integer(compute="_compute_current_version", store=True)
    current_version_id = fields.Many2one("cert.evidence.version", compute="_compute_current_version", store=True)
    # stored: the list shows it, and a version never changes its file (no read of the versions per page)
    file_name = fields.Char(related="current_version_id.name", string="File", store=True)
    file_size = fields.Integer(related="current_version_id.file_size", string="Size")
    mimetype = fields.Char(related="current_version_id.mimetype")
    new_file = fields.Binary(
        "Upload File", compute="_compute_upload_fields", inverse="_inverse_upload_fields", attachment=False
    )
    new_filename = fields.Char(compute="_compute_upload_fields", inverse="_inverse_upload_fields")
    new_version_comment = fields.Char(
        "Version Comment", compute="_compute_upload_fields", inverse="_inverse_upload_fields"
    )
    content_search = fields.Char("File Content", compute="_compute_content_search", search="_search_content_search")
    integrity_ok = fields.Boolean(compute="_compute_integrity_ok", store=True, string="Integrity Verified")
    # ---- workflow
    state = fields.Selection(STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    submitted_date = fields.Datetime(readonly=True, copy=False)
    reviewed_date = fields.Datetime(readonly=True, copy=False)
    reject_reason = fields.Text(readonly=True, copy=False)
    accepted_version_id = fields.Many2one("cert.evidence.version", readonly=True, copy=False)
    review_ids = fields.One2many("cert.evidence.review", "evidence_id", string="Review History")
    # ---- lock, links, retention
    locked = fields.Boolean(readonly=True, copy=False, tracking=True, index=True)
    locked_date = fields.Datetime(readonly=True, copy=False)
    reference_ids = fields.One2many("cert.evidence.reference", "evidence_id", string="Referenced By")
    reference_count = fields.Integer(compute="_compute_reference_count")
    retention_until = fields.Date(
        readonly=True, copy=False, help="Kept at least until this date (end of the cycle + retention years)."
    )
    purge_candidate = fields.Boolean(
        "May Be Purged",
        readonly=True,
        copy=False,
        help="The retention period is over; nothing is purged automatically.",
    )

    # ------------------------------------------------------------------ computes
    @api.model
    def _lang_selection(self):
        return self.env["res.lang"].get_installed()

    @api.depends("folder_id")
    def _compute_indicator_id(self):
        for item in self:
            if item.folder_id.indicator_id or not item.indicator_id:
                item.indicator_id = item.folder_id.indicator_id

    @api.depends("version_ids")
    def _compute_current_version(self):
        data = self.env["cert.evidence.version"]._read_group(
            [("evidence_id", "in", self.ids)], ["evidence_id"], ["__count", "id:max"]
        )
        found = {item: (count, last) for item, count, last in data}
        versions = self.env["cert.evidence.version"]
        for item in self:
            count, last = found.get(item, (0, False))
            item.version_count = count
            item.current_version_id = versions.browse(last)

    @api.depends("version_ids.integrity_state")
    def _compute_integrity_ok(self):
        for item in self:
            item.integrity_ok = all(v.integrity_state == "ok" for v in item.version_ids)

    def _compute_upload_fields(self):
        for item in self:
            item.new_file = False
            item.new_filename = False
            item.new_version_comment = False

    def _inverse_upload_fields(self):
        """Handled in create/write (the upload becomes a version); nothing is stored on the item."""

    def _compute_content_search(self):
        self.content_search = False

    def _search_content_search(self, operator, value):
        if operator not in ("ilike", "like", "=ilike", "=like", "="):
            raise UserError(self.env._("Search the file content with 'contains'."))
        # sudo: the ids found are ANDed with the caller's own record rules by the search that uses them
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            ._search([("res_model", "=", "cert.evidence.version"), ("index_content", operator, value)])
        )
        versions = self.env["cert.evidence.version"].sudo()._search([("attachment_id", "in", attachments)])
        return [("id", "in", versions.subselect("evidence_id"))]

    def _compute_reference_count(self):
        # sudo: a count only; the referrers' names are for internal users (see cert.evidence.reference)
        data = dict(
            self.env["cert.evidence.reference"]
            .sudo()
            ._read_group([("evidence_id", "in", self.ids)], ["evidence_id"], ["__count"])
        )
        for item in self:
            item.reference_count = data.get(item, 0)

    # ------------------------------------------------------------------ access (see the mixin)
    def _cert_permission_domain(self, operation):
        if self._cert_is_manager():
            return [] if operation != "unlink" else [("state", "=", "draft")]
        uid = self.env.uid
        query = self._cert_folder_query
        if operation == "read":
            return expression.OR([[("folder_id", "in", query("read"))], [("owner_id", "=", uid)]])
        if operation == "review":
            return [("folder_id", "in", query("review"))]
        if operation == "create":
            return expression.OR([[("folder_id", "in", query("add"))], [("folder_id", "in", query("edit"))]])
        own_draft = [
            ("owner_id", "=", uid),
            ("state", "in", ["draft", "rejected"]),
            ("folder_id", "in", query("add")),
        ]
        if operation == "write":
            return expression.OR([[("folder_id", "in", query("edit"))], own_draft])
        # unlink: one's own draft, never submitted (the ondelete hook checks the history)
        return [("owner_id", "=", uid), ("state", "=", "draft"), ("folder_id", "in", query("add"))]

    # ------------------------------------------------------------------ workflow declarations
    def _workflow_transitions(self):
        # groups: none; who may act is a local role on the folder, checked by each action. Labels are verbs:
        # the mixin's refusal reads "you cannot <label> it now".
        return {
            "action_submit": Transition(("draft",), "submitted", (), _lt("submit")),
            "action_retract": Transition(("submitted",), "draft", (), _lt("retract")),
            "action_start_review": Transition(("submitted",), "under_review", (), _lt("start the review")),
            "action_accept": Transition(("under_review",), "accepted", (), _lt("accept")),
            "action_reject": Transition(REVIEWING, "rejected", (), _lt("reject")),
            # a new version of a decided item goes back to the reviewers (_cert_add_version)
            "new_version": Transition(("accepted", "rejected"), "submitted", (), _lt("submit again")),
        }

    def _workflow_client_field(self):
        return "partner_id"

    def _workflow_key_fields(self):
        return WORKFLOW_FIELDS

    def _workflow_refuse_fields(self, names):
        raise UserError(
            self.env._(
                "The workflow fields (%(fields)s) change only through the workflow buttons.",
                fields=", ".join(sorted(self._fields[name]._description_string(self.env) for name in names)),
            )
        )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]  # copies: Odoo retries a call with the same dicts
        uploads = []
        for vals in vals_list:
            uploads.append({f: vals.pop(f, False) for f in UPLOAD_FIELDS})
            if not self._workflow_is_unlocked():
                # a new item starts as a draft: workflow values sent with it are ignored
                for fname in WORKFLOW_FIELDS | {"state"}:
                    vals.pop(fname, None)
                if not (self.env.su or self._cert_is_manager()):
                    vals["owner_id"] = self.env.uid
        items = super().create(vals_list)
        # sudo: the history is written only here and by the workflow (its rows are read-only)
        history = self.env["cert.evidence.review"].sudo()
        history.create([{"evidence_id": item.id, "action": "create", "to_state": item.state} for item in items])
        for item, upload in zip(items, uploads, strict=True):
            if upload["new_file"] or upload["new_filename"]:  # a name without bytes: an empty file, refused
                item._cert_add_version_b64(upload["new_file"], upload["new_filename"], upload["new_version_comment"])
        return items

    def write(self, vals):
        vals = dict(vals)  # copies: Odoo retries a call with the same dicts
        upload = {f: vals.pop(f) for f in UPLOAD_FIELDS if f in vals}
        if not (self.env.su or self._workflow_is_unlocked()):
            if "owner_id" in vals and not self._cert_is_manager():
                raise UserError(self.env._("Only a CB manager changes the owner of evidence."))
            if "active" in vals and not vals["active"]:
                self._cert_check_not_referenced(self.env._("archived"))
            locked = self.filtered("locked")
            if locked and set(vals) - LOCK_EXEMPT_FIELDS:
                raise UserError(self._cert_locked_message(locked))
            if "folder_id" in vals:
                self._cert_check_target_folder(vals["folder_id"])
        res = super().write(vals) if vals else True
        if upload.get("new_file") or upload.get("new_filename"):
            for item in self:
                # a name without bytes is an empty file: refused by the upload rules, like in create()
                item._cert_add_version_b64(
                    upload.get("new_file"), upload.get("new_filename"), upload.get("new_version_comment")
                )
        return res

    def _mail_track(self, tracked_fields, initial_values):
        """The history names the indicator an item is filed under; a client files its items under the
        indicators of its scheme without reading the scheme's configuration (``cert.indicator``).

        mail tracks as superuser once the write is done, but the old values were read as the writer: the old
        indicator is named with the same rights as the new one.
        """
        old = initial_values.get("indicator_id")
        if self.env.su and isinstance(old, models.BaseModel):
            # sudo: tracking already runs as superuser (checked above); only the old indicator's name is read
            initial_values = dict(initial_values, indicator_id=old.sudo())
        return super()._mail_track(tracked_fields, initial_values)

    def _cert_check_target_folder(self, folder_id):
        target = self.env["cert.evidence.folder"].browse(folder_id)
        allowed = expression.OR([self._cert_folder_domain("add"), self._cert_folder_domain("edit")])
        # sudo: the caller may not read the target; the domain tested is the caller's own roles
        if not target.sudo().filtered_domain(allowed):
            raise AccessError(self.env._("You may not add evidence to the folder %s.", target.sudo().name))

    @api.ondelete(at_uninstall=False)
    def _unlink_check_links(self):
        self._cert_check_not_referenced(self.env._("deleted"))
        if self.env.su:
            return
        if self.filtered("locked"):
            raise UserError(self._cert_locked_message(self.filtered("locked")))
        # sudo: the history decides, whatever rows of it the caller reads
        history = self.env["cert.evidence.review"].sudo()
        submitted = history.search([("evidence_id", "in", self.ids), ("action", "=", "submit")]).evidence_id
        if submitted:
            raise UserError(
                self.env._(
                    "Evidence that was submitted is kept: archive it instead (%s).",
                    ", ".join(submitted.mapped("name")),
                )
            )

    def unlink(self):
        # Versions of never-submitted drafts go with them, and so do their files: check before removing them.
        self._unlink_check_links()
        self.check_access("unlink")
        # sudo: checked just above (the ORM then removes the attachments of the deleted versions)
        versions = self.env["cert.evidence.version"].sudo().search([("evidence_id", "in", self.ids)])
        self.env["cert.evidence.review"].sudo().search([("evidence_id", "in", self.ids)]).unlink()
        versions.with_context(cert_evidence_drop_versions=True).unlink()
        return super().unlink()

    def _cert_check_not_referenced(self, what):
        # sudo: whether anything refers to the items; internal names are told to internal users only
        references = self.env["cert.evidence.reference"].sudo().search([("evidence_id", "in", self.ids)])
        if not references:
            return
        if self.env.user.share:
            raise UserError(
                self.env._(
                    "%(items)s: evidence used by the certification body cannot be %(what)s.",
                    items=", ".join(references.evidence_id.mapped("name")),
                    what=what,
                )
            )
        lines = [f"- {ref.evidence_id.name}: {ref._cert_referrer_name()}" for ref in references]
        raise UserError(
            self.env._(
                "Evidence referenced elsewhere cannot be %(what)s. Referenced by:\n%(referrers)s",
                what=what,
                referrers="\n".join(lines),
            )
        )

    def _cert_locked_message(self, locked):
        return self.env._(
            "%(items)s: the evidence is locked (it is referenced by an audit score, a finding or a decision). "
            "A CB manager can unlock it, with a reason.",
            items=", ".join(locked.mapped("name")),
        )

    # ------------------------------------------------------------------ wizards
    def _cert_open_wizard(self, model, title, context=None):
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "name": title,
            "context": context or {"default_evidence_id": self.id},
        }
