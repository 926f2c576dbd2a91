from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

COMPLAINT_REASON = "cert_service.reason_suspension_complaint"


class CertCertificateTransition(models.TransientModel):
    """A suspension for a substantiated serious complaint cites the complaint; the complaint records the
    suspension it led to (the public page shows the reason, never the complaint)."""

    _inherit = "cert.certificate.transition"

    complaint_required = fields.Boolean(compute="_compute_complaint_required")
    complaint_id = fields.Many2one(
        "cert.complaint",
        domain="[('certificate_id', 'in', certificate_ids), ('outcome', 'in', ('upheld', 'partly_upheld'))]",
    )

    @api.depends("action", "reason_id")
    def _compute_complaint_required(self):
        reason = self.env.ref(COMPLAINT_REASON, raise_if_not_found=False)
        for wizard in self:
            wizard.complaint_required = bool(reason) and wizard.reason_id == reason

    def action_confirm(self):
        self.ensure_one()
        if not self.complaint_required:
            return super().action_confirm()
        complaint = self.complaint_id
        if not complaint:
            raise UserError(self.env._("A suspension for a serious complaint cites the complaint (Complaint)."))
        if complaint.certificate_id not in self.certificate_ids or len(self.certificate_ids) != 1:
            raise UserError(
                self.env._(
                    "%s concerns another certificate: cite the complaint on the certificate it concerns.",
                    complaint.name,
                )
            )
        if complaint.state not in ("decided", "closed") or complaint.outcome not in ("upheld", "partly_upheld"):
            raise UserError(
                self.env._(
                    "%s is not decided as substantiated: it cannot be the reason of a suspension.", complaint.name
                )
            )
        res = super().action_confirm()
        status = self.env["cert.certificate.status"].search(
            [("certificate_id", "=", complaint.certificate_id.id), ("to_state", "=", "suspended")],
            order="id desc",
            limit=1,
        )
        complaint._workflow_write({"suspension_id": status.id})
        complaint.message_post(
            body=self.env._("%(certificate)s suspended for this complaint.", certificate=complaint.certificate_id.name)
        )
        return res
