from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.lib import scoring
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.addons.cert_service.models.cert_workflow_mixin import Transition
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)
OFFICER = "cert_service.group_cert_officer"
AUDITOR = "cert_service.group_cert_auditor"


class CertSurveyBasis(models.Model):
    """The basis the call-backs and visits propose for a sampled checklist line: accepted or overridden.

    Accepting writes the sample figures on the checklist line through its own ``write`` (the line's rules and
    the ``sampled_points`` rule apply); overriding leaves the line to the auditor, with the reason.
    """

    _name = "cert.survey.basis"
    _description = "Proposed Basis from Call-backs"
    _inherit = ["cert.workflow.mixin"]
    _order = "audit_id, indicator_id"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade", index=True, readonly=True)
    indicator_id = fields.Many2one("cert.indicator", required=True, readonly=True)
    score_line_id = fields.Many2one("cert.audit.score.line", "Checklist Line", readonly=True)
    sample_size = fields.Integer("Cases", readonly=True)
    nonconforming_count = fields.Integer("Non-conforming", readonly=True)
    proposed_points = fields.Float(digits=(6, 2), compute="_compute_proposed_points")
    state = fields.Selection(
        [("proposed", "Proposed"), ("accepted", "Accepted"), ("overridden", "Overridden")],
        default="proposed",
        required=True,
        readonly=True,
    )
    override_note = fields.Text("Reason for Overriding")

    _sql_constraints = [("indicator_unique", "UNIQUE(audit_id, indicator_id)", "One basis per indicator.")]

    def _workflow_client_field(self):
        return "audit_id.partner_id"

    def _workflow_key_fields(self):
        return {"audit_id", "indicator_id", "score_line_id", "sample_size", "nonconforming_count"}

    def _workflow_transitions(self):
        return {
            "action_accept": Transition(("proposed", "overridden"), "accepted", (OFFICER, AUDITOR), _lt("accept")),
            "action_override": Transition(("proposed", "accepted"), "overridden", (OFFICER, AUDITOR), _lt("override")),
            # a new proposal (the answers changed) is proposed again
            "_survey_repropose": Transition(("proposed", "accepted", "overridden"), "proposed", (), _lt("propose")),
        }

    def _workflow_field_rules(self):
        return (
            FieldRule(
                frozenset({"override_note"}),
                ("in_progress",),
                reason=_lt("%(record)s: the audit is not running, its basis is final."),
            ),
        )

    def _workflow_rule_state(self):
        self.ensure_one()
        return self.audit_id.state

    def _workflow_rule_state_label(self, state):
        return self.env["cert.audit"]._workflow_state_label(state)

    @api.depends("sample_size", "nonconforming_count", "indicator_id.max_points")
    def _compute_proposed_points(self):
        for basis in self:
            if basis.sample_size > 0:
                basis.proposed_points = float(
                    scoring.sampled_points(basis.indicator_id.max_points, basis.sample_size, basis.nonconforming_count)
                )
            else:
                basis.proposed_points = 0.0

    def action_accept(self):
        for basis in self:
            basis.audit_id._survey_check_team(self.env._("accept a proposed basis"), ("in_progress",))
            if not basis.score_line_id:
                raise UserError(self.env._("%s is not on the audit's checklist.", basis.indicator_id.display_name))
            # the checklist line's own write: its field rules, its checks and the sampled_points rule
            basis.score_line_id.write(
                {"sample_size": basis.sample_size, "nonconforming_count": basis.nonconforming_count}
            )
            basis._workflow_move("action_accept")
            basis.audit_id.message_post(
                body=self.env._(
                    "%(indicator)s: basis from the call-backs accepted (%(bad)s of %(cases)s non-conforming).",
                    indicator=basis.indicator_id.display_name,
                    bad=basis.nonconforming_count,
                    cases=basis.sample_size,
                )
            )
        return True

    def action_override(self):
        for basis in self:
            basis.audit_id._survey_check_team(self.env._("override a proposed basis"), ("in_progress",))
            if not (basis.override_note or "").strip():
                raise UserError(
                    self.env._("%s: say why the proposed basis is overridden.", basis.indicator_id.display_name)
                )
            basis._workflow_move("action_override")
            basis.audit_id.message_post(
                body=self.env._(
                    "%(indicator)s: basis from the call-backs overridden: %(note)s",
                    indicator=basis.indicator_id.display_name,
                    note=basis.override_note,
                )
            )
        return True
