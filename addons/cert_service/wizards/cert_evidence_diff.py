import difflib

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from ..lib import upload as upload_rules
from .wizard_checks import check_evidence_permission


class CertEvidenceDiff(models.TransientModel):
    """The line-by-line difference (difflib) of two text versions of an item."""

    _name = "cert.evidence.diff"
    _description = "Compare Evidence Versions"

    evidence_id = fields.Many2one("cert.evidence", required=True)

    old_version_id = fields.Many2one(
        "cert.evidence.version",
        string="Older Version",
        domain="[('evidence_id', '=', evidence_id)]",
        compute="_compute_versions",
        store=True,
        readonly=False,
    )
    new_version_id = fields.Many2one(
        "cert.evidence.version",
        string="Newer Version",
        domain="[('evidence_id', '=', evidence_id)]",
        compute="_compute_versions",
        store=True,
        readonly=False,
    )
    diff = fields.Text("Difference", compute="_compute_diff")

    @api.constrains("evidence_id")
    def _check_evidence_id(self):
        check_evidence_permission(self.evidence_id, "read")

    @api.depends("evidence_id")
    def _compute_versions(self):
        for wizard in self:
            versions = wizard.evidence_id.version_ids.sorted("version_number")
            wizard.old_version_id = versions[-2:-1]
            wizard.new_version_id = versions[-1:]

    @api.depends("old_version_id", "new_version_id")
    def _compute_diff(self):
        for wizard in self:
            if not (wizard.old_version_id and wizard.new_version_id):
                wizard.diff = False
                continue
            try:
                wizard.diff = wizard._cert_diff(wizard.old_version_id, wizard.new_version_id)
            except UserError as error:
                wizard.diff = str(error)

    @api.model
    def _cert_diff(self, old, new):
        """Unified diff (difflib) of two text versions of one item."""
        if old.evidence_id != new.evidence_id:
            raise UserError(self.env._("Compare two versions of the same evidence."))
        for version in (old, new):
            if not upload_rules.is_text(version.mimetype):
                raise UserError(
                    self.env._(
                        "Version %(number)s is not a text file: it cannot be compared line by line.",
                        number=version.version_number,
                    )
                )
        (old | new).check_access("read")

        def lines(version):
            # sudo: the caller reads both versions (checked above); their files are read as superuser
            return version.attachment_id.sudo().raw.decode("utf-8", errors="replace").splitlines()

        diff = difflib.unified_diff(
            lines(old),
            lines(new),
            fromfile=f"v{old.version_number} {old.name}",
            tofile=f"v{new.version_number} {new.name}",
            lineterm="",
        )
        return "\n".join(diff) or self.env._("The two versions have the same text.")
