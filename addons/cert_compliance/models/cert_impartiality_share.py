from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError

from ..lib import impartiality

IMPARTIALITY = "cert_compliance.group_cert_impartiality"
MANAGER = "cert_service.group_cert_manager"
KINDS = [("client", "Client"), ("consultancy", "Referring consultancy")]
PERIOD_KINDS = [("rolling", "Last 12 months"), ("year", "Calendar year")]
#: serialises the refreshes of a company's shares (two workers, or a worker and a user's click)
_LOCK_KEY = 170654


class CertImpartialityShare(models.Model):
    """The share of the CB's revenue one client, or the clients one consultancy referred, brought over a
    period: posted customer invoices net of credit notes, untaxed, in the company's currency.

    Rows without a review are the current figures, replaced at each refresh (daily job, or the Refresh
    button); a committee review keeps its own snapshot rows.
    """

    _name = "cert.impartiality.share"
    _description = "Impartiality Revenue Share"
    _order = "period_kind, date_to desc, kind, amount desc, id"

    kind = fields.Selection(KINDS, required=True, readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Client or Consultancy", required=True, readonly=True)
    period_kind = fields.Selection(PERIOD_KINDS, "Period Type", required=True, readonly=True)
    period = fields.Char(required=True, readonly=True, index=True)
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    amount = fields.Monetary("Revenue (excl. VAT)", readonly=True)
    total = fields.Monetary("CB Revenue (excl. VAT)", readonly=True, aggregator=None)
    share = fields.Float("Share (%)", digits=(5, 2), readonly=True, aggregator="sum")
    threshold = fields.Float("Warning Threshold (%)", digits=(5, 2), readonly=True, aggregator=None)
    over_threshold = fields.Boolean("Above the Threshold", readonly=True)
    review_id = fields.Many2one("cert.impartiality.review", readonly=True, ondelete="cascade", index="btree_not_null")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")

    # ------------------------------------------------------------------ computation
    @api.model
    def _revenue_rows(self, company, date_from, date_to):
        """``(client, consultancy, amount)`` of the company's posted customer invoices and credit notes
        dated in the period, in one grouped query: untaxed, in the company's currency (a credit note's
        lines count negative: revenue is the credit of the product lines)."""
        groups = self.env["account.move.line"]._read_group(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                ("display_type", "=", "product"),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            ["partner_id", "cert_consultancy_id"],
            ["balance:sum"],
        )
        return [(partner.id or None, consultancy.id or None, -balance) for partner, consultancy, balance in groups]

    @api.model
    def _shares(self, company, period, threshold=None):
        """``lib.impartiality.Shares`` of ``company`` over ``period`` (partner ids)."""
        if threshold is None:
            threshold = self.env["res.config.settings"]._cert_param("cert_impartiality_threshold")
        return impartiality.revenue_shares(self._revenue_rows(company, period.date_from, period.date_to), threshold)

    @api.model
    def _share_values(self, company, period, shares, threshold, review=None):
        over = {share.partner for share in shares.over}
        common = {
            "period_kind": period.kind,
            "period": period.key,
            "date_from": period.date_from,
            "date_to": period.date_to,
            "total": shares.total,
            "threshold": threshold,
            "company_id": company.id,
            "review_id": review.id if review else False,
        }
        return [
            dict(
                common,
                kind=kind,
                partner_id=share.partner,
                amount=share.amount,
                share=share.share,
                over_threshold=kind == "consultancy" and share.partner in over,
            )
            for kind, listed in (("client", shares.clients), ("consultancy", shares.consultancies))
            for share in listed
        ]

    @api.model
    def _periods(self, today):
        """The periods the register shows: the last twelve months, this calendar year and the last one."""
        return [
            impartiality.rolling_period(today),
            impartiality.year_period(today.year),
            impartiality.year_period(today.year - 1),
        ]

    def _check_impartiality_user(self):
        if not (self.env.su or self.env.user.has_group(IMPARTIALITY)):
            raise AccessError(
                self.env._("Only the impartiality committee and the CB manager compute the revenue shares.")
            )

    @api.model
    def _refresh(self, company=None, today=None):
        """Replace the company's current share rows and warn of the consultancies above the threshold.

        :returns: the warnings given by this call (``cert.impartiality.warning``), or ``None`` when another
            refresh of the company is running
        """
        self._check_impartiality_user()
        company = company or self.env.company
        today = today or fields.Date.context_today(self)
        threshold = self.env["res.config.settings"]._cert_param("cert_impartiality_threshold")
        # sudo: the caller is of the impartiality committee (checked above); the rows and the invoices'
        # figures they sum are written and read as the system, whatever the caller's accounting rights
        shares_model = self.sudo().with_company(company)
        # one refresh of a company at a time: the rows of the period are replaced, never doubled; a second
        # worker finds the lock taken and leaves the work to the first (its snapshot would be stale anyway)
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", (_LOCK_KEY, company.id))
        if not self.env.cr.fetchone()[0]:
            return None
        shares_model.search([("company_id", "=", company.id), ("review_id", "=", False)]).unlink()
        values, rolling = [], None
        for period in self._periods(today):
            shares = shares_model._shares(company, period, threshold)
            rolling = rolling or shares
            values += shares_model._share_values(company, period, shares, threshold)
        shares_model.create(values)
        return self.env["cert.impartiality.warning"]._warn(company, today, rolling, threshold)

    def action_refresh(self):
        if self._refresh() is None:
            raise UserError(self.env._("The revenue shares are being computed right now: try again in a moment."))
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    @api.model
    def _cron_refresh(self):
        for company in self.env["res.company"].search([("active", "=", True)]):
            self._refresh(company)


class CertImpartialityWarning(models.Model):
    """One consultancy's referrals passed the share of the CB's revenue set in Settings: said once per
    consultancy and calendar year (unique in PostgreSQL), with an activity for the CB manager."""

    _name = "cert.impartiality.warning"
    _description = "Impartiality Revenue Warning"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    consultancy_id = fields.Many2one("res.partner", string="Referring Consultancy", required=True, readonly=True)
    year = fields.Integer(required=True, readonly=True)
    date = fields.Date(required=True, readonly=True)
    share = fields.Float("Share (%)", digits=(5, 2), readonly=True)
    threshold = fields.Float("Warning Threshold (%)", digits=(5, 2), readonly=True)
    date_from = fields.Date(readonly=True)
    date_to = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)

    _sql_constraints = [
        (
            "once_per_year",
            "UNIQUE(company_id, consultancy_id, year)",
            "A consultancy is warned of once per year.",
        )
    ]

    @api.depends("consultancy_id", "share", "year")
    def _compute_display_name(self):
        for warning in self:
            warning.display_name = self.env._(
                "%(consultancy)s: %(share).1f%% of the revenue (%(year)s)",
                consultancy=warning.consultancy_id.display_name,
                share=warning.share,
                year=warning.year,
            )

    @api.model
    def _manager(self):
        # sudo: the recipient is looked up among the CB managers whatever the caller may read of users
        return (
            self.env["res.users"]
            .sudo()
            .search([("groups_id", "in", self.env.ref(MANAGER).id), ("share", "=", False)], order="id", limit=1)
        )

    @api.model
    def _warn(self, company, today, shares, threshold):
        """Warn of ``shares.over`` (rolling twelve months) once per consultancy and year: the row is
        inserted ``ON CONFLICT DO NOTHING``, so that a second worker (or a second run) warns nobody again."""
        given = self.browse()
        manager = self._manager()
        period = impartiality.rolling_period(today)
        for share in shares.over:
            self.env.cr.execute(
                """INSERT INTO cert_impartiality_warning
                       (consultancy_id, year, date, share, threshold, date_from, date_to, company_id,
                        create_uid, create_date, write_uid, write_date)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, now() at time zone 'UTC', %s,
                           now() at time zone 'UTC')
                   ON CONFLICT (company_id, consultancy_id, year) DO NOTHING
                   RETURNING id""",
                [
                    share.partner,
                    today.year,
                    today,
                    share.share,
                    threshold,
                    period.date_from,
                    period.date_to,
                    company.id,
                    self.env.uid,
                    self.env.uid,
                ],
            )
            row = self.env.cr.fetchone()
            if not row:
                continue
            # sudo: the warning was inserted by this refresh (checked by the caller); the activity is the CB
            # manager's, whoever ran it
            warning = self.sudo().browse(row[0])
            if manager:
                warning.activity_schedule(
                    "cert_compliance.mail_activity_type_impartiality_share",
                    date_deadline=today,
                    summary=self.env._(
                        "%(consultancy)s referred %(share).1f%% of the revenue (threshold %(threshold).1f%%)",
                        consultancy=warning.consultancy_id.display_name,
                        share=share.share,
                        threshold=threshold,
                    ),
                    user_id=manager.id,
                )
            given |= warning
        return given
