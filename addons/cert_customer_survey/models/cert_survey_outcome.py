from odoo import fields
from odoo import models


class CertSurveyOutcome(models.Model):
    """One response (call-back or visit) judged on one indicator: what the per-outlet results add up.

    Carries no identity: it outlives the erasure of the customers' personal data.
    """

    _name = "cert.survey.outcome"
    _description = "Call-back and Visit Result"
    _inherit = ["cert.workflow.mixin"]
    _order = "audit_id, site_id, indicator_id, id"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade", index=True, readonly=True)
    site_id = fields.Many2one("cert.site", "Outlet", readonly=True, index=True)
    indicator_id = fields.Many2one("cert.indicator", required=True, readonly=True, index=True)
    source = fields.Selection([("callback", "Call-back"), ("mystery", "Mystery Visit")], required=True, readonly=True)
    sample_line_id = fields.Many2one("cert.service.sample.line", readonly=True, ondelete="set null")
    visit_id = fields.Many2one("cert.mystery.visit", readonly=True, ondelete="set null")
    nonconforming = fields.Boolean("Non-conforming", readonly=True)
    case_count = fields.Integer("Cases", default=1, readonly=True)
    nonconforming_count = fields.Integer("Non-conforming Cases", readonly=True)

    def _workflow_client_field(self):
        return "audit_id.partner_id"

    def _workflow_key_fields(self):
        return set(self._fields) - set(models.MAGIC_COLUMNS) - {"display_name"}
