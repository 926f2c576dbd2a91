from odoo import fields
from odoo import models


class CertAudit(models.Model):
    """Audits the surveillance programme of a certificate plans (domain.md §8)."""

    # its own extension (kept out of cert_audit.py, which other work reshapes): the surveillance programme
    _inherit = ["cert.audit"]

    certificate_id = fields.Many2one(
        "cert.certificate",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        copy=False,
        help="The certificate whose surveillance or recertification this audit is.",
    )
    surveillance_number = fields.Integer(
        readonly=True, copy=False, help="Which surveillance of the cycle (1, 2, …); 0 for a recertification."
    )

    def _workflow_key_fields(self):
        # the surveillance job counts a reported audit by these: only the job (and the decision glue) sets them
        return super()._workflow_key_fields() | {"certificate_id", "surveillance_number"}

    def init(self):
        # One live audit per surveillance (or recertification) of a certificate, whatever the number of
        # workers planning at the same time: the database refuses the second one.
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS cert_audit_certificate_programme_uniq
               ON cert_audit (certificate_id, audit_type, surveillance_number)
               WHERE certificate_id IS NOT NULL AND state != 'cancelled'"""
        )
