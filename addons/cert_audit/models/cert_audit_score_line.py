from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.lib import scoring
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)
#: what the team enters on a line; the rest is the model's own
SCORING_FIELDS = (
    "points",
    "sample_size",
    "nonconforming_count",
    "excluded",
    "exclusion_reason",
    "note",
    "evidence_ids",
)


class CertAuditScoreLine(models.Model):
    """One line of an audit's checklist: a leaf indicator of the scheme, scored, sampled or excluded (删减)."""

    _name = "cert.audit.score.line"
    _description = "Audit Checklist Line"
    _inherit = ["cert.workflow.mixin", "cert.evidence.referrer.mixin"]
    _order = "audit_id, sequence, id"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade", index=True, readonly=True)
    indicator_id = fields.Many2one("cert.indicator", required=True, ondelete="restrict", index=True, readonly=True)
    sequence = fields.Integer(readonly=True)
    category_id = fields.Many2one("cert.indicator", readonly=True, index=True)
    code = fields.Char(related="indicator_id.code")
    name = fields.Char(related="indicator_id.name", string="Indicator Name")
    requirement = fields.Text(related="indicator_id.requirement")
    max_points = fields.Float(related="indicator_id.max_points", string="Max")
    sampled = fields.Boolean(compute="_compute_sampled", string="Sampled Indicator")
    excludable = fields.Boolean(related="indicator_id.excludable")
    audit_state = fields.Selection(related="audit_id.state", string="Audit State")
    sample_size = fields.Integer("Sampled", help="Cases sampled (records, staff, outlets…).")
    nonconforming_count = fields.Integer("Non-conforming", help="Sampled cases that did not conform.")
    points = fields.Float(
        digits=(6, 2),
        compute="_compute_points",
        store=True,
        readonly=False,
        help="Awarded points (0 to the maximum); derived from the sample for a sampled indicator.",
    )
    scored = fields.Boolean(readonly=True, help="Points were entered (0 is a score).")
    excluded = fields.Boolean("Excluded (删减)")
    exclusion_reason = fields.Text()
    note = fields.Text()
    finding_count = fields.Integer(compute="_compute_finding_count")
    to_score = fields.Boolean(compute="_compute_to_score", string="Still to Score")

    _sql_constraints = [
        ("indicator_unique", "UNIQUE(audit_id, indicator_id)", "An indicator appears once on an audit's checklist."),
    ]

    def _workflow_client_field(self):
        return "audit_id.partner_id"

    def _workflow_key_fields(self):
        return {"audit_id", "indicator_id", "sequence", "category_id", "scored"}

    def _workflow_field_rules(self):
        # the checklist is scored while the audit runs; then it is the record the decision reads
        return (
            FieldRule(
                frozenset(SCORING_FIELDS),
                ("in_progress",),
                (),
                _lt("%(record)s: the audit is not in progress, its checklist cannot be changed."),
            ),
        )

    def _workflow_rule_state(self):
        self.ensure_one()
        return self.audit_id.state

    def _workflow_rule_state_label(self, state):
        return self.env["cert.audit"]._workflow_state_label(state)

    # ------------------------------------------------------------------ computes
    @api.depends("indicator_id.assessment")
    def _compute_sampled(self):
        for line in self:
            line.sampled = line.indicator_id.assessment == "sampled"

    @api.depends("sample_size", "nonconforming_count")
    def _compute_points(self):
        for line in self:
            if line.sampled and line.sample_size > 0 and 0 <= line.nonconforming_count <= line.sample_size:
                line.points = float(scoring.sampled_points(line.max_points, line.sample_size, line.nonconforming_count))
            else:
                line.points = line.points or 0.0

    def _compute_finding_count(self):
        counts = {
            (audit.id, indicator.id): count
            for audit, indicator, count in self.env["cert.finding"]._read_group(
                [("audit_id", "in", self.audit_id.ids), ("indicator_id", "in", self.indicator_id.ids)],
                ["audit_id", "indicator_id"],
                ["__count"],
            )
        }
        for line in self:
            line.finding_count = counts.get((line.audit_id.id, line.indicator_id.id), 0)

    @api.depends("scored", "excluded")
    def _compute_to_score(self):
        for line in self:
            line.to_score = not (line.scored or line.excluded)

    @api.onchange("points", "sample_size", "nonconforming_count")
    def _onchange_scored(self):
        # In the form, so that the live score counts the line before it is saved.
        for line in self:
            line.scored = True

    # ------------------------------------------------------------------ guards
    @api.constrains("points", "sample_size", "nonconforming_count", "excluded", "exclusion_reason", "scored")
    def _check_scoring(self):
        for line in self:
            label = line.indicator_id.display_name
            if line.excluded:
                if not line.excludable:
                    raise ValidationError(self.env._("%s: the scheme does not allow excluding this indicator.", label))
                if not (line.exclusion_reason or "").strip():
                    raise ValidationError(self.env._("%s: give the reason for the exclusion (删减).", label))
                continue
            points = scoring.to_decimal(line.points)
            if points < 0 or points > scoring.to_decimal(line.max_points):
                raise ValidationError(
                    self.env._(
                        "%(indicator)s: %(points)s points is outside 0 to %(max)s.",
                        indicator=label,
                        points=f"{line.points:g}",
                        max=f"{line.max_points:g}",
                    )
                )
            if line.sampled and line.scored:
                if line.sample_size <= 0 or not 0 <= line.nonconforming_count <= line.sample_size:
                    raise ValidationError(
                        self.env._(
                            "%s: a sampled indicator needs at least one sampled case and between 0 and that "
                            "many non-conforming ones.",
                            label,
                        )
                    )
                expected = scoring.sampled_points(line.max_points, line.sample_size, line.nonconforming_count)
                if points != expected:
                    raise ValidationError(
                        self.env._("%s: the points of a sampled indicator come from the sample.", label)
                    )

    def write(self, vals):
        touched = set(vals) & set(SCORING_FIELDS)
        res = super().write(vals)
        if "evidence_ids" in vals:
            # Linking locks the items: only items the auditor may read can be linked (the client's: declared).
            self.evidence_ids.check_access("read")
        # Entering a figure scores the line (0 is a score); an exclusion withdraws it from the score.
        if vals.get("excluded"):
            self._workflow_write({"scored": False})
        elif touched & {"points", "sample_size", "nonconforming_count"}:
            self._workflow_write({"scored": True})
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_never_scored(self):
        if any(line.audit_id.state in ("in_progress", "reported", "closed") for line in self):
            raise UserError(self.env._("A checklist line of a started audit cannot be deleted; exclude it instead."))
