from odoo import api
from odoo import fields
from odoo import models
from odoo import tools

from ..lib import cnca_report
from .cert_cnca_batch import REPORTED_AUDIT_TYPES
from .cert_cnca_batch import REPORTED_CERTIFICATE_STATES
from .cert_cnca_layout import DATASETS


class CertCncaRegister(models.Model):
    """Every record CNCA's reporting takes (an audit plan, an audit result, a certificate status change) with
    the month it belongs to and the batch that reported it: the reporting officer's list of what is still
    unreported and what is overdue (unreported after its month's due day). A record reported and changed
    since is taken again by the next batch (its hash differs), not listed here."""

    _name = "cert.cnca.register"
    _description = "CNCA Reporting Register"
    _auto = False
    _order = "date desc, id desc"
    # flushed before the view is read
    _depends = {
        "cert.audit": ["audit_type", "state", "date_start", "date_end", "partner_id", "company_id"],
        "cert.certificate.status": ["certificate_id", "to_state", "date"],
        "cert.certificate": ["partner_id", "company_id"],
        "cert.cnca.batch": ["state", "period", "submitted_date", "submitted_by_id"],
        "cert.cnca.batch.line": ["batch_id", "dataset", "res_id"],
    }

    dataset = fields.Selection(DATASETS, "Data Set", readonly=True)
    audit_id = fields.Many2one("cert.audit", readonly=True)
    status_id = fields.Many2one("cert.certificate.status", "Status Change", readonly=True)
    certificate_id = fields.Many2one("cert.certificate", readonly=True)
    partner_id = fields.Many2one("res.partner", "Client", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    period = fields.Date("Month", readonly=True)
    batch_id = fields.Many2one("cert.cnca.batch", "Reported In", readonly=True)
    reported = fields.Boolean(readonly=True)
    reported_date = fields.Datetime("Reported On", readonly=True)
    reported_by_id = fields.Many2one("res.users", readonly=True)
    due_date = fields.Date(compute="_compute_due", string="Due")
    overdue = fields.Boolean(compute="_compute_due", search="_search_overdue")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        audit_types = tuple(REPORTED_AUDIT_TYPES)
        states = tuple(REPORTED_CERTIFICATE_STATES)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                WITH items AS (
                    SELECT a.id * 4 + 1 AS id, 'audit_plan' AS dataset, a.id AS res_id, a.id AS audit_id,
                           NULL::integer AS status_id, NULL::integer AS certificate_id, a.partner_id,
                           a.company_id, (a.date_start AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date AS date
                      FROM cert_audit a
                     WHERE a.audit_type IN %(types)s AND a.state NOT IN ('draft', 'cancelled')
                       AND a.date_start IS NOT NULL
                    UNION ALL
                    SELECT a.id * 4 + 2, 'audit_result', a.id, a.id, NULL, NULL, a.partner_id, a.company_id,
                           (a.date_end AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date
                      FROM cert_audit a
                     WHERE a.audit_type IN %(types)s AND a.state IN ('reported', 'closed')
                       AND a.date_end IS NOT NULL
                    UNION ALL
                    SELECT s.id * 4 + 3, 'certificate', s.id, NULL, s.id, c.id, c.partner_id, c.company_id, s.date
                      FROM cert_certificate_status s
                      JOIN cert_certificate c ON c.id = s.certificate_id
                     WHERE s.to_state IN %(states)s
                )
                SELECT i.id, i.dataset, i.audit_id, i.status_id, i.certificate_id, i.partner_id, i.company_id,
                       i.date, date_trunc('month', i.date)::date AS period,
                       r.batch_id, r.batch_id IS NOT NULL AS reported,
                       r.submitted_date AS reported_date, r.submitted_by_id AS reported_by_id
                  FROM items i
                  LEFT JOIN LATERAL (
                        SELECT l.batch_id, b.submitted_date, b.submitted_by_id
                          FROM cert_cnca_batch_line l
                          JOIN cert_cnca_batch b ON b.id = l.batch_id
                         WHERE l.dataset = i.dataset AND l.res_id = i.res_id AND b.state = 'submitted'
                         ORDER BY b.period DESC, l.id DESC
                         LIMIT 1
                  ) r ON TRUE
            )
            """,
            {"types": audit_types, "states": states},
        )

    @api.depends("period", "reported")
    @api.depends_context("uid")
    def _compute_due(self):
        due_day = self.env["cert.cnca.batch"]._due_day()
        today = fields.Date.context_today(self)
        for item in self:
            item.due_date = cnca_report.due_date(item.period, due_day) if item.period else False
            item.overdue = bool(
                item.period and not item.reported and cnca_report.is_overdue(item.period, today, due_day)
            )

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Overdue can only be searched as true or false."))
        due_day = self.env["cert.cnca.batch"]._due_day()
        cutoff = cnca_report.last_overdue_month(fields.Date.context_today(self), due_day)
        overdue = ["&", ("reported", "=", False), ("period", "<=", cutoff)]
        return overdue if (operator == "=") == value else ["!", *overdue]
