from odoo import fields
from odoo import models

REASON_KINDS = [
    ("suspension", "Suspension"),
    ("withdrawal", "Withdrawal"),
    ("cancellation", "Cancellation"),
]


class CertCertificateReason(models.Model):
    """Why a certificate was suspended, withdrawn or cancelled: a list the CB extends (domain.md §7)."""

    _name = "cert.certificate.reason"
    _description = "Certificate Status Reason"
    _order = "kind, sequence, id"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(REASON_KINDS, required=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
