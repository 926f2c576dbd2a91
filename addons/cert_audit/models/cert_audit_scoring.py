from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import float_round
from odoo.tools import html_escape
from odoo.tools.translate import LazyTranslate

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
