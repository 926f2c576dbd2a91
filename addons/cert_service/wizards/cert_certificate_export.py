import base64
import csv
import io

import xlsxwriter

from odoo import fields
from odoo import models
from odoo.exceptions import UserError

#: domain.md §12, in this order; the header is in Chinese first, the platform's language
COLUMNS = [
    ("number", "证书编号 Certificate number"),
    ("organisation", "组织名称 Organisation"),
    ("credit_code", "统一社会信用代码 Unified social credit code"),
    ("address", "地址 Address"),
    ("scheme", "认证依据 Scheme / standard"),
    ("scope", "认证范围 Scope"),
    ("level", "等级 Level"),
    ("issue_date", "颁证日期 Issue date"),
    ("expiry_date", "有效期至 Expiry date"),
    ("status", "证书状态 Status"),
    ("status_date", "状态日期 Status date"),
    ("reason", "原因 Reason"),
]
EVENT_STATES = [
    ("valid", "Issued or restored"),
    ("suspended", "Suspended"),
    ("withdrawn", "Withdrawn"),
    ("cancelled", "Cancelled"),
    ("expired", "Expired"),
    ("superseded", "Superseded"),
]


class CertCertificateExport(models.TransientModel):
    """Certificate events of a period for the national certification information platform (domain.md §12)."""

    _name = "cert.certificate.export"
    _description = "National Platform Export"

    date_from = fields.Date(required=True, default=lambda self: fields.Date.context_today(self).replace(day=1))
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    include_valid = fields.Boolean("Issued / restored", default=True)
    include_suspended = fields.Boolean("Suspended", default=True)
    include_withdrawn = fields.Boolean("Withdrawn", default=True)
    include_cancelled = fields.Boolean("Cancelled", default=True)
    include_expired = fields.Boolean("Expired", default=True)
    include_superseded = fields.Boolean("Superseded", default=True)
    csv_file = fields.Binary("CSV", readonly=True, attachment=False)
    csv_name = fields.Char(readonly=True)
    xlsx_file = fields.Binary("XLSX", readonly=True, attachment=False)
    xlsx_name = fields.Char(readonly=True)
    row_count = fields.Integer(readonly=True)

    def _states(self):
        return [code for code, _label in EVENT_STATES if self[f"include_{code}"]]

    def _rows(self):
        """One row per status change in the period, with the certificate's facts as issued."""
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The period ends before it starts."))
        states = self._states()
        if not states:
            raise UserError(self.env._("Choose at least one status to report."))
        events = self.env["cert.certificate.status"].search(
            [("date", ">=", self.date_from), ("date", "<=", self.date_to), ("to_state", "in", states)],
            order="date, id",
        )
        labels = dict(self.env["cert.certificate"]._fields["state"]._description_selection(self.env))
        return [self._event_row(event, labels) for event in events]

    def _columns(self):
        """``[(key, header)]`` of the export, in order (an addon keeping the layout as data overrides it)."""
        return COLUMNS

    def _event_row(self, event, labels):
        """The cells (key → text) of one status change, with the certificate's facts as issued."""
        cert = event.certificate_id
        return {
            "number": cert.name,
            "organisation": cert.partner_name or cert.partner_id.name,
            "credit_code": cert.credit_code or "",
            "address": (cert.partner_address or "").replace("\n", " "),
            "scheme": " ".join(filter(None, [cert.standard, cert.scheme_id.name])),
            "scope": cert.scope or "",
            "level": cert.level_id.name or "",
            "issue_date": fields.Date.to_string(cert.issue_date) if cert.issue_date else "",
            "expiry_date": fields.Date.to_string(cert.expiry_date) if cert.expiry_date else "",
            "status": labels[event.to_state],
            "status_date": fields.Date.to_string(event.date),
            "reason": event.reason_id.name or event.note or "",
        }

    def _csv(self, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        columns = self._columns()
        writer.writerow([title for _key, title in columns])
        for row in rows:
            writer.writerow([row[key] for key, _title in columns])
        # BOM so that spreadsheet software opens the Chinese text as UTF-8
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def _xlsx(self, rows):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet("certificates")
        bold = book.add_format({"bold": True})
        columns = self._columns()
        for col, (_key, title) in enumerate(columns):
            sheet.write(0, col, title, bold)
        for line, row in enumerate(rows, start=1):
            for col, (key, _title) in enumerate(columns):
                sheet.write_string(line, col, str(row[key]))
        book.close()
        return buffer.getvalue()

    def action_export(self):
        self.ensure_one()
        rows = self._rows()
        stem = f"certificates_{self.date_from}_{self.date_to}"
        self.write(
            {
                "csv_file": base64.b64encode(self._csv(rows)),
                "csv_name": f"{stem}.csv",
                "xlsx_file": base64.b64encode(self._xlsx(rows)),
                "xlsx_name": f"{stem}.xlsx",
                "row_count": len(rows),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
