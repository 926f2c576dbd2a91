import io

import openpyxl

from odoo import models
from odoo.exceptions import UserError

from ..lib import execution


class CertAudit(models.Model):
    """The offline checklist: exported as an XLSX workbook for the auditors on site, imported back."""

    _inherit = "cert.audit"  # pylint: disable=consider-merging-classes-inherited

    def _sheet_headers(self):
        return [
            self.env._("Code"),
            self.env._("Indicator"),
            self.env._("Max"),
            self.env._("Sampled"),
            self.env._("Sample size"),
            self.env._("Non-conforming"),
            self.env._("Points"),
            self.env._("Excluded"),
            self.env._("Exclusion reason"),
            self.env._("Note"),
        ]

    def _checklist_workbook(self):
        self.ensure_one()
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = self.env._("Checklist")
        sheet.append(self._sheet_headers())
        yes = self.env._("yes")
        for line in self.score_line_ids:
            sheet.append(
                [
                    line.code or "",
                    line.name,
                    line.max_points,
                    yes if line.sampled else "",
                    line.sample_size or None if line.sampled else None,
                    line.nonconforming_count if line.sampled and line.scored else None,
                    line.points if line.scored and not line.sampled else None,
                    yes if line.excluded else "",
                    line.exclusion_reason or "",
                    line.note or "",
                ]
            )
        stream = io.BytesIO()
        book.save(stream)
        return stream.getvalue()

    def action_export_checklist(self):
        """Download the checklist as an XLSX sheet to score offline."""
        self.ensure_one()
        self.check_access("read")
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._("Checklist %s.xlsx", self.name.replace("/", "-")),
                "raw": self._checklist_workbook(),
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "self"}

    def action_open_import_checklist(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import the Filled Checklist"),
            "res_model": "cert.audit.checklist.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_audit_id": self.id},
        }

    def _import_checklist(self, content):
        """Read a filled sheet; write every line or, when any row is wrong, nothing (row-level errors)."""
        self.ensure_one()
        self._check_scoring_open()
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a file that is not XLSX
            raise UserError(self.env._("This file is not an XLSX sheet.")) from exc
        rows = [
            (number, dict(zip(execution.SHEET_COLUMNS, row, strict=False)))
            for number, row in enumerate(book.active.iter_rows(min_row=2, values_only=True), 2)
        ]
        count = self._apply_checklist_rows(rows)
        self.message_post(body=self.env._("Checklist imported from a sheet (%s rows).", count))
        return count

    def _apply_checklist_rows(self, rows):
        """Score the checklist from rows [(row number, {column: value})] (or plain dicts): all or nothing."""
        self.ensure_one()
        self._check_scoring_open()
        rows = [row if isinstance(row, list | tuple) else (number, row) for number, row in enumerate(rows, 1)]
        lines = {line.code: line for line in self.score_line_ids if line.code}
        specs = {
            code: execution.LineSpec(line.max_points, line.sampled, line.excludable) for code, line in lines.items()
        }
        yes_word = self.env._("yes").lower()
        for _number, cells in rows:
            if str(cells.get("excluded") or "").strip().lower() == yes_word:
                cells["excluded"] = "yes"
        updates, errors = execution.parse_sheet(rows, specs)
        if errors:
            raise UserError(
                self.env._("Nothing was imported:\n%s", "\n".join(self._sheet_error_message(e) for e in errors))
            )
        if not updates:
            # a sheet with its header only (or blank rows) is a mistake, not "0 rows imported"
            sheet = self.env["cert.audit.checklist.import"]._fields["file"]._description_string(self.env)
            raise UserError(
                self.env._("%(field)s has no checklist row below its header: nothing was imported.", field=sheet)
            )
        for code, values in updates.items():
            vals = {
                "note": values["note"] or False,
                "excluded": values["excluded"],
                "exclusion_reason": values.get("exclusion_reason", False),
            }
            if "points" in values:
                vals["points"] = values["points"]
            if "sample_size" in values:
                vals.update(sample_size=values["sample_size"], nonconforming_count=values["nonconforming"])
            lines[code].write(vals)
        return len(updates)

    def _sheet_error_message(self, error):
        messages = {
            "unknown_code": self.env._("Row %(row)s: %(code)s is not an indicator of this checklist."),
            "duplicate_code": self.env._("Row %(row)s: %(code)s already appears in row %(first)s."),
            "not_excludable": self.env._("Row %(row)s: %(code)s cannot be excluded in this scheme."),
            "exclusion_without_reason": self.env._("Row %(row)s: %(code)s is excluded without a reason."),
            "bad_sample": self.env._(
                "Row %(row)s: %(code)s needs at least one sampled case and 0 to that many non-conforming ones "
                "(%(nonconforming)s of %(sampled)s)."
            ),
            "out_of_range": self.env._("Row %(row)s: %(code)s: %(points)s points is outside 0 to %(max)s."),
            "not_a_number": self.env._("Row %(row)s: %(code)s: a figure is not a number."),
            "sample_required": self.env._(
                "Row %(row)s: %(code)s is a sampled indicator: give the sample size and the non-conforming count, "
                "not the points."
            ),
        }
        return messages[error.code] % dict(error.params, row=error.row)
