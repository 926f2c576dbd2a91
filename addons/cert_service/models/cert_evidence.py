import base64

from odoo import SUPERUSER_ID
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools.translate import LazyTranslate

from ..lib import upload as upload_rules
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
REVIEWING = ("submitted", "under_review")


class CertEvidence(models.Model):
    """An evidence item (Plone content item): metadata, immutable versions, a review workflow, a lock.

    Upload rules live in ``lib/upload.py``, versions and their integrity in ``cert.evidence.version``,
    the lock API in ``cert.evidence.reference``, the text diff in its wizard.
    """

    _name = "cert.evidence"
    _description = "Evidence"
    _mail_post_access = "read"  # reviewers and readers comment in the chatter
    _inherit = ["cert.workflow.mixin", "cert.evidence.security.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "folder_id, sequence, id"

    # ---- Dublin-Core-like metadata
    name = fields.Char("Title", required=True, tracking=True)
    description = fields.Text(help="What this evidence shows.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    folder_id = fields.Many2one("cert.evidence.folder", required=True, index=True, ondelete="restrict", tracking=True)
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
    file_name = fields.Char(related="current_version_id.name", string="File")
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
        # groups: none; who may act is a local role on the folder, checked by each action
        return {
            "action_submit": Transition(("draft",), "submitted", (), _lt("submitted")),
            "action_retract": Transition(("submitted",), "draft", (), _lt("retracted")),
            "action_start_review": Transition(("submitted",), "under_review", (), _lt("reviewed")),
            "action_accept": Transition(("under_review",), "accepted", (), _lt("accepted")),
            "action_reject": Transition(REVIEWING, "rejected", (), _lt("rejected")),
            # a new version of a decided item goes back to the reviewers (_cert_add_version)
            "new_version": Transition(("accepted", "rejected"), "submitted", (), _lt("submitted again")),
        }

    def _workflow_key_fields(self):
        return WORKFLOW_FIELDS

    def _workflow_refuse_fields(self, names):
        raise UserError(
            self.env._(
                "The workflow fields (%(fields)s) change only through the workflow buttons.",
                fields=", ".join(sorted(self._fields[name]._description_string(self.env) for name in names)),
            )
        )

    def _cert_move(self, action, comment=None, values=None):
        """Run the declared transition ``action`` (state checked), log it. Callers check the roles first."""
        transition = self._workflow_check(action)
        for item in self:
            if item.locked:
                raise UserError(self._cert_locked_message(item))
        for item in self:
            previous = item.state
            # sudo: the caller's role on the folder was checked by the action (reviewers cannot write)
            item._workflow_sudo_write(dict(values or {}, state=transition.target))
            item._cert_log(action.removeprefix("action_"), previous, comment)
        self.activity_update()
        return True

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
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
                item._cert_add_version_b64(
                    upload["new_file"], upload.get("new_filename"), upload.get("new_version_comment")
                )
        return res

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

    # ------------------------------------------------------------------ uploads (rules: lib/upload.py)
    @api.model
    def _cert_upload_policy(self):
        settings = self.env["res.config.settings"]
        return upload_rules.UploadPolicy.from_settings(
            settings._cert_param("cert_evidence_allowed_extensions"),
            settings._cert_param("cert_evidence_allowed_mimetypes"),
            settings._cert_param("cert_evidence_max_size_mb"),
        )

    @api.model
    def _cert_check_upload(self, raw, filename):
        """Refuse what may not be stored, with a translated message; returns ``lib.upload.Upload``."""
        try:
            return upload_rules.check_upload(raw, filename, self._cert_upload_policy())
        except upload_rules.UploadError as error:
            raise ValidationError(self._cert_upload_message(error)) from None

    @api.model
    def _cert_upload_message(self, error):
        messages = {
            "no_name": lambda: self.env._("Give the file a name."),
            "bad_name": lambda: self.env._(
                "The file name %(name)r contains a path separator or a control character.", **error.params
            ),
            "long_name": lambda: self.env._(
                "The file name is too long (%(limit)s characters at most).", **error.params
            ),
            "empty": lambda: self.env._("The file %(name)s is empty (0 bytes): choose the file again.", **error.params),
            "too_large": lambda: self.env._(
                "The file %(name)s is larger than the limit of %(limit)s MB.", **error.params
            ),
            "extension": lambda: self.env._(
                "Files of type .%(ext)s are not accepted as evidence. Accepted: %(allowed)s.", **error.params
            ),
            "content": lambda: self.env._(
                "The content of %(name)s (%(mimetype)s) is not an accepted type of evidence.", **error.params
            ),
            "mismatch": lambda: self.env._(
                "The content of %(name)s (%(mimetype)s) is not what a .%(ext)s file holds: "
                "save it in its real format.",
                **error.params,
            ),
        }
        return messages[error.code]()

    def _cert_check_duplicate(self, checked):
        """Refuse a file already stored in this certification cycle, naming the item that holds it."""
        self.ensure_one()
        # sudo: the hashes of the whole cycle; the item is named only to those who may open it
        version = (
            self.env["cert.evidence.version"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("sha256", "=", checked.sha256),
                    ("evidence_id.partner_id", "=", self.partner_id.id),
                    ("evidence_id.application_id", "=", self.application_id.id),
                ],
                order="evidence_id, version_number",
                limit=1,
            )
        )
        if not version:
            return
        holder = version.evidence_id
        if holder == self:
            message = self.env._(
                "%(name)s is identical to version %(version)s of this evidence.",
                name=checked.name,
                version=version.version_number,
            )
        elif holder.with_env(self.env)._filtered_access("read"):
            message = self.env._(
                "%(name)s is already in this certification cycle: version %(version)s of “%(item)s” in %(folder)s.",
                name=checked.name,
                version=version.version_number,
                item=holder.name,
                folder=holder.folder_id.display_name,
            )
        else:
            message = self.env._(
                "%(name)s is already in this certification cycle, in an item you cannot open: "
                "ask the certification body.",
                name=checked.name,
            )
        raise ValidationError(message)

    def _cert_add_version_b64(self, datas, filename, comment=None):
        return self._cert_add_version(base64.b64decode(datas or b""), filename, comment)

    def _cert_add_version(self, raw, filename, comment=None):
        """Add a version (the new file) to this item. The only way files enter evidence.

        Draft and submitted items stay as they are; a new version of a rejected or accepted item sends it
        back to ``submitted``. Refused on locked items, items under review, and without the right to edit.
        Concurrent uploads to one item are numbered one after the other: the item's row is locked first.
        """
        self.ensure_one()
        if not self.env.su:
            self.check_access("write")
        self.env.cr.execute("SELECT id FROM cert_evidence WHERE id = %s FOR UPDATE", [self.id])
        if self.locked:
            raise UserError(self._cert_locked_message(self))
        if self.state == "under_review":
            raise UserError(self.env._("%(item)s is under review: wait for the reviewer's decision.", item=self.name))
        checked = self._cert_check_upload(raw, filename)
        self._cert_check_duplicate(checked)
        self.env["cert.evidence.version"].flush_model(["evidence_id", "version_number"])
        self.env.cr.execute(
            "SELECT COALESCE(MAX(version_number), 0) + 1 FROM cert_evidence_version WHERE evidence_id = %s",
            [self.id],
        )
        number = self.env.cr.fetchone()[0]
        # sudo: write access checked above; versions are created by this method only
        version = self.env["cert.evidence.version"].sudo()._cert_create(self, raw, checked, number, comment)
        self.invalidate_recordset(["version_ids", "version_count", "current_version_id"])
        previous = self.state
        if previous in ("rejected", "accepted"):
            self._workflow_check("new_version")
            # sudo: the uploader may edit the item (checked above), the state moves with the upload
            self._workflow_sudo_write(
                {"state": "submitted", "submitted_date": fields.Datetime.now(), "reject_reason": False}
            )
        self._cert_log("new_version", previous, comment, version)
        self.sudo().message_post(
            body=self.env._(
                "Version %(number)s uploaded: %(file)s (%(size)s bytes, SHA-256 %(sha)s).",
                number=number,
                file=version.name,
                size=version.file_size,
                sha=checked.sha256,
            )
        )
        self.activity_update()
        return version

    # ------------------------------------------------------------------ workflow
    def _cert_log(self, action, from_state, comment=None, version=None):
        # sudo: the history is read-only for everybody; the workflow writes it
        history = self.env["cert.evidence.review"].sudo()
        return history.create(
            [
                {
                    "evidence_id": item.id,
                    "action": action,
                    "from_state": from_state,
                    "to_state": item.state,
                    "reason": comment or False,
                    "version_id": (version or item.current_version_id).id,
                    "user_id": self.env.uid,
                }
                for item in self
            ]
        )

    def action_submit(self):
        """Owner, contributor or editor: a draft with a file goes to the reviewers."""
        self._workflow_check("action_submit")
        self._cert_check_permission("write")
        for item in self:
            if not item.version_ids:
                raise UserError(self.env._("%(item)s has no file yet: upload one before submitting.", item=item.name))
        return self._cert_move("action_submit", values={"submitted_date": fields.Datetime.now()})

    def action_retract(self):
        """Take a submitted item back to draft (before the review starts)."""
        self._workflow_check("action_retract")
        for item in self:
            if item.owner_id != self.env.user and not item.permission_write:
                raise AccessError(self.env._("Only the owner or an editor retracts %(item)s.", item=item.name))
        return self._cert_move("action_retract")

    def action_start_review(self):
        self._workflow_check("action_start_review")
        self._cert_check_permission("review")
        return self._cert_move("action_start_review")

    def action_accept(self, comment=None):
        self._workflow_check("action_accept")
        self._cert_check_permission("review")
        for item in self:
            values = {"accepted_version_id": item.current_version_id.id, "reviewed_date": fields.Datetime.now()}
            item._cert_move("action_accept", comment, values)
        return True

    def action_reject(self):
        self._workflow_check("action_reject")
        self._cert_check_permission("review")
        return self._cert_reason_wizard("reject", self.env._("Reject Evidence"))

    def _cert_reject(self, reason):
        self._workflow_check("action_reject")
        self._cert_check_permission("review")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the rejection: the client is told."))
        self._cert_move("action_reject", reason, {"reject_reason": reason, "reviewed_date": fields.Datetime.now()})
        for item in self:
            item.sudo().message_post(body=self.env._("Rejected: %s", reason), subtype_xmlid="mail.mt_comment")
        return True

    def action_unlock(self):
        if not self._cert_is_manager():
            raise AccessError(self.env._("Only a CB manager unlocks evidence."))
        return self._cert_reason_wizard("unlock", self.env._("Unlock Evidence"))

    def _cert_unlock(self, reason):
        """The documented unlock path: a CB manager, a reason, logged in the (internal) chatter and history."""
        if not self.env.su and not self._cert_is_manager():
            raise AccessError(self.env._("Only a CB manager unlocks evidence."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for unlocking the evidence."))
        for item in self.filtered("locked"):
            item._workflow_sudo_write({"locked": False, "locked_date": False})  # sudo: a manager, checked above
            item._cert_log("unlock", item.state, reason)
            item.sudo().message_post(
                body=self.env._("Unlocked by %(user)s: %(reason)s", user=self.env.user.name, reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _cert_reason_wizard(self, action, title):
        context = {"default_evidence_ids": self.ids, "default_action": action}
        return self._cert_open_wizard("cert.evidence.reason", title, context)

    # ------------------------------------------------------------------ activities
    def _cert_reviewers(self):
        """Internal users who review this item: the cycle's auditors and the folder's Reviewers."""
        self.ensure_one()
        users = self.folder_id.sudo().reviewer_user_ids | self.application_id.sudo().auditor_user_ids
        return users.filtered(lambda user: user.active and not user.share)

    def activity_update(self):
        """The one place that schedules and closes the "evidence to review" activities of the items."""
        xmlid = "cert_service.mail_activity_type_evidence_review"
        activity_type = self.env.ref(xmlid)
        # sudo: reviewers get activities on items they may not write; called after the workflow's checks
        for item in self.sudo():
            if item.state in REVIEWING:
                scheduled = item.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
                for user in item._cert_reviewers() - scheduled.user_id:
                    item.activity_schedule(xmlid, user_id=user.id, summary=item.name)
            elif item.state in ("accepted", "rejected"):
                item.activity_feedback([xmlid], feedback=item._workflow_state_label(item.state))
            else:
                item.activity_unlink([xmlid])
        return True

    # ------------------------------------------------------------------ API for cert_audit: references lock
    def _cert_lock_evidence(self, referrer, description=None):
        """``referrer`` (a score line, a finding, a decision…) relies on these items: lock them.

        See ``cert.evidence.reference._cert_lock``; or inherit ``cert.evidence.referrer.mixin``.
        """
        return self.env["cert.evidence.reference"]._cert_lock(self, referrer, description)

    def _cert_release_evidence(self, referrer):
        """Drop the references of ``referrer`` (e.g. when it is deleted). The lock stays: a manager unlocks."""
        return self.env["cert.evidence.reference"]._cert_release(self, referrer)

    # ------------------------------------------------------------------ retention
    @api.model
    def _cron_retention(self):
        """Flag what may be purged (kept ≥ N years after the end of the cycle) and tell the managers."""
        years = self.env["res.config.settings"]._cert_param("cert_evidence_retention_years")
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            "SELECT id FROM cert_evidence WHERE application_id IS NOT NULL ORDER BY id FOR UPDATE SKIP LOCKED"
        )
        items = self.sudo().with_context(active_test=False).browse([row[0] for row in self.env.cr.fetchall()])
        ends = {app: app._cert_evidence_cycle_end() for app in items.application_id}
        newly = self.browse()
        for item in items:
            end = ends.get(item.application_id)
            until = end and fields.Date.add(end, years=years)
            candidate = bool(
                until and until < today and not item.reference_ids.filtered(lambda r: r._cert_referrer_active())
            )
            if item.retention_until != until or item.purge_candidate != candidate:
                if candidate and not item.purge_candidate:
                    newly |= item
                item._workflow_write({"retention_until": until or False, "purge_candidate": candidate})
        if newly:
            managers = self.env.ref("cert_service.group_cert_manager").users.filtered(
                lambda u: not u.share and u.active and u.id != SUPERUSER_ID
            )
            for item in newly:
                for user in managers:
                    item.activity_schedule(
                        "cert_service.mail_activity_type_evidence_retention",
                        user_id=user.id,
                        summary=self.env._("Retention period over: decide whether to purge"),
                        note=self.env._(
                            "Kept %(years)s years after the end of the cycle: it may now be purged. "
                            "Nothing is purged automatically.",
                            years=years,
                        ),
                    )
        return newly

    # ------------------------------------------------------------------ buttons
    def action_check_integrity(self):
        if not self._cert_is_manager():
            raise AccessError(self.env._("Only a CB manager runs the integrity check by hand."))
        return self.version_ids.sudo()._cert_check_integrity()  # sudo: a CB manager, checked above

    def action_add_version(self):
        self.ensure_one()
        return self._cert_open_wizard("cert.evidence.upload", self.env._("Upload a New Version"))

    def action_compare_versions(self):
        self.ensure_one()
        return self._cert_open_wizard("cert.evidence.diff", self.env._("Compare Versions"))

    def _cert_open_wizard(self, model, title, context=None):
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "name": title,
            "context": context or {"default_evidence_id": self.id},
        }

    def action_view_versions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.evidence.version",
            "view_mode": "list,form",
            "domain": [("evidence_id", "=", self.id)],
            "name": self.env._("Versions of %s", self.name),
        }
