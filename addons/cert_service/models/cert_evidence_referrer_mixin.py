from odoo import api
from odoo import fields
from odoo import models


class CertEvidenceReferrerMixin(models.AbstractModel):
    """For cert_audit's score lines, findings and decisions: an ``evidence_ids`` field that locks its items."""

    _name = "cert.evidence.referrer.mixin"
    _description = "Record Referencing Evidence"

    evidence_ids = fields.Many2many("cert.evidence")

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        for record in records:
            record.evidence_ids._cert_lock_evidence(record)
        return records

    def write(self, vals):
        before = {record: record.evidence_ids for record in self} if "evidence_ids" in vals else {}
        res = super().write(vals)
        for record, old in before.items():
            (old - record.evidence_ids)._cert_release_evidence(record)
            (record.evidence_ids - old)._cert_lock_evidence(record)
        return res

    def unlink(self):
        for record in self:
            record.evidence_ids._cert_release_evidence(record)
        return super().unlink()
