import logging
import threading
from collections import defaultdict

from psycopg2 import errors as pg_errors

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..lib import billing
from .cert_scheme_fee import MILESTONES
from .cert_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

FINANCE = ("cert_service.group_cert_finance",)
INVOICE_STATES = [("to_invoice", "To Invoice"), ("invoiced", "Invoiced"), ("paid", "Paid")]


class CertBillingEvent(models.Model):
    """A billable milestone (计费节点) of a contract: billed exactly once.

    The key (contract, milestone, period) is unique in the database and invoicing locks the row
    (``SELECT … FOR UPDATE``), so two clicks, two workers or two cron runs never invoice it twice. The
    period says which occurrence it is: ``once``, ``audit/<id>``, ``cycle/<c>`` (the certificate of a
    cycle), ``cycle/<c>/year/<n>``, ``cycle/<c>/surveillance/<n>``. A credit note that reverses its
    invoice in full (or a cancelled invoice) makes it billable again; a partial one does not.
    """

    _name = "cert.billing.event"
    _description = "Billable Milestone"
    _inherit = ["cert.workflow.mixin", "mail.thread"]
    _order = "date_due desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    contract_id = fields.Many2one("cert.contract", required=True, ondelete="restrict", index=True, readonly=True)
    application_id = fields.Many2one(related="contract_id.application_id", store=True, index=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, index=True, string="Client")
    scheme_id = fields.Many2one(related="contract_id.scheme_id", store=True, index=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    certificate_id = fields.Many2one(
        "cert.certificate", readonly=True, index="btree_not_null", ondelete="restrict", help="The certificate it bills."
    )
    milestone = fields.Selection(MILESTONES, required=True, readonly=True, index=True)
    period = fields.Char(
        required=True,
        default="once",
        readonly=True,
        help="Which occurrence of the milestone: once, audit/…, year/n, surveillance/n.",
    )
    date_due = fields.Date("Billable From", required=True, readonly=True, index=True, default=fields.Date.today)
    state = fields.Selection(
        [("open", "Open"), ("waived", "Waived")], default="open", required=True, tracking=True, index=True
    )
    waive_reason = fields.Text(readonly=True, tracking=True)
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
        groups="account.group_account_invoice",
    )
    move_ids = fields.Many2many(
        "account.move",
        "cert_billing_event_move_rel",
        "event_id",
        "move_id",
        string="Invoices (History)",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice",
        help="Every invoice issued for the milestone, including those reversed by credit notes.",
    )
    invoice_state = fields.Selection(
        INVOICE_STATES, compute="_compute_invoice_state", store=True, index=True, string="Billing Status"
    )
    amount_untaxed = fields.Monetary("Amount (excl. VAT)", compute="_compute_amount_untaxed")

    _sql_constraints = [
        (
            "milestone_unique",
            "unique(contract_id, milestone, period)",
            "This milestone of the contract is already registered: it is billed only once.",
        ),
    ]

    def init(self):
        # The cron's and the "to invoice" list's query: open milestones not invoiced, by due date.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS cert_billing_event_due_idx ON cert_billing_event (date_due, id) "
            "WHERE state = 'open' AND invoice_state = 'to_invoice'"
        )

    # ------------------------------------------------------------------ workflow declarations
    def _workflow_transitions(self):
        return {
            "action_invoice": Transition(("open",), "open", FINANCE, _lt("invoice")),
            "action_waive": Transition(("open",), "waived", FINANCE, _lt("waive")),
            "action_reopen": Transition(("waived",), "open", FINANCE, _lt("reopen")),
        }

    def _workflow_client_field(self):
        return "partner_id"

    def _workflow_key_fields(self):
        return {
            "contract_id",
            "certificate_id",
            "milestone",
            "period",
            "date_due",
            "move_id",
            "move_ids",
            "waive_reason",
        }

    def _workflow_create_fields(self):
        return {"contract_id", "certificate_id", "milestone", "period", "date_due"}

    # ------------------------------------------------------------------ computes
    @api.depends("contract_id.name", "milestone", "period")
    def _compute_name(self):
        labels = dict(self._fields["milestone"]._description_selection(self.env))
        for event in self:
            event.name = " · ".join(
                part for part in (event.contract_id.name, labels.get(event.milestone), event._period_label()) if part
            )

    @api.depends("move_id.state", "move_id.payment_state")
    def _compute_invoice_state(self):
        for event in self:
            event.invoice_state = billing.invoice_state(event.move_id.state, event.move_id.payment_state)

    @api.depends("contract_id.line_ids", "milestone", "period")
    def _compute_amount_untaxed(self):
        for event in self:
            event.amount_untaxed = sum(v["quantity"] * v["price_unit"] for v in event._invoice_line_values())

    def _period_label(self):
        """The occurrence in words (the audit's number, the year, the surveillance)."""
        parts = (self.period or "").split("/")
        keys = dict(zip(parts[::2], parts[1::2], strict=False))  # cycle/2/year/3 → {cycle: 2, year: 3}
        if "year" in keys:
            return self.env._("year %s", keys["year"])
        if "surveillance" in keys:
            return self.env._("surveillance %s", keys["surveillance"])
        return ""

    # ------------------------------------------------------------------ registration
    @api.model
    def _register_milestones(self, source, vals_list):
        """Register the milestones ``vals_list`` (contract_id, milestone, period, date_due, …) reached by
        ``source`` (the application, audit or certificate whose transition reached them).

        Existing keys are kept as they are; milestones with nothing to bill are not registered.
        """
        vals_list = [dict(vals, period=vals.get("period") or "once") for vals in vals_list if vals.get("contract_id")]
        if not vals_list:
            return self.browse()
        # The caller moved ``source`` through its transition: it may change it, so it may register what
        # the transition made billable (the events themselves are finance's).
        source.check_access("write")
        events = self.sudo()._workflow_unlocked()
        existing = events.search([("contract_id", "in", list({v["contract_id"] for v in vals_list}))])
        keys = {(e.contract_id.id, e.milestone, e.period) for e in existing}
        missing, seen = [], set()
        for vals in vals_list:
            key = (vals["contract_id"], vals["milestone"], vals["period"])
            if key not in keys and key not in seen:
                seen.add(key)
                missing.append(vals)
        created = events.create(missing)
        empty = created.filtered(lambda e: not e._invoice_line_values())
        empty.unlink()
        for event in created - empty:
            event.contract_id.message_post(body=self.env._("Billable milestone: %s.", event.name))
        return (created - empty).with_env(self.env)

    # ------------------------------------------------------------------ invoice lines
    def _actual_days(self):
        """Auditor-days actually spent, for the milestones billed by days (cert_audit: the audit team's)."""
        self.ensure_one()
        return None

    def _contract_lines(self):
        self.ensure_one()
        return self.contract_id.line_ids.filtered(
            lambda line: billing.line_applies(self.milestone, line.milestone, line.occurrence)
        )

    def _invoice_line_values(self):
        """Values of the invoice lines of this milestone: the contract's fee lines (price from the contract,
        quantity from the actual days where the schedule says so) and, in cert_audit, the audit's expenses.
        """
        self.ensure_one()
        actual = self._actual_days()  # pylint: disable=assignment-from-none
        values = []
        for line in self._contract_lines():
            quantity = float(billing.line_quantity(line.quantity_basis, line.quantity, line.days_ratio, actual))
            if quantity:
                values.append(self._invoice_line(line.product_id, line.name, quantity, line.price_unit))
        return values

    def _invoice_line(self, product, label, quantity, price_unit):
        """One invoice line of this milestone, referencing the contract (and in cert_audit the audit)."""
        occurrence = self._period_label()
        return {
            "product_id": product.id,
            "name": f"{label} — {self.contract_id.name}" + (f" ({occurrence})" if occurrence else ""),
            "quantity": quantity,
            "price_unit": price_unit,
            "cert_billing_event_id": self.id,
            "cert_contract_id": self.contract_id.id,
            "cert_milestone": self.milestone,
            "cert_certificate_id": self.certificate_id.id,
        }

    # ------------------------------------------------------------------ invoicing
    def _lock_rows(self, skip_locked=False):
        """Lock these events' rows until the end of the transaction and return those locked.

        Without ``skip_locked`` a concurrent invoicing waits; once it commits, PostgreSQL refuses this
        transaction (repeatable read: the row changed), so it is retried and then sees the invoice.
        """
        if not self:
            return self
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM cert_billing_event WHERE id = ANY(%s) ORDER BY id FOR UPDATE%s",
                list(self.ids),
                SQL(" SKIP LOCKED") if skip_locked else SQL(""),
            )
        )
        locked = self.browse([row[0] for row in self.env.cr.fetchall()])
        locked.invalidate_recordset(["state", "move_id", "invoice_state"])
        return locked

    def _invoice(self, skip_locked=False):
        """Invoice the billable events among these: one invoice per client, company and currency.

        :return: the invoices created
        """
        events = self._lock_rows(skip_locked).filtered(lambda e: e.state == "open" and e.invoice_state == "to_invoice")
        groups = defaultdict(lambda: self.browse())
        for event in events:
            groups[(event.partner_id.commercial_partner_id, event.company_id)] |= event
        # Each group reads its contract, fee lines and invoices with the whole batch (one query per field
        # for all the events, not one per client): a union of records prefetches only its own ids.
        groups = {key: batch.with_prefetch(events._prefetch_ids) for key, batch in groups.items()}
        addresses = self._invoice_addresses(self.env["res.partner"].union(*(partner for partner, _c in groups)))
        vals_list, batches = [], []
        for (partner, company), batch in groups.items():
            lines = [Command.create(vals) for event in batch for vals in event._invoice_line_values()]
            if not lines:
                continue
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": addresses.get(partner.id, partner.id),
                    "company_id": company.id,
                    "invoice_origin": ", ".join(sorted(set(batch.contract_id.mapped("name")))),
                    "invoice_line_ids": lines,
                }
            )
            batches.append(batch)
        if not vals_list:
            return self.env["account.move"]
        moves = self.env["account.move"].with_context(default_move_type="out_invoice").create(vals_list)
        if self._auto_post():
            moves.action_post()
        # the invoices already linked, read for all the events at once (each link below reads them)
        events.fetch(["move_ids"])
        for move, batch in zip(moves, batches, strict=True):
            batch._workflow_write({"move_id": move.id, "move_ids": [Command.link(move.id)]})
        return moves

    @api.model
    def _invoice_addresses(self, partners):
        """Invoice address of each client (its first contact of type invoice, else itself), in one query."""
        children = self.env["res.partner"].search(
            [("parent_id", "in", partners.ids), ("type", "=", "invoice")], order="parent_id, id"
        )
        addresses = {}
        for child in children:
            addresses.setdefault(child.parent_id.id, child.id)
        return addresses

    def _auto_post(self):
        return not self.env["res.config.settings"]._cert_param("cert_billing_draft_invoices")

    def action_invoice(self):
        """Bill the selected milestones (finance): those already invoiced are left alone."""
        self._workflow_check("action_invoice")
        moves = self._invoice()
        # Two clicks: the second one finds the milestones invoiced and shows their invoices.
        return (moves or self.move_id)._get_records_action(name=self.env._("Invoices"))

    def action_waive(self, reason=None):
        """Finance decides not to bill the milestone (a commercial gesture, a cancelled cycle)."""
        self._workflow_move("action_waive", {"waive_reason": reason or False})
        return True

    def action_reopen(self):
        self._workflow_move("action_reopen", {"waive_reason": False})
        return True

    def action_view_invoices(self):
        self.ensure_one()
        return self.move_ids._get_records_action(name=self.env._("Invoices"))

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_bill_due(self, batch_size=200, commit=None):
        """Bill the annual and surveillance fees that fall due, in batches.

        Safe under several workers: each batch takes its rows with ``FOR UPDATE SKIP LOCKED`` and is
        committed on its own; a milestone invoiced by another run is no longer ``to_invoice``.

        :param commit: commit each batch (default: yes, except in tests)
        """
        auto_commit = not getattr(threading.current_thread(), "testing", False) if commit is None else commit
        today = fields.Date.context_today(self)
        last_id, billed, conflicts = 0, 0, 0
        while True:
            try:
                ids, count = self._cron_bill_batch(today, last_id, batch_size)
            except pg_errors.SerializationFailure:
                # Another worker billed some of these rows after our snapshot: start the batch again on a
                # fresh one, where they are no longer to invoice.
                conflicts += 1
                if not auto_commit or conflicts > 3:
                    raise
                self.env.cr.rollback()
                self.env.invalidate_all()
                continue
            if not ids:
                break
            last_id, billed = ids[-1], billed + count
            if auto_commit:
                # One transaction per batch: a failure later keeps the invoices already made.
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
        _logger.info("Certification billing cron: %s invoice(s) created", billed)
        return billed

    def _cron_bill_batch(self, today, last_id, batch_size):
        """Lock the next due events after ``last_id`` (skipping those another worker holds) and bill them.

        :return: (ids taken, invoices created)
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM cert_billing_event WHERE state = 'open' AND invoice_state = 'to_invoice' "
                "AND milestone = ANY(%s) AND date_due <= %s AND id > %s ORDER BY id LIMIT %s "
                "FOR UPDATE SKIP LOCKED",
                list(billing.SCHEDULED_MILESTONES),
                today,
                last_id,
                batch_size,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if not ids:
            return ids, 0
        return ids, len(self.browse(ids)._cron_billable()._invoice(skip_locked=True))

    def _cron_billable(self):
        """The due events the cron bills: those of valid certificates, and of suspended ones (the annual fee
        stays due while suspended). Those of a withdrawn, cancelled, expired or superseded certificate are
        waived, so that they are not looked at again.
        """
        ended = self.filtered(lambda e: e.certificate_id and e.certificate_id.state not in ("valid", "suspended"))
        for event in ended:
            # Checked: the certificate ended before the fee fell due (the cron runs as superuser).
            event.sudo()._workflow_move(
                "action_waive",
                {
                    "waive_reason": self.env._(
                        "Not billed: certificate %(certificate)s is %(state)s.",
                        certificate=event.certificate_id.name,
                        state=event.certificate_id._workflow_state_label(event.certificate_id.state),
                    )
                },
            )
        return self - ended
