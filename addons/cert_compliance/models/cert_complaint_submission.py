from odoo import api
from odoo import fields
from odoo import models


class CertComplaintSubmission(models.Model):
    """A complaint sent from the public page, per client IP: the rate limit counts them in PostgreSQL (the
    way the public verification counts its failed look-ups), across Odoo workers. Purged after a day."""

    _name = "cert.complaint.submission"
    _description = "Public Complaint Submission"
    _inherit = ["cert.portal.rate.limit"]
    _log_access = False
    _order = "submitted_at desc, id desc"
    _rate_time_field = "submitted_at"
    _rate_limit_setting = "cert_complaint_max_per_ip"
    _rate_window_setting = "cert_complaint_window_minutes"

    submitted_at = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _gc_submissions(self):
        return self._rate_gc()
