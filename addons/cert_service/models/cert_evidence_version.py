import hashlib

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

INTEGRITY_STATES = [
    ("unchecked", "Not Checked Yet"),
    ("ok", "Verified"),
    ("mismatch", "Modified (SHA-256 mismatch)"),
    ("missing", "File Missing"),
]
# the only fields of a version that ever change: the integrity check's verdict
INTEGRITY_FIELDS = {"integrity_state", "integrity_checked_date"}


class CertEvidenceVersion(models.Model):
    """One immutable version of an evidence item: one ``ir.attachment`` with its SHA-256 (CMFEditions)."""

    _name = "cert.evidence.version"
    _description = "Evidence Version"
    _inherit = ["cert.workflow.mixin", "cert.evidence.security.mixin"]
    _order = "evidence_id, version_number desc, id desc"

    evidence_id = fields.Many2one("cert.evidence", required=True, ondelete="cascade", index=True, readonly=True)
    version_number = fields.Integer("Version", required=True, readonly=True)
    name = fields.Char("File Name", required=True, readonly=True)
    attachment_id = fields.Many2one("ir.attachment", required=True, ondelete="restrict", readonly=True, index=True)
    file_size = fields.Integer("Size (bytes)", readonly=True)
    mimetype = fields.Char("Type", readonly=True)
    sha256 = fields.Char("SHA-256", readonly=True, index=True, size=64)
    uploader_id = fields.Many2one("res.users", string="Uploaded By", readonly=True, default=lambda self: self.env.user)
    upload_date = fields.Datetime("Uploaded On", readonly=True, default=fields.Datetime.now)
    comment = fields.Char(readonly=True)
    integrity_state = fields.Selection(INTEGRITY_STATES, default="unchecked", required=True, readonly=True)
    integrity_checked_date = fields.Datetime("Integrity Checked On", readonly=True)
    is_accepted = fields.Boolean(compute="_compute_is_accepted", string="Accepted Version")

    _sql_constraints = [
        ("number_uniq", "unique(evidence_id, version_number)", "Version numbers are unique within an item."),
    ]

    @api.depends("name", "version_number")
    def _compute_display_name(self):
        for version in self:
            version.display_name = f"v{version.version_number} {version.name or ''}".strip()

    def _compute_is_accepted(self):
        for version in self:
            version.is_accepted = version.evidence_id.accepted_version_id == version

    # ------------------------------------------------------------------ access: the item's, read only
    def _workflow_client_field(self):
        return "evidence_id.partner_id"

    def _cert_permission_domain(self, operation):
        # immutable: only the evidence API (as superuser) adds versions. An owner who reads the item only
        # as its owner (e.g. after leaving the client) reads the versions they uploaded, not later ones.
        return self._cert_evidence_child_domain(operation, own=[("uploader_id", "=", self.env.uid)])

    # ------------------------------------------------------------------ immutability
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]  # copies: Odoo retries a call with the same dicts
        if not self.env.su:
            raise UserError(self.env._("Upload a file on the evidence item: versions are added only there."))
        for vals in vals_list:
            if vals.get("attachment_id") and not vals.get("sha256"):
                raw = self.env["ir.attachment"].sudo().browse(vals["attachment_id"]).raw or b""
                vals.update(
                    sha256=hashlib.sha256(raw).hexdigest(),
                    file_size=len(raw),
                    mimetype=vals.get("mimetype") or guess_mimetype(raw),
                )
        versions = super().create(vals_list)
        for version in versions:
            attachment = version.attachment_id.sudo()
            if attachment.res_model != self._name or attachment.res_id != version.id:
                attachment.write({"res_model": self._name, "res_id": version.id, "res_field": False})
        return versions

    def write(self, vals):
        if set(vals) - INTEGRITY_FIELDS:
            raise UserError(self.env._("Evidence versions cannot be changed: upload a new version instead."))
        if not self.env.su:
            raise UserError(self.env._("Only the integrity check records its verdict on a version."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not (self.env.su and self.env.context.get("cert_evidence_drop_versions")):
            raise UserError(self.env._("Evidence versions cannot be deleted."))

    @api.model
    def _cert_create(self, item, raw, checked, number, comment=None):
        """Store ``raw`` as version ``number`` of ``item`` (called as superuser by the item, after validation).

        :param checked: the ``lib.upload.Upload`` that validated ``raw``
        """
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {"name": checked.name, "raw": raw, "mimetype": checked.mimetype, "res_model": self._name, "res_id": 0}
            )
        )
        return self.create(
            {
                "evidence_id": item.id,
                "version_number": number,
                "name": checked.name,
                "attachment_id": attachment.id,
                "file_size": checked.size,
                "mimetype": checked.mimetype,
                "sha256": checked.sha256,
                "comment": comment or False,
                "uploader_id": self.env.uid,
                "integrity_state": "ok",
                "integrity_checked_date": fields.Datetime.now(),
            }
        )

    # ------------------------------------------------------------------ integrity
    @api.model
    def _cron_check_integrity(self, limit=None):
        """Re-hash the versions checked longest ago; rows another worker is checking are skipped."""
        self.env.cr.execute(
            """SELECT id FROM cert_evidence_version ORDER BY integrity_checked_date ASC NULLS FIRST, id
                LIMIT %s FOR UPDATE SKIP LOCKED""",
            [limit or None],
        )
        return self.sudo().browse([row[0] for row in self.env.cr.fetchall()])._cert_check_integrity()

    def _cert_check_integrity(self):
        """Re-hash the stored bytes of each version; flag and report any difference. Returns the bad ones."""
        bad = self.browse()
        now = fields.Datetime.now()
        for version in self.sudo():
            attachment = version.attachment_id
            raw = attachment.raw if attachment.exists() else None
            if not raw:
                verdict = "missing"
            elif hashlib.sha256(raw).hexdigest() != version.sha256:
                verdict = "mismatch"
            else:
                verdict = "ok"
            changed = verdict != version.integrity_state
            version.write({"integrity_state": verdict, "integrity_checked_date": now})
            if verdict != "ok":
                bad |= version
                if changed:
                    version.evidence_id.message_post(
                        body=self.env._(
                            "Integrity check failed for version %(number)s (%(file)s): %(verdict)s. "
                            "The stored file no longer matches the SHA-256 recorded at upload (%(sha)s).",
                            number=version.version_number,
                            file=version.name,
                            verdict=dict(self._fields["integrity_state"]._description_selection(self.env))[verdict],
                            sha=version.sha256,
                        )
                    )
        return bad

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }
