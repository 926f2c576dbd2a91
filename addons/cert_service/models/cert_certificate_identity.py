import secrets

from odoo import fields
from odoo import models


class CertCertificate(models.Model):
    """The certificate's public identity: the random token of its public verification page, which the QR code
    of its PDF points to. The page is the portal's (cert_portal), which gives the URL; without it a
    certificate has no page to point to."""

    _inherit = "cert.certificate"  # pylint: disable=consider-merging-classes-inherited

    token = fields.Char(
        "Verification Token", readonly=True, copy=False, default=lambda self: secrets.token_urlsafe(24), index=True
    )
    verification_url = fields.Char(compute="_compute_verification_url", help="Its public verification page.")

    _sql_constraints = [
        ("token_unique", "unique(token)", "The verification token must be unique."),
    ]

    def _compute_verification_url(self):
        self.verification_url = False
