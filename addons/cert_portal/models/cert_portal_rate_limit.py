from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import SQL

from ..lib import verification


class CertPortalRateLimit(models.AbstractModel):
    """A per-IP rate limit of a public route, counted in PostgreSQL so that it holds across Odoo workers and
    servers: one row per counted request, rows older than a day purged by a daily job.

    The inheriting model declares its time column (``_rate_time_field``) and its two settings, fields of
    ``res.config.settings`` (``_rate_limit_setting``: requests allowed in the window; ``_rate_window_setting``:
    the window, in minutes).
    """

    _name = "cert.portal.rate.limit"
    _description = "Certification Portal: Per-IP Rate Limit"
    _rate_time_field = None
    _rate_limit_setting = None
    _rate_window_setting = None

    ip = fields.Char("Client IP", required=True, index=True)

    @api.model
    def _settings(self):
        settings = self.env["res.config.settings"]
        limit = settings._cert_param(self._rate_limit_setting, minimum=1)
        return limit, timedelta(minutes=settings._cert_param(self._rate_window_setting, minimum=1))

    @api.model
    def _retry_after(self, ip):
        """Seconds this IP must wait before its next request (0: go ahead). One query."""
        limit, window = self._settings()
        now = fields.Datetime.now()
        column = SQL.identifier(self._rate_time_field)
        self.env.cr.execute(
            SQL(
                "SELECT count(*), min(%s) FROM %s WHERE ip = %s AND %s > %s",
                column,
                SQL.identifier(self._table),
                ip,
                column,
                now - window,
            )
        )
        count, oldest = self.env.cr.fetchone()
        return verification.retry_after(count, oldest, now, limit, window)

    @api.model
    def _record(self, ip):
        """Count one request of ``ip`` (one INSERT)."""
        self.env.cr.execute(self._rate_insert(ip))

    @api.model
    def _rate_insert(self, ip):
        return SQL(
            "INSERT INTO %s (ip, %s) VALUES (%s, %s)",
            SQL.identifier(self._table),
            SQL.identifier(self._rate_time_field),
            ip,
            fields.Datetime.now(),
        )

    @api.model
    def _rate_gc(self):
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE %s < %s",
                SQL.identifier(self._table),
                SQL.identifier(self._rate_time_field),
                fields.Datetime.now() - timedelta(days=1),
            )
        )
        return True
