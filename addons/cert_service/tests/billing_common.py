from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo import fields

from .common import CertCase

#: the annual fee of the scale data below (CNY, before tax)
ANNUAL_FEE = 5000.0


def due_annual_fees(env, scheme, product, size, tag):
    """``size`` valid certificates, one client, application and contract each, whose year-2 annual fee fell
    due yesterday: the billing cron's work at scale, for its query tests and for ``bench/bench_billing.py``.

    :returns: the clients (``res.partner``), in the order of their certificates
    """
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    partners = env["res.partner"].create(
        [{"name": f"Billing Scale {tag}-{i:04d}", "is_company": True} for i in range(size)]
    )
    # a contract is made with its application's applicant: one application (certification cycle) per client
    apps = env["cert.application"].create([{"partner_id": p.id, "scheme_id": scheme.id} for p in partners])
    line = {
        "product_id": product.id,
        "name": "Annual fee",
        "milestone": "certificate_issued",
        "occurrence": "per_year",
        "price_unit": ANNUAL_FEE,
    }
    contracts = env["cert.contract"].create(
        [
            {"application_id": app.id, "partner_id": app.partner_id.id, "line_ids": [Command.create(line)]}
            for app in apps
        ]
    )
    today = fields.Date.context_today(env["cert.billing.event"])
    issued = today - timedelta(days=366)
    # States are keys: written through the model's unlocked path instead of issuing thousands of PDFs (what
    # is measured is the billing, not the issue).
    certificates = (
        env["cert.certificate"]
        ._workflow_unlocked()
        .create(
            [
                {
                    "partner_id": app.partner_id.id,
                    "application_id": app.id,
                    "scheme_id": scheme.id,
                    "name": f"SCALE-{tag}-{i:05d}",
                    "state": "valid",
                    "issue_date": issued,
                    "expiry_date": issued + timedelta(days=3 * 365),
                }
                for i, app in enumerate(apps)
            ]
        )
    )
    env["cert.billing.event"].with_context(mail_notrack=True)._register_milestones(
        certificates,
        [
            {
                "contract_id": contract.id,
                "certificate_id": cert.id,
                "milestone": "annual_fee",
                "period": "cycle/1/year/2",
                "date_due": today - timedelta(days=1),
            }
            for contract, cert in zip(contracts, certificates, strict=True)
        ],
    )
    env.flush_all()
    return partners


def plain_annual_invoices(env, product, partners, batch=200):
    """The invoices the cron makes for ``partners``, created and posted with plain ``account.move`` (what the
    billing is measured against), ``batch`` at a time as the cron does.

    :returns: the number of invoices made
    """
    Move = env["account.move"].with_context(default_move_type="out_invoice", tracking_disable=True)
    made = 0
    for start in range(0, len(partners), batch):
        moves = Move.create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": product.id, "name": "Annual fee", "quantity": 1, "price_unit": ANNUAL_FEE}
                        )
                    ],
                }
                for partner in partners[start : start + batch]
            ]
        )
        moves.action_post()
        made += len(moves)
    return made


class BillingCase(CertCase):
    """A scheme with the demo fee schedule of domain.md §9 on fee products of our own, a 6 % VAT and a
    chart of accounts; helpers to reach milestones and to read invoices.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        if not cls.env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1):
            cls.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        cls.env["ir.config_parameter"].set_param("cert_service.billing_draft_invoices", False)
        cls.vat6 = cls.env["account.tax"].create(
            {"name": "VAT 6% (test)", "amount": 6, "amount_type": "percent", "type_tax_use": "sale"}
        )

        def product(name, price):
            return cls.env["product.product"].create(
                {"name": name, "type": "service", "list_price": price, "taxes_id": [Command.set(cls.vat6.ids)]}
            )

        cls.p_app = product("Application fee (test)", 2000)
        cls.p_day = product("Audit day (test)", 3000)
        cls.p_cert = product("Certificate fee (test)", 3000)
        cls.p_annual = product("Annual fee (test)", 5000)
        cls.p_surv = product("Surveillance day (test)", 3000)
        cls.p_recert = product("Recertification day (test)", 3000)
        cls.p_travel = product("Travel (test)", 0)
        cls.fee_scheme = cls.scheme.copy({"code": "GBT27922-BILL"})
        cls.fee_scheme.action_activate()

        def fee(prod, milestone, **vals):
            return Command.create(dict({"product_id": prod.id, "milestone": milestone}, **vals))

        days = {"quantity_basis": "initial_days"}
        cls.fee_scheme.fee_ids = [
            Command.clear(),
            fee(cls.p_app, "application_accepted"),
            fee(cls.p_day, "audit_reported", **days),
            fee(cls.p_cert, "certificate_issued"),
            fee(cls.p_annual, "certificate_issued", occurrence="per_year"),
            fee(cls.p_surv, "surveillance_due", days_ratio=0.5, occurrence="per_surveillance", **days),
            fee(cls.p_recert, "recertification_accepted", days_ratio=0.6667, **days),
        ]
        cls.Event = cls.env["cert.billing.event"]
        # Bill first what other data (the demo certificates' yearly fees) has falling due, so that the
        # cron's counts in the tests are the tests' own.
        with freeze_time(fields.Date.today() + relativedelta(years=10)):
            cls.Event._cron_bill_due()

    @classmethod
    def accepted_application(cls, partner, employees=320, outlets=4):
        """An application accepted by the officer: its contract is drafted, the application fee billable.

        320 employees and 4 outlets: 4 days + 2 sampled outlets × 0.5 = 5 initial auditor-days.
        """
        sites = [Command.create({"name": "HQ", "site_type": "hq", "city": "Foshan"})]
        sites += [Command.create({"name": f"Outlet {i}", "site_type": "outlet"}) for i in range(outlets)]
        app = cls.env["cert.application"].create(
            {
                "partner_id": partner.id,
                "scheme_id": cls.fee_scheme.id,
                "employee_count": employees,
                "scope": "家用电器的售后服务:安装、维修、配件供应、投诉处理",
                "site_ids": sites,
            }
        )
        cls.submit_application(app)
        app.with_user(cls.user_officer).action_accept()
        return app

    def event(self, contract, milestone, period="once"):
        return self.Event.search(
            [("contract_id", "=", contract.id), ("milestone", "=", milestone), ("period", "=", period)]
        )

    def assertInvoice(self, move, untaxed, tax, total, lines=None):
        """The invoice's amounts to the cent, and (product, quantity, unit price) of its lines."""
        self.assertEqual(move.move_type, "out_invoice")
        self.assertEqual(move.state, "posted")
        self.assertAlmostEqual(move.amount_untaxed, untaxed, places=2)
        self.assertAlmostEqual(move.amount_tax, tax, places=2)
        self.assertAlmostEqual(move.amount_total, total, places=2)
        if lines is not None:
            got = sorted((line.product_id.id, line.quantity, line.price_unit) for line in move.invoice_line_ids)
            self.assertEqual(got, sorted((p.id, q, u) for p, q, u in lines))
