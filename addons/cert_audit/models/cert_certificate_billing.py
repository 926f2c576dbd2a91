from odoo import models
from odoo.addons.cert_service.lib import billing


# Apart from cert_certificate.py (the surveillance job) so that the fees and the job change independently.
class CertCertificate(models.Model):
    """The daily surveillance job suspends a valid certificate whose annual or surveillance fee is unpaid
    beyond the grace period (a suspension reason of domain.md §7)."""

    _inherit = "cert.certificate"  # pylint: disable=consider-merging-classes-inherited

    def _surveillance_step(self, today, audits, to_create):
        if self.state == "valid":
            unpaid = self._unpaid_invoices(today, milestones=billing.CERTIFICATE_FEES)
            if unpaid:
                self._move(
                    "action_suspend",
                    reason=self.env.ref("cert_service.reason_suspension_fee_unpaid"),
                    note=self.env._("Unpaid after the grace period: %s.", ", ".join(unpaid.mapped("name"))),
                    check_group=False,
                )
                return None
        return super()._surveillance_step(today, audits, to_create)
