import secrets

from odoo import fields
from odoo import models


class CertCertificate(models.Model):
    """The certificate's public identity: the random token of its verification page (``/certificate/<token>``),
    which the QR code of its PDF points to."""

    _inherit = "cert.certificate"  # pylint: disable=consider-merging-classes-inherited

    token = fields.Char(
        "Verification Token", readonly=True, copy=False, default=lambda self: secrets.token_urlsafe(24), index=True
    )
    verification_url = fields.Char(compute="_compute_verification_url")

    _sql_constraints = [
        ("token_unique", "unique(token)", "The verification token must be unique."),
    ]

    def _compute_verification_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "").rstrip("/")
        for cert in self:
            cert.verification_url = f"{base}/certificate/{cert.token}" if cert.token else False
