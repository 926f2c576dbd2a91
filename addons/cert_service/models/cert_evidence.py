import base64
import difflib
import hashlib
import os
import unicodedata

from odoo import SUPERUSER_ID
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools.mimetypes import guess_mimetype

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
# Only the workflow (running as superuser after its guards) writes these.
WORKFLOW_FIELDS = {
    "state",
    "locked",
    "locked_date",
    "accepted_version_id",
    "reject_reason",
    "submitted_date",
    "reviewed_date",
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

DEFAULT_EXTENSIONS = (
    "pdf,png,jpg,jpeg,gif,webp,bmp,tif,tiff,doc,docx,xls,xlsx,ppt,pptx,odt,ods,odp,rtf,txt,csv,md,xml,zip"
)
DEFAULT_MIMETYPES = ",".join(
    [
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/bmp",
        "image/tiff",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/x-ole-storage",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/rtf",
        "text/rtf",
        "text/plain",
        "text/csv",
        "text/markdown",
        "text/xml",
        "application/xml",
        "application/zip",
    ]
)
TEXT_MIMETYPES = ("text/", "application/xml", "application/json")


class CertEvidence(models.Model):
    """An evidence item (Plone content item): metadata, immutable versions, a review workflow, a lock."""

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
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            ._search([("res_model", "=", "cert.evidence.version"), ("index_content", operator, value)])
        )
        versions = self.env["cert.evidence.version"].sudo()._search([("attachment_id", "in", attachments)])
        return [("id", "in", versions.subselect("evidence_id"))]

    def _compute_reference_count(self):
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

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        uploads = []
        for vals in vals_list:
            uploads.append({f: vals.pop(f, False) for f in UPLOAD_FIELDS})
            if not self.env.su:
                for fname in WORKFLOW_FIELDS & set(vals):
                    vals.pop(fname)
                if not self._cert_is_manager():
                    vals["owner_id"] = self.env.uid
        items = super().create(vals_list)
        history = self.env["cert.evidence.review"].sudo()
        history.create([{"evidence_id": item.id, "action": "create", "to_state": item.state} for item in items])
        for item, upload in zip(items, uploads, strict=True):
            if upload["new_file"]:
                item._cert_add_version_b64(upload["new_file"], upload["new_filename"], upload["new_version_comment"])
        return items

    def write(self, vals):
        upload = {f: vals.pop(f) for f in UPLOAD_FIELDS if f in vals}
        if not self.env.su:
            forbidden = WORKFLOW_FIELDS & set(vals)
            if forbidden:
                raise UserError(
                    self.env._(
                        "The workflow fields (%(fields)s) change only through the workflow buttons.",
                        fields=", ".join(sorted(forbidden)),
                    )
                )
            if "owner_id" in vals and not self._cert_is_manager():
                raise UserError(self.env._("Only a CB manager changes the owner of evidence."))
            if "active" in vals and not vals["active"]:
                self._cert_check_not_referenced(self.env._("archived"))
            locked = self.filtered("locked")
            changed = set(vals) - LOCK_EXEMPT_FIELDS
            if locked and changed:
                raise UserError(self._cert_locked_message(locked))
            if "folder_id" in vals:
                target = self.env["cert.evidence.folder"].browse(vals["folder_id"])
                if not target.sudo().filtered_domain(
                    expression.OR([self._cert_folder_domain("add"), self._cert_folder_domain("edit")])
                ):
                    raise AccessError(self.env._("You may not add evidence to the folder %s.", target.sudo().name))
        res = super().write(vals) if vals else True
        if upload.get("new_file"):
            for item in self:
                item._cert_add_version_b64(
                    upload["new_file"], upload.get("new_filename"), upload.get("new_version_comment")
                )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_check_links(self):
        self._cert_check_not_referenced(self.env._("deleted"))
        if self.env.su:
            return
        if self.filtered("locked"):
            raise UserError(self._cert_locked_message(self.filtered("locked")))
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
        # (the ORM removes the attachments of the deleted versions)
        versions = self.env["cert.evidence.version"].sudo().search([("evidence_id", "in", self.ids)])
        self.env["cert.evidence.review"].sudo().search([("evidence_id", "in", self.ids)]).unlink()
        versions.with_context(cert_evidence_drop_versions=True).unlink()
        return super().unlink()

    def _cert_check_not_referenced(self, what):
        references = self.env["cert.evidence.reference"].sudo().search([("evidence_id", "in", self.ids)])
        if references:
            lines = [f"- {ref.evidence_id.name}: {ref.sudo()._cert_referrer_name()}" for ref in references]
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

    # ------------------------------------------------------------------ versions
    @api.model
    def _cert_upload_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        extensions = params.get_param("cert_service.evidence_allowed_extensions", DEFAULT_EXTENSIONS)
        mimetypes = params.get_param("cert_service.evidence_allowed_mimetypes", DEFAULT_MIMETYPES)
        try:
            max_mb = float(params.get_param("cert_service.evidence_max_size_mb", "50"))
        except ValueError:
            max_mb = 50.0
        return {
            "extensions": {e.strip().lower().lstrip(".") for e in extensions.split(",") if e.strip()},
            "mimetypes": {m.strip().lower() for m in mimetypes.split(",") if m.strip()},
            "max_bytes": int(max_mb * 1024 * 1024),
            "max_mb": max_mb,
        }

    def _cert_validate_upload(self, raw, filename):
        """Refuse what may not be stored, with a message the uploader understands. Returns the mimetype."""
        self.ensure_one()
        name = (filename or "").strip()
        if not name or name in (".", ".."):
            raise ValidationError(self.env._("Give the file a name."))
        if "/" in name or "\\" in name or any(unicodedata.category(c).startswith("C") for c in name):
            raise ValidationError(
                self.env._("The file name %(name)r contains a path separator or a control character.", name=name)
            )
        if len(name) > 255:
            raise ValidationError(self.env._("The file name is too long (255 characters at most)."))
        if not raw:
            raise ValidationError(self.env._("The file %(name)s is empty.", name=name))
        settings = self._cert_upload_settings()
        if len(raw) > settings["max_bytes"]:
            raise ValidationError(
                self.env._(
                    "The file %(name)s is larger than the limit of %(limit)s MB.", name=name, limit=settings["max_mb"]
                )
            )
        extension = os.path.splitext(name)[1].lower().lstrip(".")
        if extension not in settings["extensions"]:
            raise ValidationError(
                self.env._(
                    "Files of type .%(ext)s are not accepted as evidence. Accepted: %(allowed)s.",
                    ext=extension or "?",
                    allowed=", ".join(sorted(settings["extensions"])),
                )
            )
        mimetype = guess_mimetype(raw, default="application/octet-stream")
        if mimetype == "text/plain" and extension == "csv":
            mimetype = "text/csv"
        if mimetype not in settings["mimetypes"]:
            raise ValidationError(
                self.env._(
                    "The content of %(name)s (%(mimetype)s) is not an accepted type of evidence.",
                    name=name,
                    mimetype=mimetype,
                )
            )
        sha256 = hashlib.sha256(raw).hexdigest()
        duplicate = (
            self.env["cert.evidence.version"]
            .sudo()
            .search([("evidence_id", "=", self.id), ("sha256", "=", sha256)], limit=1)
        )
        if duplicate:
            raise ValidationError(
                self.env._(
                    "%(name)s is identical to version %(version)s of this evidence.",
                    name=name,
                    version=duplicate.version_number,
                )
            )
        return mimetype, sha256

    def _cert_add_version_b64(self, datas, filename, comment=None):
        return self._cert_add_version(base64.b64decode(datas), filename, comment)

    def _cert_add_version(self, raw, filename, comment=None):
        """Add a version (the new file) to this item. The only way files enter evidence.

        Draft and submitted items stay as they are; a new version of a rejected or accepted item sends it
        back to ``submitted``. Refused on locked items, items under review, and without the right to edit.
        """
        self.ensure_one()
        if not self.env.su:
            self.check_access("write")
        if self.locked:
            raise UserError(self._cert_locked_message(self))
        if self.state == "under_review":
            raise UserError(self.env._("%(item)s is under review: wait for the reviewer's decision.", item=self.name))
        mimetype, sha256 = self._cert_validate_upload(raw, filename)
        number = self.version_count + 1
        version = (
            self.env["cert.evidence.version"]
            .sudo()
            .with_context(cert_evidence_new_version=True)
            ._cert_create(self, raw, filename.strip(), mimetype, sha256, number, comment)
        )
        self.invalidate_recordset(["version_ids", "version_count", "current_version_id"])
        item = self.sudo()
        previous = item.state
        if previous in ("rejected", "accepted"):
            item.write({"state": "submitted", "submitted_date": fields.Datetime.now(), "reject_reason": False})
        item._cert_log("new_version", previous, comment, version)
        item.message_post(
            body=self.env._(
                "Version %(number)s uploaded: %(file)s (%(size)s bytes, SHA-256 %(sha)s).",
                number=number,
                file=version.name,
                size=version.file_size,
                sha=sha256,
            )
        )
        return version

    def action_add_version(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.evidence.upload",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Upload a New Version"),
            "context": {"default_evidence_id": self.id},
        }

    def _cert_diff(self, old, new):
        """Unified diff (difflib) of two text versions of this item."""
        self.ensure_one()
        for version in (old, new):
            if version.evidence_id != self:
                raise UserError(self.env._("Compare two versions of the same evidence."))
            if not version.mimetype or not version.mimetype.startswith(TEXT_MIMETYPES):
                raise UserError(
                    self.env._(
                        "Version %(number)s is not a text file: it cannot be compared line by line.",
                        number=version.version_number,
                    )
                )

        def lines(version):
            return version.attachment_id.sudo().raw.decode("utf-8", errors="replace").splitlines()

        diff = difflib.unified_diff(
            lines(old),
            lines(new),
            fromfile=f"v{old.version_number} {old.name}",
            tofile=f"v{new.version_number} {new.name}",
            lineterm="",
        )
        return "\n".join(diff) or self.env._("The two versions have the same text.")

    # ------------------------------------------------------------------ workflow
    def _cert_log(self, action, from_state, comment=None, version=None):
        history = self.env["cert.evidence.review"].sudo()
        return history.create(
            [
                {
                    "evidence_id": item.id,
                    "action": action,
                    "from_state": from_state,
                    "to_state": item.state,
                    "comment": comment or False,
                    "version_id": (version or item.current_version_id).id,
                    "user_id": self.env.uid,
                }
                for item in self
            ]
        )

    def _cert_check_state(self, allowed, action):
        self._check_state(allowed, action)
        for item in self:
            if item.locked:
                raise UserError(self._cert_locked_message(item))

    def _cert_transition(self, to_state, action, comment=None, extra=None):
        for item in self:
            previous = item.state
            values = {"state": to_state, **(extra or {})}
            item.sudo().write(values)
            item._cert_log(action, previous, comment)
        return True

    def action_submit(self):
        """Owner, contributor or editor: a draft with a file goes to the reviewers."""
        self._cert_check_state(["draft"], self.env._("submitted"))
        self._cert_check_permission("write")
        for item in self:
            if not item.version_ids:
                raise UserError(self.env._("%(item)s has no file yet: upload one before submitting.", item=item.name))
        self._cert_transition("submitted", "submit", extra={"submitted_date": fields.Datetime.now()})
        for item in self:
            item.sudo().message_post(body=self.env._("Submitted for review."))
        return True

    def action_retract(self):
        """Take a submitted item back to draft (before the review starts)."""
        self._cert_check_state(["submitted"], self.env._("retracted"))
        for item in self:
            if item.owner_id != self.env.user and not item.permission_write:
                raise AccessError(self.env._("Only the owner or an editor retracts %(item)s.", item=item.name))
        return self._cert_transition("draft", "retract")

    def action_start_review(self):
        self._cert_check_state(["submitted"], self.env._("reviewed"))
        self._cert_check_permission("review")
        return self._cert_transition("under_review", "start_review")

    def action_accept(self, comment=None):
        self._cert_check_state(["under_review"], self.env._("accepted"))
        self._cert_check_permission("review")
        for item in self:
            item._cert_transition(
                "accepted",
                "accept",
                comment,
                extra={"accepted_version_id": item.current_version_id.id, "reviewed_date": fields.Datetime.now()},
            )
            item.sudo().message_post(body=self.env._("Accepted (version %s).", item.current_version_id.version_number))
        return True

    def action_reject(self):
        self._cert_check_state(["submitted", "under_review"], self.env._("rejected"))
        self._cert_check_permission("review")
        return self._cert_reason_wizard("reject", self.env._("Reject Evidence"))

    def _cert_reject(self, reason):
        self._cert_check_state(["submitted", "under_review"], self.env._("rejected"))
        self._cert_check_permission("review")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the rejection: the client is told."))
        self._cert_transition(
            "rejected", "reject", reason, extra={"reject_reason": reason, "reviewed_date": fields.Datetime.now()}
        )
        for item in self:
            item.sudo().message_post(body=self.env._("Rejected: %s", reason), subtype_xmlid="mail.mt_comment")
        return True

    def action_unlock(self):
        if not self._cert_is_manager():
            raise AccessError(self.env._("Only a CB manager unlocks evidence."))
        return self._cert_reason_wizard("unlock", self.env._("Unlock Evidence"))

    def _cert_unlock(self, reason):
        """The documented unlock path: a CB manager, a reason, logged in the chatter and the history."""
        if not self.env.su and not self._cert_is_manager():
            raise AccessError(self.env._("Only a CB manager unlocks evidence."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for unlocking the evidence."))
        for item in self.filtered("locked"):
            item.sudo().write({"locked": False, "locked_date": False})
            item._cert_log("unlock", item.state, reason)
            item.message_post(
                body=self.env._("Unlocked by %(user)s: %(reason)s", user=self.env.user.name, reason=reason)
            )
        return True

    def _cert_reason_wizard(self, action, title):
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.evidence.reason",
            "view_mode": "form",
            "target": "new",
            "name": title,
            "context": {"default_evidence_ids": self.ids, "default_action": action},
        }

    # ------------------------------------------------------------------ API for cert_audit: references lock
    def _cert_lock_evidence(self, referrer, description=None):
        """Record that ``referrer`` (an audit score line, a finding, a decision…) relies on these items.

        Each item gets a ``cert.evidence.reference`` row (with the version current at that time) and is
        locked: no new version, no metadata change, no deletion or archiving, until a CB manager unlocks
        it with a reason. Call it from the referrer's create/write (or use ``cert.evidence.referrer.mixin``).
        """
        references = self.env["cert.evidence.reference"].sudo()
        for item in self.sudo():
            existing = references.search(
                [("evidence_id", "=", item.id), ("res_model", "=", referrer._name), ("res_id", "in", referrer.ids)]
            )
            for record in referrer:
                if record.id in existing.mapped("res_id"):
                    continue
                references.create(
                    {
                        "evidence_id": item.id,
                        "version_id": item.current_version_id.id,
                        "res_model": record._name,
                        "res_id": record.id,
                        "description": description or record.display_name,
                    }
                )
            if not item.locked:
                item.write({"locked": True, "locked_date": fields.Datetime.now()})
                item._cert_log("lock", item.state, description or referrer.display_name)
                item.message_post(
                    body=self.env._(
                        "Locked: referenced by %(referrer)s.", referrer=", ".join(referrer.mapped("display_name"))
                    )
                )
        return True

    def _cert_release_evidence(self, referrer):
        """Drop the references of ``referrer`` (e.g. when it is deleted). The lock stays: a manager unlocks."""
        self.env["cert.evidence.reference"].sudo().search(
            [("evidence_id", "in", self.ids), ("res_model", "=", referrer._name), ("res_id", "in", referrer.ids)]
        ).unlink()
        return True

    # ------------------------------------------------------------------ crons
    @api.model
    def _cert_retention_years(self):
        try:
            return int(self.env["ir.config_parameter"].sudo().get_param("cert_service.evidence_retention_years", 6))
        except ValueError:
            return 6

    @api.model
    def _cron_retention(self):
        """Flag what may be purged (kept ≥ N years after the end of the cycle) and tell the managers."""
        years = self._cert_retention_years()
        today = fields.Date.context_today(self)
        items = self.sudo().with_context(active_test=False).search([("application_id", "!=", False)])
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
                item.write({"retention_until": until or False, "purge_candidate": candidate})
        if newly:
            managers = self.env.ref("cert_service.group_cert_manager").users.filtered(
                lambda u: not u.share and u.active and u.id != SUPERUSER_ID
            )
            for item in newly:
                for user in managers:
                    item.activity_schedule(
                        "mail.mail_activity_data_todo",
                        user_id=user.id,
                        summary=self.env._("Retention period over: decide whether to purge"),
                        note=self.env._(
                            "Kept %(years)s years after the end of the cycle: it may now be purged. "
                            "Nothing is purged automatically.",
                            years=years,
                        ),
                    )
        return newly

    @api.model
    def _cron_check_integrity(self, limit=None):
        versions = (
            self.env["cert.evidence.version"]
            .sudo()
            .search([], order="integrity_checked_date asc nulls first, id", limit=limit)
        )
        return versions._cert_check_integrity()

    def action_check_integrity(self):
        return self.version_ids.sudo()._cert_check_integrity()

    def action_view_versions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.evidence.version",
            "view_mode": "list,form",
            "domain": [("evidence_id", "=", self.id)],
            "name": self.env._("Versions of %s", self.name),
        }

    def action_compare_versions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.evidence.diff",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Compare Versions"),
            "context": {"default_evidence_id": self.id},
        }
