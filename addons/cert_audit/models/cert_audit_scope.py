from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from ..lib import availability


class CertAudit(models.Model):
    """What an audit covers: the sites to visit (the headquarters and the scheme's sample of outlets) and
    its auditor-days (the scheme's standard figure, the planned one with a reason when it differs, and the
    team's)."""

    _inherit = "cert.audit"  # pylint: disable=consider-merging-classes-inherited

    site_ids = fields.Many2many(
        "cert.site",
        string="Sites to Visit",
        domain="[('application_id', '=', application_id)]",
        help="The headquarters always; service outlets sampled per the scheme, those not visited yet first.",
    )
    sampled_outlet_count = fields.Integer(
        "Outlets to Sample", compute="_compute_sampled_outlet_count", help="Per the scheme's sampling rule."
    )
    hq_city = fields.Char("HQ City", compute="_compute_hq_city")
    days_standard = fields.Float(
        "Standard Auditor-Days",
        digits=(5, 1),
        compute="_compute_days_standard",
        store=True,
        help="From the scheme's auditor-day table for the audit type, the headcount and the sampled outlets.",
    )
    days_planned = fields.Float(
        "Planned Auditor-Days",
        digits=(5, 1),
        compute="_compute_days_planned",
        store=True,
        readonly=False,
        tracking=True,
        help="The standard figure unless the planner changes it, with a reason.",
    )
    days_adjust_reason = fields.Text("Reason for Adjusting the Days", tracking=True)
    days_team = fields.Float("Team Auditor-Days", digits=(5, 1), compute="_compute_days_team", store=True)

    # ------------------------------------------------------------------ computes
    @api.depends("scheme_id", "audit_type", "outlet_count")
    def _compute_sampled_outlet_count(self):
        for audit in self:
            audit.sampled_outlet_count = (
                audit.scheme_id.sampled_outlets(audit.outlet_count, audit.audit_type) if audit.scheme_id else 0
            )

    @api.depends("application_id.site_ids.city", "application_id.site_ids.site_type")
    def _compute_hq_city(self):
        for audit in self:
            hq = audit.application_id.site_ids.filtered(lambda s: s.site_type == "hq" and s.active)[:1]
            audit.hq_city = hq.city or audit.partner_id.city or False

    @api.depends("scheme_id", "audit_type", "application_id.employee_count", "application_id.outlet_count")
    def _compute_days_standard(self):
        for audit in self:
            app = audit.application_id
            audit.days_standard = (
                audit.scheme_id.auditor_days(app.employee_count, app.outlet_count, audit.audit_type)
                if audit.scheme_id
                else 0.0
            )

    @api.depends("days_standard")
    def _compute_days_planned(self):
        for audit in self:
            audit.days_planned = audit.days_standard

    def _counted_days(self):
        """Auditor-days the team actually spent: the lead, auditors and experts (observers do not count)."""
        self.ensure_one()
        return sum(m.days for m in self.member_ids if m.role in availability.COMPETENT_ROLES)

    @api.depends("member_ids.days")
    def _compute_days_team(self):
        for audit in self:
            audit.days_team = sum(audit.member_ids.mapped("days"))

    # ------------------------------------------------------------------ constraints
    @api.constrains("days_planned", "days_adjust_reason")
    def _check_days_reason(self):
        for audit in self:
            if round(audit.days_planned - audit.days_standard, 2) and not (audit.days_adjust_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(audit)s: the planned auditor-days (%(planned)s) differ from the standard figure "
                        "(%(standard)s); give the reason for the change.",
                        audit=audit.name,
                        planned=audit.days_planned,
                        standard=audit.days_standard,
                    )
                )

    @api.constrains("application_id", "site_ids")
    def _check_sites(self):
        for audit in self:
            foreign = audit.site_ids.filtered(lambda s, a=audit: s.application_id != a.application_id)
            if foreign:
                raise ValidationError(
                    self.env._(
                        "%(audit)s: the sites %(sites)s do not belong to the audited application %(application)s.",
                        audit=audit.name,
                        sites=", ".join(foreign.mapped("name")),
                        application=audit.application_id.display_name,
                    )
                )

    # ------------------------------------------------------------------ sites
    def _sample_sites(self):
        """HQ plus the scheme's sample of active outlets, those not visited earlier in the cycle first."""
        if not self:
            return
        visited = {}
        earlier = self.sudo().search(
            [
                ("application_id", "in", self.application_id.ids),
                ("state", "!=", "cancelled"),
                ("id", "not in", self.ids),
            ]
        )
        for audit in earlier.sorted(lambda a: (a.date_start or fields.Datetime.now(), a.id)):
            for site in audit.site_ids:
                visited[site.id] = visited.get(site.id, 0) + 1
        for audit in self:
            sites = audit.application_id.site_ids.filtered("active")
            hq = sites.filtered(lambda s: s.site_type == "hq")
            outlets = (sites - hq).sorted(lambda s: (visited.get(s.id, 0), s.sequence, s.id))
            audit.site_ids = [Command.set((hq | outlets[: audit.sampled_outlet_count]).ids)]

    def action_sample_sites(self):
        self._workflow_check("action_sample_sites")
        self._sample_sites()
        return True
