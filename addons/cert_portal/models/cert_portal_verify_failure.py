from datetime import timedelta

import psycopg2.errors

from odoo import api
from odoo import fields
from odoo import models

from ..lib import verification

INSERT_FAILURE = "INSERT INTO cert_portal_verify_failure (ip, failed_at) VALUES (%s, %s)"


class CertPortalVerifyFailure(models.Model):
    """A failed public certificate look-up, per client IP: the rate limit counts them in PostgreSQL, so that
    it holds across Odoo workers and servers. Rows older than a day are purged by a daily job."""

    _name = "cert.portal.verify.failure"
    _description = "Failed Certificate Look-up"
    _log_access = False
    _order = "failed_at desc, id desc"

    ip = fields.Char("Client IP", required=True, index=True)
    failed_at = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _settings(self):
        params = self.env["ir.config_parameter"].sudo()

        def number(key, default):
            try:
                return max(int(params.get_param(key, default)), 1)
            except ValueError:
                return default

        return number("cert_portal.verify_max_failures", 20), timedelta(
            minutes=number("cert_portal.verify_window_minutes", 10)
        )

    @api.model
    def _retry_after(self, ip):
        """Seconds this IP must wait before its next look-up (0: go ahead). One query."""
        limit, window = self._settings()
        now = fields.Datetime.now()
        self.env.cr.execute(
            "SELECT count(*), min(failed_at) FROM cert_portal_verify_failure WHERE ip = %s AND failed_at > %s",
            [ip, now - window],
        )
        count, oldest = self.env.cr.fetchone()
        return verification.retry_after(count, oldest, now, limit, window)

    @api.model
    def _record(self, ip):
        """Count one failed look-up (the only write of the public verification): one INSERT.

        On a read-only cursor (a ``readonly=True`` route served by a replica) the row goes to the primary
        in a short transaction of its own, committed at once: the refused request is not run a second time
        on the primary (what raising a read-only error would make Odoo do), and the count is shared by every
        worker and server at once. Successful look-ups and blocked ones (429) write nothing.
        """
        row = [ip, fields.Datetime.now()]
        if not self.env.cr.readonly:
            self.env.cr.execute(INSERT_FAILURE, row)
            return
        if self.env.registry.in_test_mode():
            # Odoo's test cursors cannot open a read/write cursor under a read-only one: let Odoo retry the
            # request on a read/write cursor, as it does for any write on a replica.
            raise psycopg2.errors.ReadOnlySqlTransaction("a failed look-up is counted on the primary")
        with self.env.registry.cursor() as primary:  # committed when the block ends
            primary.execute(INSERT_FAILURE, row)

    @api.model
    def _gc_failures(self):
        self.env.cr.execute(
            "DELETE FROM cert_portal_verify_failure WHERE failed_at < %s", [fields.Datetime.now() - timedelta(days=1)]
        )
        return True
