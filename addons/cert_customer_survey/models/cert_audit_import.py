import csv
import io

from odoo import models
from odoo.addons.cert_service.lib import upload as upload_rules
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from ..lib import service_import

#: problems listed in the refusal (the rest counted)
SHOWN_PROBLEMS = 30
#: what a service-order file may be: the client's spreadsheet, saved as CSV or XLSX
ORDER_FILE_EXTENSIONS = "csv,xlsx"
ORDER_FILE_MIMETYPES = "text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: the states in which an audit takes service orders at all (the sample is drawn from them before the calls)
ORDER_STATES = ("planned", "confirmed", "in_progress")


class CertAudit(models.Model):
    """The audit's service orders: imported from the client's CSV or XLSX file (by the team in the wizard, or
    by the client on the portal until the sample is drawn), every row checked or none imported."""

    _inherit = "cert.audit"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ service orders
    def action_open_service_order_import(self):
        self.ensure_one()
        self._survey_check_team(self.env._("import service orders"), ("planned", "confirmed", "in_progress"))
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.service.order.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_audit_id": self.id},
        }

    def _survey_import_orders(self, values):
        """Create checked rows (``lib/service_import.py``) as the audit's service orders, in batches; returns how many."""
        self.ensure_one()
        self._survey_check_team(self.env._("import service orders"), ("planned", "confirmed", "in_progress"))
        # sudo: the team or an officer of the audit (checked above) imports; the orders carry personal data
        # that nobody but the import writes
        Order = self.env["cert.service.order"]._workflow_unlocked().sudo().with_context(mail_notrack=True)
        for start in range(0, len(values), 5000):
            Order.create([dict(row, audit_id=self.id) for row in values[start : start + 5000]])
        self._survey_invalidate()
        return len(values)

    # ------------------------------------------------------------------ import of the client's service-order file
    def _survey_import_file(self, data, filename, author=None):
        """Import the service orders of one CSV or XLSX file (its bytes): every row or none; returns the count.

        The file is checked as the evidence store checks an upload (a clean name, the size limit of the
        settings, content that really is CSV or XLSX), then every row (``lib/service_import.py``); any problem
        refuses the whole file with a ``ValidationError`` naming each bad row. The callers (the wizard, the
        portal) check who imports into this audit and that it takes orders now, under ``_survey_lock``.
        """
        self.ensure_one()
        self._survey_check_order_file(data, filename)
        # sudo: the references of the audit's orders only, to refuse an order imported twice (the callers
        # checked the importer; the portal's client does not read the orders themselves)
        existing = {
            row["order_ref"]
            for row in self.env["cert.service.order"].sudo().search_read([("audit_id", "=", self.id)], ["order_ref"])
        }
        outlets = {site.name: site.id for site in self.sudo().application_id.site_ids}
        values, problems = service_import.parse_rows(self._survey_read_rows(data, filename), outlets, None, existing)
        if problems:
            lines = [self._survey_problem_text(problem) for problem in problems[:SHOWN_PROBLEMS]]
            if len(problems) > SHOWN_PROBLEMS:
                lines.append(self.env._("… and %s more problems.", len(problems) - SHOWN_PROBLEMS))
            raise ValidationError(
                self.env._(
                    "Nothing was imported from %(file)s:\n%(problems)s", file=filename or "", problems="\n".join(lines)
                )
            )
        count = self._survey_import_orders(values)
        self.message_post(
            body=self.env._("%(count)s service orders imported from %(file)s.", count=count, file=filename or ""),
            author_id=(author or self.env.user.partner_id).id,
        )
        return count

    def _survey_check_order_file(self, data, filename):
        settings = self.env["res.config.settings"]
        policy = upload_rules.UploadPolicy.from_settings(
            ORDER_FILE_EXTENSIONS, ORDER_FILE_MIMETYPES, settings._cert_param("cert_evidence_max_size_mb")
        )
        try:
            upload_rules.check_upload(data, filename, policy)
        except upload_rules.UploadError as error:
            if error.code in ("extension", "content", "mismatch"):
                raise ValidationError(
                    self.env._("%s is not a CSV or XLSX file: save the spreadsheet as one of them.", filename)
                ) from None
            raise ValidationError(self.env["cert.evidence"]._cert_upload_message(error)) from None

    def _survey_problem_text(self, problem):
        column_labels = {
            "customer_name": self.env._("customer"),
            "customer_phone": self.env._("phone"),
            "service_date": self.env._("date"),
            "outlet": self.env._("outlet"),
            "service_type": self.env._("service type"),
            "order_ref": self.env._("order reference"),
        }
        value = column_labels.get(problem.value, problem.value)
        texts = {
            "empty": self.env._("the file has no service orders"),
            "missing_column": self.env._("the column %s is missing", value),
            "missing": self.env._("the %s is empty", value),
            "bad_date": self.env._("%s is not a date (use YYYY-MM-DD)", value),
            "outside_period": self.env._("%s is outside the period", value),
            "bad_phone": self.env._("%s is not a phone number", value),
            "unknown_outlet": self.env._("%s is not a site of the application", value),
            "duplicate_ref": self.env._("the order reference %s appears twice", value),
            "existing_ref": self.env._("the order reference %s is imported already", value),
            "unreadable": self.env._("the file cannot be read as CSV or XLSX"),
        }
        text = texts[problem.code]
        return self.env._("Row %(row)s: %(problem)s", row=problem.row, problem=text) if problem.row else text

    def _survey_read_rows(self, data, filename):
        """The file's rows (lists of cell values), the header first."""
        if (filename or "").lower().endswith(".xlsx"):
            import openpyxl  # declared in the manifest's external dependencies

            try:
                book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            except Exception as exc:  # openpyxl raises many kinds on a broken file
                raise ValidationError(self._survey_problem_text(service_import.Problem(0, "unreadable"))) from exc
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")  # what Chinese Excel writes as "CSV"
            except UnicodeDecodeError as exc:
                raise ValidationError(self._survey_problem_text(service_import.Problem(0, "unreadable"))) from exc
        return list(csv.reader(io.StringIO(text)))

    # ------------------------------------------------------------------ the client's portal upload
    def _survey_takes_client_orders(self):
        """The client uploads orders until the sample is drawn: the sample is drawn from what was received."""
        self.ensure_one()
        # sudo: whether a draw exists, not what it holds (the client never reads the sample)
        drawn = self.env["cert.service.sample.draw"].sudo().search_count([("audit_id", "=", self.id)], limit=1)
        return self.state in ORDER_STATES and not drawn

    def _portal_import_service_orders(self, files):
        """The client's portal user uploads its service orders of the period ([(file name, bytes)], one file)."""
        self.ensure_one()
        self.check_access("read")  # the record rules: an audit of the user's own company
        user = self.env.user
        if not user._is_portal() or user.partner_id.commercial_partner_id != self.partner_id.commercial_partner_id:
            raise AccessError(self.env._("Only the audited client uploads its service orders here."))
        if len(files) != 1:
            raise UserError(self.env._("Choose one CSV or XLSX file of your service orders."))
        self._survey_lock()
        if not self._survey_takes_client_orders():
            raise UserError(
                self.env._(
                    "%s takes no more service orders: the call-back sample is drawn from those received.",
                    self.name,
                )
            )
        filename, raw = files[0]
        # sudo: the audit's own client (checked above) adds orders to an audit that takes them; the orders (personal
        # data) and the audit's chatter are not the portal user's to write, and the file is checked row by row
        return self.sudo()._survey_import_file(raw, filename, author=user.partner_id)
