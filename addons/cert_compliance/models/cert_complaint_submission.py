from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_portal.lib import verification


class CertComplaintSubmission(models.Model):
    """A complaint sent from the public page, per client IP: the rate limit counts them in PostgreSQL (the
    way the public verification counts its failed look-ups), across Odoo workers. Purged after a day."""

    _name = "cert.complaint.submission"
    _description = "Public Complaint Submission"
    _log_access = False
    _order = "submitted_at desc, id desc"

    ip = fields.Char("Client IP", required=True, index=True)
    submitted_at = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _settings(self):
        params = self.env["ir.config_parameter"].sudo()

        def number(key, default):
            try:
                return max(int(params.get_param(key, default)), 1)
            except ValueError:
                return default

        return number("cert_compliance.complaint_max_per_ip", 5), timedelta(
            minutes=number("cert_compliance.complaint_window_minutes", 60)
        )

    @api.model
    def _retry_after(self, ip):
        """Seconds this IP must wait before its next complaint (0: go ahead). One query."""
        limit, window = self._settings()
        now = fields.Datetime.now()
        self.env.cr.execute(
            "SELECT count(*), min(submitted_at) FROM cert_complaint_submission WHERE ip = %s AND submitted_at > %s",
            [ip, now - window],
        )
        count, oldest = self.env.cr.fetchone()
        return verification.retry_after(count, oldest, now, limit, window)

    @api.model
    def _record(self, ip):
        self.env.cr.execute(
            "INSERT INTO cert_complaint_submission (ip, submitted_at) VALUES (%s, %s)", [ip, fields.Datetime.now()]
        )

    @api.model
    def _gc_submissions(self):
        self.env.cr.execute(
            "DELETE FROM cert_complaint_submission WHERE submitted_at < %s", [fields.Datetime.now() - timedelta(days=1)]
        )
        return True
