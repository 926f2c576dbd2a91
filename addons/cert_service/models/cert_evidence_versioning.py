import base64

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from ..lib import upload as upload_rules


class CertEvidence(models.Model):
    """Uploads of an evidence item: the only way files enter evidence, each one a new immutable version."""

    _inherit = "cert.evidence"  # pylint: disable=consider-merging-classes-inherited

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

    def action_view_versions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.evidence.version",
            "view_mode": "list,form",
            "domain": [("evidence_id", "=", self.id)],
            "name": self.env._("Versions of %s", self.name),
        }
