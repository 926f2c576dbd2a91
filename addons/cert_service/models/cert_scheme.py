from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..lib import auditor_days
from ..lib import scoring
from .cert_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
MANAGER = ("cert_service.group_cert_manager",)


class CertScheme(models.Model):
    """What a certification body certifies against: an indicator tree, levels and the scheme's rules."""

    _name = "cert.scheme"
    _description = "Certification Scheme"
    _inherit = ["cert.workflow.mixin", "mail.thread"]
    _order = "sequence, code"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True, help="Short code, e.g. GBT27922.")
    standard = fields.Char(
        translate=True, help="The normative document, as printed on certificates (e.g. GB/T 27922-2011)."
    )
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("retired", "Retired")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        help="Only active schemes can be applied for. Activation checks the maxima and the levels.",
    )
    scheme_type = fields.Selection(
        [("scored", "Scored"), ("composite", "Composite (continuity of other schemes)")],
        default="scored",
        required=True,
        help="A composite scheme (such as 十二星) is not audited on its own: a client qualifies while it "
        "holds valid certificates of the required schemes and levels at the same time.",
    )
    total_points = fields.Float(digits=(6, 2), default=100.0, required=True)
    indicator_ids = fields.One2many("cert.indicator", "scheme_id", string="All Indicators", copy=False)
    category_ids = fields.One2many(
        "cert.indicator",
        "scheme_id",
        string="Categories",
        domain=[("parent_id", "=", False)],
        copy=False,
    )
    level_ids = fields.One2many("cert.level", "scheme_id", string="Levels", copy=True)
    document_ids = fields.One2many("cert.scheme.document", "scheme_id", string="Document Checklist", copy=True)
    requirement_ids = fields.One2many("cert.scheme.requirement", "scheme_id", string="Required Certificates", copy=True)
    # Rules (domain.md §3/§8): every figure is a default the CB changes here, never a constant in code.
    validity_months = fields.Integer(default=36, required=True, help="Validity of a certificate.")
    surveillance_interval_months = fields.Integer(
        default=12, required=True, help="Maximum interval between surveillance audits."
    )
    surveillance_window_months = fields.Integer(
        default=2,
        required=True,
        help="A surveillance audit may take place this many months before or after its due date.",
    )
    surveillance_reference = fields.Selection(
        [("issue", "Certificate issue date"), ("decision", "Certification decision date")],
        default="issue",
        required=True,
        help="Date from which the first surveillance is counted (CNCA practice: the issue date).",
    )
    min_operation_months = fields.Integer(
        default=3, required=True, help="Minimum months the applicant's service system must have run before applying."
    )
    consecutive_audit_limit = fields.Integer(
        default=6, required=True, help="An auditor may not take part in more consecutive audits of the same client."
    )
    special_deduction_fail_count = fields.Integer(
        default=5,
        required=True,
        help="This many special deductions (特别扣分项) or more fail the audit whatever its score.",
    )
    # Auditor-days and outlet sampling (domain.md §5, defaults of the spec).
    auditor_day_ids = fields.One2many("cert.scheme.auditor.day", "scheme_id", string="Auditor-Day Table", copy=True)
    outlet_auditor_days = fields.Float(
        digits=(5, 2), default=0.5, help="Auditor-days added to an initial audit for each sampled outlet."
    )
    sampling_initial = fields.Float(digits=(4, 2), default=1.0, help="Initial audit: visit ⌈factor·√n⌉ of n outlets.")
    sampling_surveillance = fields.Float(digits=(4, 2), default=0.6)
    sampling_recertification = fields.Float(digits=(4, 2), default=0.8)
    surveillance_days_ratio = fields.Float(
        digits=(5, 4), default=1 / 3, help="Surveillance auditor-days as a share of the initial ones."
    )
    recertification_days_ratio = fields.Float(digits=(5, 4), default=2 / 3)
    fee_ids = fields.One2many("cert.scheme.fee", "scheme_id", string="Fee Schedule", copy=True)
    payment_grace_days = fields.Integer(
        "Payment Grace Period (days)",
        default=30,
        required=True,
        help="A certificate is not issued while an invoice of its cycle is unpaid this many days after its due "
        "date, unless finance overrides.",
    )
    indicator_count = fields.Integer(compute="_compute_points_summary")
    categories_points = fields.Float(
        digits=(6, 2),
        compute="_compute_points_summary",
        string="Sum of Categories",
        help="Sum of the categories' maxima: must equal the total before the scheme can be activated.",
    )
    points_balanced = fields.Boolean(compute="_compute_points_summary")

    _sql_constraints = [
        ("code_unique", "unique(code)", "The scheme code must be unique."),
        ("total_positive", "CHECK(total_points > 0)", "The scheme total must be positive."),
    ]

    @api.depends("category_ids.max_points", "total_points", "indicator_ids")
    def _compute_points_summary(self):
        for scheme in self:
            scheme.indicator_count = len(scheme.indicator_ids.filtered(lambda i: i.parent_id))
            scheme.categories_points = sum(scheme.category_ids.mapped("max_points"))
            scheme.points_balanced = scoring.to_decimal(scheme.categories_points) == scoring.to_decimal(
                scheme.total_points
            )

    @api.constrains(
        "validity_months",
        "surveillance_interval_months",
        "surveillance_window_months",
        "min_operation_months",
        "consecutive_audit_limit",
        "special_deduction_fail_count",
    )
    def _check_rule_figures(self):
        for scheme in self:
            if scheme.validity_months <= 0 or scheme.surveillance_interval_months <= 0:
                raise ValidationError(self.env._("The validity and the surveillance interval must be positive."))
            if min(scheme.surveillance_window_months, scheme.min_operation_months) < 0:
                raise ValidationError(
                    self.env._("The surveillance window and the minimum operation period cannot be negative.")
                )
            if scheme.consecutive_audit_limit <= 0 or scheme.special_deduction_fail_count <= 0:
                raise ValidationError(
                    self.env._(
                        "The consecutive-audit limit and the number of special deductions that fail an audit must be positive."
                    )
                )

    @api.constrains("payment_grace_days")
    def _check_payment_grace_days(self):
        for scheme in self:
            if scheme.payment_grace_days < 0:
                raise ValidationError(
                    self.env._(
                        "%(scheme)s: %(field)s cannot be negative.",
                        scheme=scheme.name,
                        field=self._fields["payment_grace_days"]._description_string(self.env),
                    )
                )

    @api.constrains(
        "outlet_auditor_days",
        "sampling_initial",
        "sampling_surveillance",
        "sampling_recertification",
        "surveillance_days_ratio",
        "recertification_days_ratio",
    )
    def _check_sampling_figures(self):
        for scheme in self:
            figures = (
                scheme.outlet_auditor_days,
                scheme.sampling_initial,
                scheme.sampling_surveillance,
                scheme.sampling_recertification,
                scheme.surveillance_days_ratio,
                scheme.recertification_days_ratio,
            )
            if min(figures) < 0:
                raise ValidationError(
                    self.env._(
                        "%s: the auditor-days per outlet, the sampling factors and the ratios cannot be negative.",
                        scheme.name,
                    )
                )

    # ------------------------------------------------------------------ auditor-days
    def _auditor_day_table(self):
        self.ensure_one()
        rows = [(row.employees_max or None, auditor_days._dec(row.days)) for row in self.auditor_day_ids]
        return rows or auditor_days.DEFAULT_TABLE

    def _check_sizes(self, *counts):
        # the pure layer raises ValueError on these: the user gets a sentence instead
        if any((count or 0) < 0 for count in counts):
            raise ValidationError(self.env._("The numbers of employees and of service outlets cannot be negative."))

    def sampled_outlets(self, outlets, audit_type="initial"):
        """How many of ``outlets`` active service outlets an audit of this type visits (HQ comes on top)."""
        self.ensure_one()
        self._check_sizes(outlets)
        factor = {
            "surveillance": self.sampling_surveillance,
            "recertification": self.sampling_recertification,
        }.get(audit_type, self.sampling_initial)
        return auditor_days.sample_size(outlets, factor)

    def auditor_days(self, employees, outlets, audit_type="initial"):
        """Planned auditor-days of an audit of ``audit_type`` for an organisation of this size.

        Raises a translated ValidationError where the pure layer refuses the figures.
        """
        self.ensure_one()
        self._check_sizes(employees, outlets)
        try:
            initial = auditor_days.initial_days(
                employees,
                self.sampled_outlets(outlets, "initial"),
                self._auditor_day_table(),
                self.outlet_auditor_days,
            )
        except ValueError as err:
            raise ValidationError(
                self.env._(
                    "The auditor-day table of %(scheme)s has no row for %(employees)s employees.",
                    scheme=self.display_name,
                    employees=employees,
                )
            ) from err
        ratio = {
            "surveillance": self.surveillance_days_ratio,
            "recertification": self.recertification_days_ratio,
        }.get(audit_type)
        return float(auditor_days.derived_days(initial, ratio) if ratio else initial)

    # ------------------------------------------------------------------ activation
    def _consistency_problems(self):
        """Translated, human-readable reasons why this scheme cannot be active."""
        self.ensure_one()
        if self.scheme_type == "composite":
            return (
                []
                if self.requirement_ids
                else [self.env._("A composite scheme needs at least one required certificate.")]
            )
        messages = {
            "no_indicators": self.env._("The scheme has no indicators."),
            "negative_max": self.env._("%(indicator)s has a negative maximum (%(max)s)."),
            "children_sum": self.env._("%(indicator)s is worth %(max)s points but its items add up to %(sum)s."),
            "total_sum": self.env._("The categories add up to %(sum)s points instead of the scheme total %(total)s."),
            "no_levels": self.env._("The scheme has no levels."),
            "levels_equal": self.env._("The levels %(first)s and %(second)s have the same minimum score."),
            "levels_stars": self.env._("The level %(second)s has fewer stars than the lower level %(first)s."),
            "level_out_of_range": self.env._(
                "The minimum score of %(level)s (%(min)s) is outside 0 to the scheme total."
            ),
        }
        try:
            problems = scoring.validate_scheme(self._scoring_indicators(), self.total_points, self._scoring_levels())
        except scoring.ScoringError as err:
            return [self._scoring_error_message(err)]
        return [messages[p.code] % p.params for p in problems]

    def _check_consistency(self):
        for scheme in self:
            problems = scheme._consistency_problems()
            if problems:
                raise ValidationError(
                    self.env._(
                        "The scheme %(scheme)s cannot be active:\n%(problems)s",
                        scheme=scheme.display_name,
                        problems="\n".join("- " + p for p in problems),
                    )
                )

    def _workflow_transitions(self):
        return {
            "action_activate": Transition(("draft", "retired"), "active", MANAGER, _lt("activate")),
            "action_retire": Transition(("draft", "active"), "retired", MANAGER, _lt("retire")),
            "action_reset_draft": Transition(("active", "retired"), "draft", MANAGER, _lt("reset to draft")),
        }

    def action_activate(self):
        self._workflow_check("action_activate")
        self._check_consistency()
        self._workflow_move("action_activate")
        return True

    def action_retire(self):
        self._workflow_move("action_retire")
        return True

    def action_reset_draft(self):
        self._workflow_move("action_reset_draft")
        return True

    def write(self, vals):
        res = super().write(vals)
        if {"total_points", "state"} & set(vals):
            self.filtered(lambda s: s.state == "active")._check_consistency()
        return res

    # ------------------------------------------------------------------ copy
    def copy_data(self, default=None):
        default = dict(default or {})
        vals_list = super().copy_data(default=default)
        if "code" not in default:
            for scheme, vals in zip(self, vals_list, strict=False):
                vals["code"] = self.env._("%s-COPY", scheme.code)
        if "name" not in default:
            for scheme, vals in zip(self, vals_list, strict=False):
                vals["name"] = self.env._("%s (copy)", scheme.name)
        return vals_list

    def copy(self, default=None):
        """Copy the scheme with its whole indicator tree (parents remapped to the copies), as a draft."""
        new_schemes = super().copy(default)
        for old, new in zip(self, new_schemes, strict=False):
            old._copy_indicator_tree(new)
        return new_schemes

    def _copy_indicator_tree(self, target):
        def children_commands(parent):
            return [
                Command.create(dict(ind.copy_data({"scheme_id": target.id})[0], child_ids=children_commands(ind)))
                for ind in parent.child_ids.sorted()
            ]

        roots = self.indicator_ids.filtered(lambda i: not i.parent_id).sorted()
        target.write(
            {
                "category_ids": [
                    Command.create(dict(root.copy_data({"scheme_id": target.id})[0], child_ids=children_commands(root)))
                    for root in roots
                ]
            }
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_active(self):
        if any(s.state == "active" for s in self):
            raise UserError(self.env._("An active scheme cannot be deleted: retire it first."))

    def action_print_scoring_sheet(self):
        return self.env.ref("cert_service.action_report_scoring_sheet").report_action(self)
