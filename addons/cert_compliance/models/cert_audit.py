from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from ..lib import audit_basis

#: CNCA's codes of the audit mode (审核方式), as the reporting platform takes them
AUDIT_MODES = [
    ("FS01", "FS01 On-site audit"),
    ("FS02", "FS02 Remote audit"),
    ("FS03", "FS03 On-site and remote combined"),
]


class CertAudit(models.Model):
    """The audit's mode (on site, remote, combined, with the remote means) and the factors its standard
    auditor-days were computed from, recorded with the figure and printed on the audit report."""

    _inherit = "cert.audit"

    audit_mode = fields.Selection(AUDIT_MODES, required=True, default="FS01", tracking=True, index=True)
    remote_means = fields.Text(tracking=True, help="How the remote part is run: video platform, shared documents, etc.")
    days_basis_employees = fields.Integer(
        "Employees Counted", compute="_compute_days_basis", store=True, help="Headcount the table row was read for."
    )
    days_basis_outlets = fields.Integer("Active Outlets Counted", compute="_compute_days_basis", store=True)
    days_basis_sampled = fields.Integer(
        "Outlets in the Initial Figure",
        compute="_compute_days_basis",
        store=True,
        help="Sampled outlets (initial-audit sampling) whose auditor-days add to the table row.",
    )
    days_basis_table_row = fields.Char("Auditor-Day Table Row", compute="_compute_days_basis", store=True)
    days_basis_table_days = fields.Float(
        "Days of the Table Row", digits=(5, 1), compute="_compute_days_basis", store=True
    )
    days_basis_outlet_days = fields.Float(
        "Days for Sampled Outlets", digits=(5, 2), compute="_compute_days_basis", store=True
    )
    days_basis_ratio = fields.Float(
        "Share of the Initial Days",
        digits=(5, 4),
        compute="_compute_days_basis",
        store=True,
        help="1 for an initial audit; the scheme's ratio for a surveillance or a recertification.",
    )

    def _report_days_adjustments(self):
        """The adjustments printed on the audit report, for whoever may read the audit (a decision maker,
        the team): the report states what the planned days rest on."""
        self.ensure_one()
        self.check_access("read")
        # sudo: the caller reads this audit (checked above); the adjustment lines are the officers' to edit,
        # not secret from the audit's readers
        return self.env["cert.audit.days.adjustment"].sudo().search([("audit_id", "=", self.id)])

    def action_view_days_adjustments(self):
        """The officers' list of this audit's auditor-day adjustments."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cert_compliance.action_cert_audit_days_adjustment")
        action["domain"] = [("audit_id", "=", self.id)]
        action["context"] = {"default_audit_id": self.id}
        return action

    def _planning_fields(self):
        return super()._planning_fields() | {"audit_mode", "remote_means"}

    @api.depends("scheme_id", "audit_type", "application_id.employee_count", "application_id.outlet_count")
    def _compute_days_basis(self):
        for audit in self:
            scheme, app = audit.scheme_id, audit.application_id
            if not scheme:
                audit.update(
                    {
                        "days_basis_employees": 0,
                        "days_basis_outlets": 0,
                        "days_basis_sampled": 0,
                        "days_basis_table_row": False,
                        "days_basis_table_days": 0.0,
                        "days_basis_outlet_days": 0.0,
                        "days_basis_ratio": 0.0,
                    }
                )
                continue
            sampled = scheme.sampled_outlets(app.outlet_count, "initial")
            try:
                low, high, days = audit_basis.table_row(app.employee_count, scheme._auditor_day_table())
            except ValueError as err:
                raise ValidationError(
                    self.env._(
                        "The auditor-day table of %(scheme)s has no row for %(employees)s employees.",
                        scheme=scheme.display_name,
                        employees=app.employee_count,
                    )
                ) from err
            row = (
                self.env._("%(low)s–%(high)s employees: %(days)s days", low=low, high=high, days=days)
                if high is not None
                else self.env._("%(low)s employees or more: %(days)s days", low=low, days=days)
            )
            ratio = {
                "surveillance": scheme.surveillance_days_ratio,
                "recertification": scheme.recertification_days_ratio,
            }.get(audit.audit_type, 1.0)
            audit.update(
                {
                    "days_basis_employees": app.employee_count,
                    "days_basis_outlets": app.outlet_count,
                    "days_basis_sampled": sampled,
                    "days_basis_table_row": row,
                    "days_basis_table_days": float(days),
                    "days_basis_outlet_days": sampled * scheme.outlet_auditor_days,
                    "days_basis_ratio": ratio,
                }
            )

    def _remote_means_problems(self):
        problems = []
        labels = dict(self._fields["audit_mode"]._description_selection(self.env))
        for audit in self:
            if audit_basis.needs_remote_means(audit.audit_mode) and not (audit.remote_means or "").strip():
                problems.append(
                    self.env._(
                        "%(audit)s is audited %(mode)s: say which remote means are used (Remote Means).",
                        audit=audit.display_name,
                        mode=labels[audit.audit_mode],
                    )
                )
        return problems

    def _check_remote_means(self):
        # checked when the plan goes to the client and when the audit starts: the mode and its means are
        # part of the audit plan (and of what is reported to CNCA)
        problems = self._remote_means_problems()
        if problems:
            raise UserError("\n".join(problems))

    def action_plan(self):
        self._check_remote_means()
        return super().action_plan()

    def action_start(self):
        self._check_remote_means()
        return super().action_start()

    def _apply_days_adjustments(self):
        """Planned days = standard + adjustments; the reason lists them (written with the officer's rights)."""
        labels = dict(self.env["cert.audit.days.adjustment"]._fields["factor"]._description_selection(self.env))
        Adjustment = self.env["cert.audit.days.adjustment"]
        for audit in self:
            lines = Adjustment.search([("audit_id", "=", audit.id)])
            try:
                total, _missing = audit_basis.adjusted(audit.days_standard, [(a.days, a.reason) for a in lines])
            except ValueError as err:
                raise ValidationError(
                    self.env._("%s: the adjustments take the auditor-days below zero.", audit.display_name)
                ) from err
            reason = "\n".join(f"{a.days:+g} ({labels[a.factor]}): {a.reason.strip()}" for a in lines)
            audit.write({"days_planned": float(total), "days_adjust_reason": reason or False})
