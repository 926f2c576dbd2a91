import io

import openpyxl

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import float_round
from odoo.tools import html_escape
from odoo.tools.translate import LazyTranslate

from ..lib import execution

_lt = LazyTranslate(__name__)
#: the refusal of a change of what the score reads (special items) once the audit is no longer scored
SCORING_CLOSED = _lt("%(record)s: the audit is not in progress, its score and special items cannot be changed.")

#: keys of the execution part of an audit
EXECUTION_KEYS = {"report_attachment_id", "repeat_audit_required"}
#: who reads the checklist, the special deductions and the findings of an audit (their access lists)
EXECUTION_READERS = "cert_service.group_cert_officer,cert_service.group_cert_auditor,cert_service.group_cert_decision"
#: who reads the decisions on an audit
DECISION_READERS = "cert_service.group_cert_decision,cert_service.group_cert_officer"


class CertAudit(models.Model):
    """Audit execution: the checklist and its score, special items, findings, the report and the decisions."""

    _inherit = "cert.audit"

    # the execution rows are read by those their access lists name (finance bills the audit, it does not
    # read its checklist): each one2many says so, so that every reader of the audit reads it whole
    score_line_ids = fields.One2many(
        "cert.audit.score.line", "audit_id", string="Checklist", copy=False, groups=EXECUTION_READERS
    )
    special_deduction_ids = fields.One2many(
        "cert.audit.special.deduction", "audit_id", string="Special Deductions", copy=False, groups=EXECUTION_READERS
    )
    special_bonus = fields.Boolean("Special Bonus (特别加分项)", copy=False, tracking=True)
    special_bonus_reason = fields.Text("Justification of the Special Bonus", copy=False)
    # the client reads its findings (and answers them from the portal)
    finding_ids = fields.One2many(
        "cert.finding", "audit_id", string="Findings", copy=False, groups=f"{EXECUTION_READERS},base.group_portal"
    )
    decision_ids = fields.One2many("cert.decision", "audit_id", string="Decisions", copy=False, groups=DECISION_READERS)
    finding_count = fields.Integer(compute="_compute_finding_count", groups=f"{EXECUTION_READERS},base.group_portal")
    score_complete = fields.Boolean("Fully Scored", compute="_compute_score", store=True)
    score_to_do = fields.Integer("Lines Still to Score", compute="_compute_score", store=True)
    score_awarded = fields.Float("Points Awarded", digits=(6, 2), compute="_compute_score", store=True)
    score_applicable = fields.Float("Applicable Points", digits=(6, 2), compute="_compute_score", store=True)
    score = fields.Float(digits=(5, 1), compute="_compute_score", store=True, tracking=True, aggregator=False)
    proposed_level_id = fields.Many2one("cert.level", string="Level Proposed", compute="_compute_score", store=True)
    score_failure = fields.Selection(
        [("below_minimum", "Below the lowest level"), ("special_deductions", "Too many special deductions")],
        compute="_compute_score",
        store=True,
    )
    score_error = fields.Char(compute="_compute_score", store=True)
    score_summary = fields.Html(
        "Category Subtotals", compute="_compute_score_summary", sanitize=False, groups=EXECUTION_READERS
    )
    report_attachment_id = fields.Many2one("ir.attachment", string="Audit Report", readonly=True, copy=False)
    repeat_audit_required = fields.Boolean(
        readonly=True, copy=False, tracking=True, help="A major finding stayed open too long: repeat the on-site audit."
    )

    def _workflow_key_fields(self):
        return super()._workflow_key_fields() | EXECUTION_KEYS

    def _workflow_field_rules(self):
        # the special bonus counts in the score: set while the audit is scored
        bonus = frozenset({"special_bonus", "special_bonus_reason"})
        return (*super()._workflow_field_rules(), FieldRule(bonus, ("in_progress",), (), SCORING_CLOSED))

    # ------------------------------------------------------------------ score (the one implementation)
    def _score_inputs(self):
        self.ensure_one()
        lines = self.score_line_ids
        awarded = {line.indicator_id.id: line.points for line in lines if line.scored and not line.excluded}
        excluded = [line.indicator_id.id for line in lines if line.excluded]
        return awarded, excluded, len(self.special_deduction_ids), self.special_bonus

    @api.depends(
        "score_line_ids.points",
        "score_line_ids.scored",
        "score_line_ids.excluded",
        "special_deduction_ids",
        "special_bonus",
        "scheme_id",
    )
    def _compute_score(self):
        for audit in self:
            values = {
                "score_complete": False,
                "score_to_do": len(audit.score_line_ids.filtered(lambda line: not (line.scored or line.excluded))),
                "score_awarded": 0.0,
                "score_applicable": 0.0,
                "score": 0.0,
                "proposed_level_id": False,
                "score_failure": False,
                "score_error": False,
            }
            if audit.scheme_id and audit.score_line_ids:
                awarded, excluded, deductions, bonus = audit._score_inputs()
                try:
                    result = audit.scheme_id.compute_score(awarded, excluded, deductions, bonus)
                except ValidationError as err:
                    values["score_error"] = err.args[0]
                else:
                    values.update(score_awarded=float(result.awarded), score_applicable=float(result.applicable))
                    if result.complete:
                        values.update(
                            score_complete=True,
                            score=float(result.score),
                            proposed_level_id=result.level.id,
                            score_failure=result.failure or False,
                        )
            audit.update(values)

    @api.depends("score_line_ids.points", "score_line_ids.excluded", "score_line_ids.scored")
    def _compute_score_summary(self):
        for audit in self:
            rows = []
            for category in audit.score_line_ids.category_id:
                lines = audit.score_line_ids.filtered(lambda line, c=category: line.category_id == c)
                applicable = lines.filtered(lambda line: not line.excluded)
                rows.append(
                    "<tr><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%s</td><td class='text-end'>%s</td></tr>"
                    % (
                        html_escape(category.display_name),
                        float_round(sum(applicable.filtered("scored").mapped("points")), 2),
                        float_round(sum(applicable.mapped("max_points")), 2),
                        len(lines.filtered("to_score")),
                    )
                )
            audit.score_summary = (
                "<table class='table table-sm'><thead><tr><th>%s</th><th class='text-end'>%s</th>"
                "<th class='text-end'>%s</th><th class='text-end'>%s</th></tr></thead><tbody>%s</tbody></table>"
                % (
                    self.env._("Category"),
                    self.env._("Awarded"),
                    self.env._("Applicable"),
                    self.env._("To score"),
                    "".join(rows),
                )
                if rows
                else False
            )

    @api.depends("finding_ids")
    def _compute_finding_count(self):
        counts = dict(self.env["cert.finding"]._read_group([("audit_id", "in", self.ids)], ["audit_id"], ["__count"]))
        for audit in self:
            audit.finding_count = counts.get(audit, 0)

    @api.constrains("special_bonus", "special_bonus_reason")
    def _check_special_bonus(self):
        for audit in self:
            if audit.special_bonus and not (audit.special_bonus_reason or "").strip():
                raise ValidationError(self.env._("%s: justify the special bonus (特别加分项).", audit.name))

    def _check_scoring_open(self):
        for audit in self:
            if audit.state != "in_progress":
                raise UserError(
                    self.env._("%s is not in progress: its score and special items cannot be changed.", audit.name)
                )

    # ------------------------------------------------------------------ checklist
    def _create_score_lines(self):
        """One line per leaf indicator of the scheme (sub-items where an indicator has them)."""
        commands = []
        for audit in self.filtered(lambda a: not a.score_line_ids and a.scheme_id.scheme_type == "scored"):
            indicators = audit.scheme_id.indicator_ids
            parents = indicators.parent_id
            leaves = (indicators - parents).sorted(lambda i: self._indicator_path_key(i))
            for seq, indicator in enumerate(leaves, 1):
                category = indicator.parent_id.parent_id or indicator.parent_id or indicator
                commands.append(
                    {"audit_id": audit.id, "indicator_id": indicator.id, "sequence": seq, "category_id": category.id}
                )
        if commands:
            self.env["cert.audit.score.line"]._workflow_unlocked().create(commands)

    @api.model
    def _indicator_path_key(self, indicator):
        """Tree order: (sequence, id) of each ancestor from the category down."""
        key = []
        while indicator:
            key.insert(0, (indicator.sequence, indicator.id))
            indicator = indicator.parent_id
        return key

    def action_start(self):
        res = super().action_start()
        self._create_score_lines()
        return res

    def _report_problems(self):
        self.ensure_one()
        problems = []
        if self.score_error:
            problems.append(self.score_error)
        todo = self.score_line_ids.filtered("to_score")
        if todo:
            problems.append(
                self.env._("Still to score: %s.", ", ".join(todo.mapped(lambda line: line.code or line.name)))
            )
        with_finding = set(self.finding_ids.indicator_id.ids)
        for line in self.score_line_ids.filtered(lambda ln: ln.scored and not ln.excluded):
            below = float_round(line.points, 2) < float_round(line.max_points, 2)
            if below and not (line.note or "").strip() and line.indicator_id.id not in with_finding:
                problems.append(
                    self.env._(
                        "%s is scored below its maximum: give a note or raise a finding.",
                        line.indicator_id.display_name,
                    )
                )
        return problems

    def action_report(self):
        # The move itself (and its state check) is the audit's own; the checklist must be complete first.
        scored = self.filtered(lambda a: a.score_line_ids and a.state == "in_progress")
        scored._check_ready(
            lambda audit: audit._report_problems(), self.env._("%(record)s cannot be reported yet:\n%(problems)s")
        )
        res = super().action_report()
        scored._attach_report()
        return res

    def _attach_report(self):
        report = self.env["ir.actions.report"]
        # Called right after the move to "reported": the report belongs to the audit, whoever reported it.
        for audit in self:
            content, report_type = report._render_qweb_pdf("cert_audit.action_report_cert_audit", audit.ids)
            pdf = report_type == "pdf"
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": "%s.%s" % (audit.name.replace("/", "-"), "pdf" if pdf else "html"),
                        "raw": content,
                        "mimetype": "application/pdf" if pdf else "text/html",
                        "res_model": audit._name,
                        "res_id": audit.id,
                    }
                )
            )
            audit._workflow_write({"report_attachment_id": attachment.id})
            audit.message_post(body=self.env._("Audit report attached."), attachment_ids=attachment.ids)

    # ------------------------------------------------------------------ offline checklist (XLSX)
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

    # ------------------------------------------------------------------ views
    def action_view_findings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cert_audit.action_cert_finding")
        action["domain"] = [("audit_id", "=", self.id)]
        action["context"] = {"default_audit_id": self.id}
        return action

    def action_new_decision(self):
        self.ensure_one()
        decision = self.decision_ids.filtered(lambda d: d.state == "draft")[:1] or self.env["cert.decision"].create(
            {"audit_id": self.id, "level_id": self.proposed_level_id.id}
        )
        return decision.get_formview_action()

    def _report_lines_by_category(self):
        """For the report: [(category, lines)] in the checklist's order."""
        self.ensure_one()
        return [
            (category, self.score_line_ids.filtered(lambda line, c=category: line.category_id == c))
            for category in self.score_line_ids.category_id
        ]
