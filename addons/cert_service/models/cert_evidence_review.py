from odoo import api
from odoo import fields
from odoo import models

from .cert_evidence import REVIEW_ACTIONS
from .cert_evidence import STATES

INTERNAL_ACTIONS = ("lock", "unlock")


class CertEvidenceReview(models.Model):
    """One step of an item's review history (Plone's review_history): who, when, what, why."""

    _name = "cert.evidence.review"
    _description = "Evidence Review History"
    _inherit = ["cert.workflow.mixin", "cert.evidence.security.mixin"]
    _order = "date desc, id desc"

    evidence_id = fields.Many2one("cert.evidence", required=True, ondelete="cascade", index=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user, required=True)
    action = fields.Selection(REVIEW_ACTIONS, required=True)
    from_state = fields.Selection(STATES)
    to_state = fields.Selection(STATES)
    reason = fields.Text(groups="base.group_user", help="Why: the rejection reason, the referrer, the unlock reason.")
    comment = fields.Text(compute="_compute_comment")
    version_id = fields.Many2one("cert.evidence.version", ondelete="set null")

    @api.depends("reason", "action")
    @api.depends_context("uid")
    def _compute_comment(self):
        # locks name internal records and unlocks give a manager's reason: not for the client's users
        hidden = self.env.user.share
        for step in self:
            internal = hidden and step.action in INTERNAL_ACTIONS
            step.comment = False if internal else step.sudo().reason

    def _workflow_client_field(self):
        return "evidence_id.partner_id"

    def _cert_permission_domain(self, operation):
        return self._cert_evidence_child_domain(operation)
