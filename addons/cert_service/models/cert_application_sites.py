from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class CertApplication(models.Model):
    """The applicant's sites and headcount: the outlets counted from its sites, and the initial auditor-days
    the scheme's table derives from them (the quotation's figures)."""

    _inherit = "cert.application"  # pylint: disable=consider-merging-classes-inherited

    employee_count = fields.Integer("Employees", tracking=True)
    declared_outlet_count = fields.Integer(
        "Declared Outlets", help="Number of service outlets the applicant declared (from the CRM lead)."
    )
    site_ids = fields.One2many("cert.site", "application_id", string="Sites", context={"active_test": False})
    outlet_count = fields.Integer("Active Outlets", compute="_compute_sites", store=True)
    has_outlets = fields.Boolean(compute="_compute_sites", store=True)
    auditor_days_initial = fields.Float(
        "Initial Auditor-Days",
        digits=(5, 1),
        compute="_compute_auditor_days",
        store=True,
        help="From the scheme's auditor-day table: headcount row plus the sampled outlets.",
    )

    @api.depends("site_ids.site_type", "site_ids.active")
    def _compute_sites(self):
        for app in self:
            app.outlet_count = len(app.site_ids.filtered(lambda s: s.site_type == "outlet" and s.active))
            app.has_outlets = bool(app.outlet_count)

    @api.depends("scheme_id", "employee_count", "outlet_count")
    def _compute_auditor_days(self):
        for app in self:
            app.auditor_days_initial = (
                app.scheme_id.auditor_days(app.employee_count, app.outlet_count) if app.scheme_id else 0.0
            )

    @api.constrains("employee_count", "declared_outlet_count")
    def _check_counts(self):
        for app in self:
            if app.employee_count < 0 or app.declared_outlet_count < 0:
                raise ValidationError(
                    self.env._("%s: the numbers of employees and of service outlets cannot be negative.", app.name)
                )
