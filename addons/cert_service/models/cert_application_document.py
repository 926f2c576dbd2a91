from odoo import api
from odoo import fields
from odoo import models


class CertApplicationDocument(models.Model):
    """One item of an application's document checklist, satisfied by what the applicant provides."""

    _name = "cert.application.document"
    _description = "Application Document"
    _inherit = ["cert.workflow.mixin"]
    _order = "application_id, sequence, id"

    application_id = fields.Many2one("cert.application", required=True, ondelete="cascade", index=True)
    scheme_document_id = fields.Many2one("cert.scheme.document", ondelete="set null")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    required = fields.Boolean(default=True)
    condition = fields.Selection(
        [("always", "Always"), ("has_outlets", "When the applicant has service outlets")],
        default="always",
        required=True,
    )
    applicable = fields.Boolean(compute="_compute_applicable", store=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "cert_application_document_attachment_rel",
        "document_id",
        "attachment_id",
        string="Files",
    )
    evidence_ids = fields.Many2many(
        "cert.evidence",
        "cert_application_document_evidence_rel",
        "document_id",
        "evidence_id",
        domain="[('application_id', '=', application_id)]",
        help="Evidence items of this application that provide the document (rejected ones do not count).",
    )
    satisfied = fields.Boolean(compute="_compute_satisfied", store=True)
    note = fields.Char()

    def _workflow_client_field(self):
        return "application_id.partner_id"

    def _workflow_key_fields(self):
        # the submission guard reads ``satisfied`` and ``applicable`` (computed, so locked too)
        return {"application_id"}

    def _workflow_create_fields(self):
        return {"application_id"}

    @api.depends("condition", "application_id.has_outlets")
    def _compute_applicable(self):
        for doc in self:
            doc.applicable = doc.condition == "always" or doc.application_id.has_outlets

    @api.depends("attachment_ids", "evidence_ids.state")
    def _compute_satisfied(self):
        # sudo: whoever edits the checklist may not read the evidence itself, only whether it exists
        for doc in self:
            evidence = doc.sudo().evidence_ids.filtered(lambda e: e.state != "rejected")
            doc.satisfied = bool(doc.attachment_ids or evidence)
