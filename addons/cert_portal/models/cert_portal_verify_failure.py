import psycopg2.errors

from odoo import api
from odoo import fields
from odoo import models


class CertPortalVerifyFailure(models.Model):
    """A failed public certificate look-up, per client IP: the rate limit of the public verification."""

    _name = "cert.portal.verify.failure"
    _description = "Failed Certificate Look-up"
    _inherit = ["cert.portal.rate.limit"]
    _log_access = False
    _order = "failed_at desc, id desc"
    _rate_time_field = "failed_at"
    _rate_limit_setting = "cert_verify_max_failures"
    _rate_window_setting = "cert_verify_window_minutes"

    failed_at = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _record(self, ip):
        """Count one failed look-up (the only write of the public verification): one INSERT.

        On a read-only cursor (a ``readonly=True`` route served by a replica) the row goes to the primary
        in a short transaction of its own, committed at once: the refused request is not run a second time
        on the primary (what raising a read-only error would make Odoo do), and the count is shared by every
        worker and server at once. Successful look-ups and blocked ones (429) write nothing.
        """
        if not self.env.cr.readonly:
            super()._record(ip)
            return
        if self.env.registry.in_test_mode():
            # Odoo's test cursors cannot open a read/write cursor under a read-only one: let Odoo retry the
            # request on a read/write cursor, as it does for any write on a replica.
            raise psycopg2.errors.ReadOnlySqlTransaction("a failed look-up is counted on the primary")
        with self.env.registry.cursor() as primary:  # committed when the block ends
            primary.execute(self._rate_insert(ip))

    @api.model
    def _gc_failures(self):
        return self._rate_gc()
