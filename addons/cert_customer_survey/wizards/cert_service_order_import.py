import base64
import csv
import io

from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from ..lib import service_import

#: problems listed in the refusal (the rest counted)
SHOWN_PROBLEMS = 30


class CertServiceOrderImport(models.TransientModel):
    """Import the client's service orders of the period from its CSV or XLSX file: all rows or none."""

    _name = "cert.service.order.import"
    _description = "Import Service Orders"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade")
    file = fields.Binary(required=True, attachment=False)
    filename = fields.Char()
    imported_count = fields.Integer(readonly=True)

    def _problem_text(self, problem):
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

    def _read_rows(self):
        """The file's rows (lists of cell values), the header first."""
        data = base64.b64decode(self.file or b"")
        name = (self.filename or "").lower()
        if name.endswith(".xlsx") or data[:2] == b"PK":
            import openpyxl  # declared in the manifest's external dependencies

            try:
                book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            except Exception as exc:  # openpyxl raises many kinds on a broken file
                raise ValidationError(self._problem_text(service_import.Problem(0, "unreadable"))) from exc
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")  # what Chinese Excel writes as "CSV"
            except UnicodeDecodeError as exc:
                raise ValidationError(self._problem_text(service_import.Problem(0, "unreadable"))) from exc
        return list(csv.reader(io.StringIO(text)))

    def action_import(self):
        self.ensure_one()
        audit = self.audit_id
        audit._survey_check_team(self.env._("import service orders"), ("planned", "confirmed", "in_progress"))
        if audit.sample_fixed:
            raise UserError(self.env._("%s: a call is recorded, the sampled population is fixed.", audit.display_name))
        outlets = {site.name: site.id for site in audit.application_id.site_ids}
        values, problems = service_import.parse_rows(self._read_rows(), outlets)
        existing = set(audit.service_order_ids.mapped("order_ref"))
        problems += [
            service_import.Problem(number, "existing_ref", row["order_ref"])
            for number, row in enumerate(values, 2)
            if row["order_ref"] in existing
        ]
        if problems:
            lines = [self._problem_text(problem) for problem in problems[:SHOWN_PROBLEMS]]
            if len(problems) > SHOWN_PROBLEMS:
                lines.append(self.env._("… and %s more problems.", len(problems) - SHOWN_PROBLEMS))
            raise ValidationError(
                self.env._(
                    "Nothing was imported from %(file)s:\n%(problems)s",
                    file=self.filename or "",
                    problems="\n".join(lines),
                )
            )
        count = audit._survey_import_orders(values)
        self.imported_count = count
        audit.message_post(
            body=self.env._("%(count)s service orders imported from %(file)s.", count=count, file=self.filename or "")
        )
        return audit.action_view_service_orders()
