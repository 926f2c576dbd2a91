import base64
import io
import json

import xlsxwriter

from odoo import _lt
from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import Transition
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from ..lib import cnca_report
from .cert_cnca_layout import DATASET_MODELS
from .cert_cnca_layout import DATASETS

REPORTING = "cert_compliance.group_cert_reporting_officer"
#: audits the platform's audit plan and result tables take: the on-site (or remote) audits of a
#: certification cycle, not the document review, mystery shopping or the call-backs
REPORTED_AUDIT_TYPES = ("initial", "surveillance", "recertification", "special")
#: certificate status changes the certificate table takes (every one but the draft)
REPORTED_CERTIFICATE_STATES = ("valid", "suspended", "withdrawn", "cancelled", "expired", "superseded")
#: the batch's field holding the workbook of each data set
WORKBOOK_FIELDS = {"audit_plan": "plan_xlsx", "audit_result": "result_xlsx", "certificate": "certificate_xlsx"}
STATES = [("draft", "Draft"), ("prepared", "Prepared"), ("submitted", "Submitted")]


class CertCncaBatch(models.Model):
    """One month of certification activity reported to CNCA (认证认可业务信息统一上报平台): a line per audit plan,
    audit result and certificate status change, with the values as reported, and one workbook per data set.

    A record is in the batch of the month of its date when it was never reported, and again in a later
    batch when what it would report now differs from what was last reported (the SHA-256 of the reported
    cells): robust because it compares exactly what the platform receives, whatever wrote the change (a form,
    an action, a renamed partner, SQL), and ignores changes to anything not reported.
    """

    _name = "cert.cnca.batch"
    _description = "CNCA Reporting Batch"
    _inherit = ["mail.thread", "mail.activity.mixin", "cert.workflow.mixin"]
    _order = "period desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True, readonly=True
    )
    period = fields.Date("Month", required=True, index=True, readonly=True, help="The first day of the month reported.")
    due_date = fields.Date(compute="_compute_due_date", help="The platform takes the month's data until this day.")
    state = fields.Selection(STATES, "Status", default="draft", required=True, tracking=True, copy=False, index=True)
    line_ids = fields.One2many("cert.cnca.batch.line", "batch_id", string="Lines", readonly=True)
    line_count = fields.Integer(compute="_compute_counts")
    held_back = fields.Text(
        readonly=True,
        copy=False,
        help="Records left out because a required value is missing (the platform would refuse them): they go in "
        "the next batch prepared once they are complete.",
    )
    held_back_count = fields.Integer("Records Held Back", readonly=True, copy=False)
    plan_count = fields.Integer("Audit Plans", compute="_compute_counts")
    result_count = fields.Integer("Audit Results", compute="_compute_counts")
    certificate_count = fields.Integer("Certificate Changes", compute="_compute_counts")
    prepared_date = fields.Datetime("Prepared On", readonly=True, copy=False)
    prepared_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    submitted_date = fields.Datetime("Reported On", readonly=True, copy=False, tracking=True)
    submitted_by_id = fields.Many2one("res.users", "Reported By", readonly=True, copy=False, tracking=True)
    # the workbooks are fields of the batch (not attachments): read only by who reads the batch
    plan_xlsx = fields.Binary("Audit Plans (XLSX)", attachment=False, readonly=True, copy=False)
    plan_xlsx_name = fields.Char(readonly=True, copy=False)
    result_xlsx = fields.Binary("Audit Results (XLSX)", attachment=False, readonly=True, copy=False)
    result_xlsx_name = fields.Char(readonly=True, copy=False)
    certificate_xlsx = fields.Binary("Certificates (XLSX)", attachment=False, readonly=True, copy=False)
    certificate_xlsx_name = fields.Char(readonly=True, copy=False)

    _sql_constraints = [
        ("period_company_unique", "unique(company_id, period)", "There is one reporting batch per month and company."),
    ]

    # ------------------------------------------------------------------ workflow declarations
    def _workflow_transitions(self):
        return {
            "action_prepare": Transition(("draft", "prepared"), "prepared", (REPORTING,), _lt("prepare")),
            "action_submit": Transition(("prepared",), "submitted", (REPORTING,), _lt("mark as reported")),
        }

    def _workflow_key_fields(self):
        return {
            "company_id",
            "period",
            "prepared_date",
            "prepared_by_id",
            "submitted_date",
            "submitted_by_id",
            "held_back",
            "held_back_count",
            *WORKBOOK_FIELDS.values(),
            *(f"{field}_name" for field in WORKBOOK_FIELDS.values()),
        }

    def _workflow_create_fields(self):
        return {"company_id", "period"}

    # ------------------------------------------------------------------ computations
    @api.depends("period")
    def _compute_name(self):
        for batch in self:
            batch.name = self.env._("CNCA %s", batch.period.strftime("%Y-%m")) if batch.period else False

    @api.depends("period")
    @api.depends_context("uid")
    def _compute_due_date(self):
        due_day = self._due_day()
        for batch in self:
            batch.due_date = cnca_report.due_date(batch.period, due_day) if batch.period else False

    @api.depends("line_ids.dataset")
    def _compute_counts(self):
        for batch in self:
            datasets = batch.line_ids.mapped("dataset")
            batch.line_count = len(datasets)
            batch.plan_count = datasets.count("audit_plan")
            batch.result_count = datasets.count("audit_result")
            batch.certificate_count = datasets.count("certificate")

    @api.model
    def _due_day(self):
        """The settings' due day (the settings reader falls back on the default), kept within a month."""
        return min(max(self.env["res.config.settings"]._cert_param("cert_cnca_due_day"), 1), 31)

    # ------------------------------------------------------------------ create
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            if not vals.get("period"):
                raise ValidationError(self.env._("Month: choose the month the batch reports."))
            period = fields.Date.to_date(vals["period"])
            if period > fields.Date.context_today(self):
                raise ValidationError(self.env._("Month: a month that has not started cannot be reported."))
            vals["period"] = cnca_report.month_start(period)
        return super().create(vals_list)

    # ------------------------------------------------------------------ the records of the month
    def _period_end(self):
        return cnca_report.next_month(self.period)

    def _candidates(self, dataset):
        """The records of ``dataset`` dated before the end of the month (unreported ones from earlier months
        are late, not forgotten); whether they go in is decided by what was reported last."""
        self.ensure_one()
        end = fields.Datetime.to_datetime(self._period_end())
        if dataset == "audit_plan":
            return self.env["cert.audit"].search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("audit_type", "in", REPORTED_AUDIT_TYPES),
                    ("state", "not in", ("draft", "cancelled")),
                    ("date_start", "<", end),
                ],
                order="date_start, id",
            )
        if dataset == "audit_result":
            return self.env["cert.audit"].search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("audit_type", "in", REPORTED_AUDIT_TYPES),
                    ("state", "in", ("reported", "closed")),
                    ("date_end", "<", end),
                ],
                order="date_end, id",
            )
        return self.env["cert.certificate.status"].search(
            [
                ("certificate_id.company_id", "=", self.company_id.id),
                ("to_state", "in", REPORTED_CERTIFICATE_STATES),
                ("date", "<", self._period_end()),
            ],
            order="date, id",
        )

    def _last_reported(self, dataset, records):
        """Record id → the hash of its latest line in another batch."""
        lines = self.env["cert.cnca.batch.line"].search(
            [
                ("dataset", "=", dataset),
                ("res_id", "in", records.ids),
                ("batch_id", "!=", self.id),
            ],
            order="id",
        )
        return {line.res_id: line.values_hash for line in lines}

    def _line_values(self):
        """The lines of this batch: ``[{dataset, res_id, values_json, values_hash, ...}]``."""
        self.ensure_one()
        Layout = self.env["cert.cnca.layout"]
        result, held = [], []
        for dataset, _label in DATASETS:
            layout = Layout._for(dataset)
            lang = layout.lang if layout.lang in dict(self.env["res.lang"].get_installed()) else self.env.lang
            # sudo: the batch reports every audit and certificate of the company (the caller is a reporting
            # officer, checked by the action); the values leave only into the batch, readable by that role
            records = self.sudo()._candidates(dataset).with_context(lang=lang)
            last = self._last_reported(dataset, records)
            required = {c.code: c.header for c in layout._columns() if c.required}
            for record in records:
                values = layout._render(record)
                digest = cnca_report.values_hash(values)
                if last.get(record.id) == digest:
                    continue
                missing = [required[code] for code, text in values if code in required and not text]
                if missing:
                    # the platform refuses the line: held back (listed on the batch) until the record is complete
                    held.append(f"{record.display_name}: {', '.join(missing)}")
                    continue
                result.append(
                    {
                        "sequence": len(result) + 1,
                        "dataset": dataset,
                        "res_model": DATASET_MODELS[dataset],
                        "res_id": record.id,
                        "audit_id": record.id if DATASET_MODELS[dataset] == "cert.audit" else False,
                        "status_id": record.id if dataset == "certificate" else False,
                        "values_json": json.dumps(values, ensure_ascii=False),
                        "values_hash": digest,
                        "change": record.id in last,
                    }
                )
        return result, held

    # ------------------------------------------------------------------ actions
    def action_prepare(self):
        """(Re)compute the lines and the workbooks of the month; a submitted batch is never changed."""
        self._workflow_check("action_prepare")
        for batch in self:
            batch._lock()
            values, held = batch._line_values()
            # sudo: the lines and workbooks are the batch's own output, written only here, after the
            # reporting officer's check above
            batch.line_ids.sudo().unlink()
            self.env["cert.cnca.batch.line"].sudo().create([dict(v, batch_id=batch.id) for v in values])
            batch._workflow_move(
                "action_prepare",
                {
                    **batch._workbook_values(),
                    "prepared_date": fields.Datetime.now(),
                    "prepared_by_id": self.env.user.id,
                    "held_back": "\n".join(held) or False,
                    "held_back_count": len(held),
                },
            )
        return True

    def action_submit(self):
        """The reporting officer has uploaded the workbooks to the platform: the lines count as reported."""
        self._workflow_check("action_submit")
        for batch in self:
            batch._lock()
        self._workflow_move(
            "action_submit", {"submitted_date": fields.Datetime.now(), "submitted_by_id": self.env.user.id}
        )
        self.activity_feedback(["cert_compliance.mail_activity_type_cnca_report"])
        return True

    def _lock(self):
        """Row lock: two officers (or the job and an officer) never prepare or submit one batch at once."""
        self.ensure_one()
        self.flush_recordset()
        self.env.cr.execute("SELECT state FROM cert_cnca_batch WHERE id = %s FOR UPDATE SKIP LOCKED", [self.id])
        row = self.env.cr.fetchone()
        if row is None:
            raise UserError(
                self.env._("%s is being prepared or reported by someone else: try again.", self.display_name)
            )
        if row[0] == "submitted":
            raise UserError(self.env._("%s is already reported: it cannot change.", self.display_name))

    # ------------------------------------------------------------------ workbooks
    def _workbook(self, dataset):
        """The XLSX of ``dataset``: the layout's sheet name, its headers, a row per line."""
        self.ensure_one()
        layout = self.env["cert.cnca.layout"]._for(dataset)
        columns = layout._columns()
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet(layout.sheet_name[:31])
        for col, column in enumerate(columns):
            sheet.write_string(0, col, column.header)
        lines = self.line_ids.filtered(lambda line: line.dataset == dataset).sorted("sequence")
        for row, line in enumerate(lines, start=1):
            cells = dict(json.loads(line.values_json))
            for col, column in enumerate(columns):
                sheet.write_string(row, col, cells.get(column.code, ""))
        book.close()
        return buffer.getvalue()

    def _workbook_values(self):
        """The three workbooks of the batch, as the values of its fields."""
        self.ensure_one()
        month = self.period.strftime("%Y-%m")
        values = {}
        for dataset, field in WORKBOOK_FIELDS.items():
            values[field] = base64.b64encode(self._workbook(dataset))
            values[f"{field}_name"] = f"CNCA_{dataset}_{month}.xlsx"
        return values

    # ------------------------------------------------------------------ the monthly job
    @api.model
    def _responsible(self, company):
        """The company's reporting officer, else its first CB manager, else the administrator."""
        if company.cert_cnca_officer_id:
            return company.cert_cnca_officer_id
        managers = self.env.ref("cert_service.group_cert_manager").users.filtered(
            lambda u: company in u.company_ids and not u.share
        )
        return managers.sorted("id")[:1] or self.env.ref("base.user_admin", raise_if_not_found=False)

    @api.model
    def _cron_prepare(self, today=None):
        """On the 1st: prepare last month's batch of each company and give its reporting officer an activity
        due on the due day. Idempotent: a month that has a batch is left alone. Two workers never both
        create it: each takes a transaction-level advisory lock for the company and month without waiting
        (the other skips), and the unique (company, month) index refuses a second row in any case.

        :returns: the batches prepared by this worker
        """
        today = today or fields.Date.context_today(self)
        period = cnca_report.previous_month(today)
        due_day = self._due_day()
        prepared = self.browse()
        for company in self.env["res.company"].search([("active", "=", True)]):
            self.env.cr.execute(
                "SELECT pg_try_advisory_xact_lock(hashtext('cert.cnca.batch'), %s)",
                [company.id * 1000000 + period.year * 100 + period.month],
            )
            if not self.env.cr.fetchone()[0]:
                continue
            if self.search_count([("company_id", "=", company.id), ("period", "=", period)]):
                continue
            batch = self.with_company(company).create({"company_id": company.id, "period": period})
            batch.action_prepare()
            responsible = self._responsible(company)
            if responsible:
                batch.activity_schedule(
                    "cert_compliance.mail_activity_type_cnca_report",
                    date_deadline=cnca_report.due_date(period, due_day),
                    user_id=responsible.id,
                )
            prepared |= batch
        return prepared


