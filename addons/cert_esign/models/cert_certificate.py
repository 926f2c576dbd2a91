import hashlib
import logging

import requests
from pyhanko.sign.timestamps import TimestampRequestError

from odoo import api
from odoo import models
from odoo.exceptions import UserError

from ..lib import pades
from ..lib import verdict

_logger = logging.getLogger(__name__)

#: give as context "cert_esign_unsigned" to make a PDF without its signature (the bench's reference only:
#: an object no RPC client can send)
UNSIGNED = object()


class CertCertificate(models.Model):
    _inherit = "cert.certificate"

    def _render_pdf(self, raise_on_missing_font=True):
        """Every certificate PDF the life cycle makes is signed (PAdES) by the CB's current key."""
        result = super()._render_pdf(raise_on_missing_font=raise_on_missing_font)
        if self.env.context.get("cert_esign_unsigned") is not UNSIGNED:
            self._esign_sign_pdf(raise_errors=raise_on_missing_font)
        return result

    def _esign_sign_pdf(self, raise_errors=True):
        """Sign the attached PDF of each certificate; record its SHA-256 on the history row that produced it.

        :param raise_errors: False for the moves the model makes on its own (the daily job): a missing key
            or an unreachable timestamp authority is logged there, not raised
        """
        Keys = self.env["cert.esign.key"]
        tsa_url = self.env["res.config.settings"]._cert_param("cert_esign_tsa_url") or None
        for cert in self:
            if not cert.pdf_attachment_id:
                continue
            signer = Keys._esign_signer(cert.company_id)
            if not signer:
                message = self.env._(
                    "The certificate PDF cannot be signed: upload the certification body's signing certificate "
                    "(PKCS#12) in Settings → Certification (a demo certificate is refused in a database without "
                    "demo data)."
                )
                if raise_errors:
                    raise UserError(message)
                _logger.warning("Certificate %s: PDF not signed: no usable signing certificate", cert.name)
                continue
            _key, identity = signer
            stamp = Keys._esign_stamp_path(cert.company_id)
            # sudo: the attachment was just written by the PDF step above, under the certificate's own access
            attachment = cert.pdf_attachment_id.sudo()
            content = attachment.raw
            reason = verdict.reason_for(cert.name)
            try:
                signed = pades.sign(content, identity, stamp, reason, location=cert.company_id.city, tsa_url=tsa_url)
            except (requests.RequestException, TimestampRequestError) as error:
                if raise_errors:
                    raise UserError(
                        self.env._("The timestamp authority did not answer: %(error)s", error=str(error))
                    ) from error
                _logger.warning("Certificate %s: signed without a timestamp: %s", cert.name, error)
                signed = pades.sign(content, identity, stamp, reason, location=cert.company_id.city)
            attachment.write({"raw": signed})
            self.env["cert.certificate.status"]._esign_record_hash(cert, hashlib.sha256(signed).hexdigest())

    @api.model
    def _esign_sign_existing(self):
        """Make the PDFs of the certificates issued before signing was set up again, signed (demo data)."""
        self.search([("pdf_attachment_id", "!=", False)])._render_pdf(raise_on_missing_font=False)
        return True
