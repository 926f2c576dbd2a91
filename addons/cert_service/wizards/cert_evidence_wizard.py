from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class CertEvidenceReason(models.TransientModel):
    """Reject (reviewer) or unlock (CB manager) evidence, with the reason that is logged."""

    _name = "cert.evidence.reason"
    _description = "Evidence Reason"

    evidence_ids = fields.Many2many("cert.evidence", required=True)
    action = fields.Selection([("reject", "Reject"), ("unlock", "Unlock")], required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.action == "reject":
            self.evidence_ids._cert_reject(self.reason)
        else:
            self.evidence_ids._cert_unlock(self.reason)
        return {"type": "ir.actions.act_window_close"}


class CertEvidenceUpload(models.TransientModel):
    """Upload a new version of an evidence item."""

    _name = "cert.evidence.upload"
    _description = "Upload Evidence Version"

    evidence_id = fields.Many2one("cert.evidence", required=True)
    file = fields.Binary(required=True, attachment=False)
    filename = fields.Char(required=True)
    comment = fields.Char(help="What changed in this version.")

    def action_upload(self):
        self.ensure_one()
        self.evidence_id._cert_add_version_b64(self.file, self.filename, self.comment)
        return {"type": "ir.actions.act_window_close"}


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
                wizard.diff = wizard.evidence_id._cert_diff(wizard.old_version_id, wizard.new_version_id)
            except UserError as error:
                wizard.diff = str(error)
