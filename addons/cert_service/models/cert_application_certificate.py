from odoo import fields
from odoo import models

from ..lib import dates


class CertApplication(models.Model):
    """Certificates of an application, and the re-application block after a withdrawal (domain.md §7)."""

    _inherit = "cert.application"  # pylint: disable=consider-merging-classes-inherited

    certificate_ids = fields.One2many("cert.certificate", "application_id", string="Certificates")
    certificate_count = fields.Integer(compute="_compute_certificate_count")

    def _compute_certificate_count(self):
        counts = dict(
            self.env["cert.certificate"]._read_group(
                [("application_id", "in", self.ids)], ["application_id"], ["__count"]
            )
        )
        for app in self:
            app.certificate_count = counts.get(app, 0)

    def _withdrawal_block_problems(self):
        """Why this applicant may not apply yet: a certificate of theirs was withdrawn less than the block ago.

        Read as superuser: the block binds whoever submits, even a user who cannot see the old certificate.
        """
        self.ensure_one()
        today = fields.Date.context_today(self)
        withdrawn = (
            self.env["cert.certificate"]
            .sudo()
            .search(
                [("partner_id", "=", self.partner_id.commercial_partner_id.id), ("state", "=", "withdrawn")],
                order="state_date desc",
            )
        )
        problems = []
        for cert in withdrawn:
            until = dates.add_months(cert.state_date, cert.scheme_id.reapplication_block_months)
            if today < until:
                problems.append(
                    self.env._(
                        "Certificate %(number)s of %(client)s was withdrawn on %(date)s: the organisation cannot "
                        "apply again before %(until)s.",
                        number=cert.name,
                        client=self.partner_id.display_name,
                        date=cert.state_date,
                        until=until,
                    )
                )
                break
        return problems

    def _check_withdrawal_block(self):
        self._check_ready(
            lambda app: app._withdrawal_block_problems(),
            self.env._("%(record)s cannot be submitted:\n%(problems)s"),
        )

    def action_submit(self):
        self._check_withdrawal_block()
        return super().action_submit()

    def action_view_certificates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cert_service.action_cert_certificate")
        action["domain"] = [("application_id", "=", self.id)]
        return action
