from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import SQL


class CertCertificateStatus(models.Model):
    _inherit = "cert.certificate.status"

    pdf_sha256 = fields.Char(
        "PDF SHA-256",
        readonly=True,
        copy=False,
        help="The SHA-256 of the signed certificate PDF this change of status produced.",
    )

    def _workflow_key_fields(self):
        # written once, by the signing of the PDF the change of status produced (never given by a caller; the
        # history rows refuse every write anyway)
        return super()._workflow_key_fields() | {"pdf_sha256"}

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
