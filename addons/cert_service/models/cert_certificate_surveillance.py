import datetime

from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.osv.expression import AND
from odoo.osv.expression import OR

from ..lib import certificates
from ..lib import dates


class CertCertificate(models.Model):
    """The surveillance programme of a certificate (domain.md §8): the next window of its cycle, computed
    once from the scheme's figures (``lib/certificates.planned_surveillances``) at the issue and after each
    reported surveillance, and read by the daily job (cert_audit) and by billing (one fee per surveillance).
    """

    _inherit = "cert.certificate"  # pylint: disable=consider-merging-classes-inherited

    surveillance_anchor_date = fields.Date(
        readonly=True, copy=False, help="Date the next surveillance is counted from (issue or last surveillance)."
    )
    surveillance_done = fields.Integer("Surveillances Done", readonly=True, copy=False)
    surveillance_number = fields.Integer("Next Surveillance", readonly=True, copy=False)
    surveillance_due = fields.Date(readonly=True, copy=False, index=True)
    surveillance_window_start = fields.Date("Window Opens", readonly=True, copy=False, index=True)
    surveillance_window_end = fields.Date("Window Closes", readonly=True, copy=False)
    surveillance_reminded = fields.Integer(readonly=True, copy=False, help="Reminders sent for the current window.")
    surveillance_checked_date = fields.Date(readonly=True, copy=False, help="Last day the daily job looked at it.")
    # the list filters: each scheme's own figures decide, never a number in the view
    surveillance_soon = fields.Boolean(
        "Surveillance Window Soon",
        compute="_compute_programme_soon",
        search="_search_surveillance_soon",
        help="In force, with its surveillance window opening within the scheme's planning lead time.",
    )
    expiry_soon = fields.Boolean(
        "Expiring",
        compute="_compute_programme_soon",
        search="_search_expiry_soon",
        help="In force, within the scheme's recertification lead time of its expiry.",
    )

    def init(self):
        res = super().init()
        # The daily job reads exactly these rows; the partial index keeps its claim query cheap.
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS cert_certificate_surveillance_todo_idx
               ON cert_certificate (surveillance_checked_date, id) WHERE state IN ('valid', 'suspended')"""
        )
        return res

    def _workflow_key_fields(self):
        # kept by the issue and the daily job only
        return super()._workflow_key_fields() | {
            "surveillance_anchor_date",
            "surveillance_done",
            "surveillance_number",
            "surveillance_due",
            "surveillance_window_start",
            "surveillance_window_end",
            "surveillance_reminded",
            "surveillance_checked_date",
        }

    def _issue_values(self):
        values = super()._issue_values()
        previous = self.supersedes_id
        if previous.state in certificates.IN_FORCE and self.cycle <= previous.cycle:
            # a level change within the cycle keeps its surveillance programme
            values.update(
                surveillance_anchor_date=previous.surveillance_anchor_date,
                surveillance_done=previous.surveillance_done,
            )
        else:
            values.update(surveillance_anchor_date=values["issue_date"], surveillance_done=0)
        return values

    def action_issue(self):
        res = super().action_issue()
        self._surveillance_schedule()
        return res

    def _surveillance_programme(self, anchor=None, done=0):
        """The surveillances still to come in this certificate's cycle (``lib/certificates``), counted from
        ``anchor`` (default: its surveillance anchor): the one programme the daily job and billing read."""
        self.ensure_one()
        scheme = self.scheme_id
        anchor = anchor or self.surveillance_anchor_date
        if not anchor:
            return []
        return certificates.planned_surveillances(
            anchor,
            scheme.validity_months,
            scheme.surveillance_interval_months,
            scheme.surveillance_window_months,
            expiry=self.expiry_date,
            done=done,
        )

    def _surveillance_schedule(self):
        """Set the next surveillance window from the anchor (none left in the cycle: no window)."""
        for cert in self:
            values = {
                "surveillance_number": 0,
                "surveillance_due": False,
                "surveillance_window_start": False,
                "surveillance_window_end": False,
                "surveillance_reminded": 0,
            }
            programme = cert._surveillance_programme(done=cert.surveillance_done)
            if programme:
                window = programme[0]
                values.update(
                    surveillance_number=window.number,
                    surveillance_due=window.due,
                    surveillance_window_start=window.start,
                    surveillance_window_end=window.end,
                )
            cert._workflow_write(values)

    def _surveillance_window(self):
        """The current surveillance window as stored by ``_surveillance_schedule`` (None: none left)."""
        self.ensure_one()
        if not (self.surveillance_number and self.surveillance_window_start):
            return None
        return certificates.Window(
            self.surveillance_number,
            self.surveillance_due,
            self.surveillance_window_start,
            self.surveillance_window_end,
            None,
        )

    # ------------------------------------------------------------------ list filters
    def _programme_limits(self, today):
        """{scheme: (latest window opening, latest expiry)} counted as soon for the list filters."""
        return {
            scheme: (
                today + datetime.timedelta(days=scheme.surveillance_plan_days),
                dates.add_months(today, scheme.recertification_lead_months),
            )
            for scheme in self.env["cert.scheme"].with_context(active_test=False).search([])
        }

    def _compute_programme_soon(self):
        limits = self._programme_limits(fields.Date.context_today(self))
        for cert in self:
            window_limit, expiry_limit = limits.get(cert.scheme_id, (None, None))
            in_force = cert.state in certificates.IN_FORCE
            start, expiry = cert.surveillance_window_start, cert.expiry_date
            cert.surveillance_soon = bool(in_force and start and window_limit and start <= window_limit)
            cert.expiry_soon = bool(in_force and expiry and expiry_limit and expiry <= expiry_limit)

    def _search_programme_soon(self, operator, value, date_field, index):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("This filter is searched only as set or not set."))
        limits = self._programme_limits(fields.Date.context_today(self))
        domain = OR(
            [[("scheme_id", "=", scheme.id), (date_field, "<=", limit[index])] for scheme, limit in limits.items()]
        )
        domain = AND([[("state", "in", certificates.IN_FORCE), (date_field, "!=", False)], domain])
        return domain if (operator == "=") == value else ["!", *domain]

    def _search_surveillance_soon(self, operator, value):
        return self._search_programme_soon(operator, value, "surveillance_window_start", 0)

    def _search_expiry_soon(self, operator, value):
        return self._search_programme_soon(operator, value, "expiry_date", 1)