class CertCncaBatchLine(models.Model):
    """One record as reported in a batch: the cells exactly as written to the workbook, and their hash."""

    _name = "cert.cnca.batch.line"
    _description = "CNCA Reporting Batch Line"
    _order = "batch_id, dataset, sequence, id"

    batch_id = fields.Many2one("cert.cnca.batch", required=True, ondelete="cascade", index=True)
    batch_state = fields.Selection(related="batch_id.state", store=True, string="Batch Status")
    period = fields.Date(related="batch_id.period", store=True)
    sequence = fields.Integer(default=10)
    dataset = fields.Selection(DATASETS, "Data Set", required=True, index=True)
    res_model = fields.Char("Model", required=True)
    res_id = fields.Many2oneReference("Record", model_field="res_model", required=True, index=True)
    audit_id = fields.Many2one("cert.audit", index="btree_not_null", ondelete="cascade")
    status_id = fields.Many2one("cert.certificate.status", "Status Change", index="btree_not_null", ondelete="cascade")
    values_json = fields.Text("Values as Reported", required=True)
    values_hash = fields.Char("Hash of the Values", required=True, size=64)
    change = fields.Boolean("Reported Again", help="Reported before with other values.")
    summary = fields.Char(compute="_compute_summary")

    @api.depends("values_json")
    def _compute_summary(self):
        for line in self:
            cells = json.loads(line.values_json or "[]")
            line.summary = " | ".join(text for _code, text in cells[:4])
