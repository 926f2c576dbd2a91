from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL


class CertCertificateStatus(models.Model):
    _inherit = "cert.certificate.status"

    pdf_sha256 = fields.Char(
        "PDF SHA-256",
        readonly=True,
        copy=False,
        help="The SHA-256 of the signed certificate PDF this change of status produced.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any("pdf_sha256" in vals for vals in vals_list):
            raise UserError(self.env._("PDF SHA-256: written by the signing of the certificate PDF only."))
        return super().create(vals_list)

    def write(self, vals):
        if "pdf_sha256" in vals:
            raise UserError(self.env._("PDF SHA-256: written by the signing of the certificate PDF only."))
        return super().write(vals)

    @api.model
    def _esign_record_hash(self, certificate, digest):
        """Record ``digest`` on the history row of ``certificate`` written in this transaction (the move that
        produced the PDF), once: a PDF made again later (a download) does not change what was issued."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """UPDATE cert_certificate_status SET pdf_sha256 = %s
                    WHERE id = (SELECT id FROM cert_certificate_status
                                 WHERE certificate_id = %s AND create_date = %s ORDER BY id DESC LIMIT 1)
                      AND pdf_sha256 IS NULL
                RETURNING id""",
                digest,
                certificate.id,
                self.env.cr.now(),
            )
        )
        rows = self.browse([row[0] for row in self.env.cr.fetchall()])
        rows.invalidate_recordset(["pdf_sha256"])
        return rows
