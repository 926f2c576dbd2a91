from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.addons.cert_service.models.cert_workflow_mixin import Transition
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..lib import impartiality

_lt = LazyTranslate(__name__)

IMPARTIALITY = "cert_compliance.group_cert_impartiality"
#: the threats ISO/IEC 17065 (§4.2, with ISO/IEC 17021-1's note) names
THREAT_TYPES = [
    ("self_interest", "Self-interest"),
    ("self_review", "Self-review"),
    ("familiarity", "Familiarity (trust)"),
    ("intimidation", "Intimidation"),
    ("advocacy", "Advocacy"),
    ("other", "Other"),
]
#: where a threat comes from (ISO/IEC 17065 §4.2.3)
SOURCES = [
    ("ownership", "Ownership"),
    ("governance", "Governance"),
    ("management", "Management"),
    ("personnel", "Personnel"),
    ("shared_resources", "Shared resources"),
    ("finances", "Finances"),
    ("contracts", "Contracts"),
    ("training", "Training"),
    ("marketing", "Marketing"),
    ("referral", "Referral commission or inducement"),
    ("consultancy", "Consultancy"),
    ("other", "Other"),
]
RATINGS = [("1", "Low"), ("2", "Medium"), ("3", "High")]
LEVELS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
STATES = [("open", "Open"), ("mitigated", "Mitigated"), ("closed", "Closed")]


class CertImpartialityThreat(models.Model):
    """A threat to the CB's impartiality (ISO/IEC 17065 §4.2): what it is, whom it concerns (a client, a
    referring consultancy, or the CB itself), how serious it is and what controls it; kept by the
    impartiality committee and the CB manager and reviewed each year."""

    _name = "cert.impartiality.threat"
    _description = "Impartiality Threat"
    _inherit = ["cert.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "state, level_sequence desc, identified_date desc, id desc"

    name = fields.Char("Threat", required=True, tracking=True)
    threat_type = fields.Selection(THREAT_TYPES, "Type", required=True, default="self_interest", tracking=True)
    source = fields.Selection(SOURCES, required=True, default="finances", tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        domain=[("is_company", "=", True)],
        help="The client the threat concerns; empty for a threat of the CB as a whole or of a consultancy only.",
    )
    consultancy_id = fields.Many2one(
        "res.partner",
        string="Referring Consultancy",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        domain=[("is_company", "=", True)],
    )
    description = fields.Text(required=True)
    likelihood = fields.Selection(RATINGS, required=True, default="2", tracking=True)
    severity = fields.Selection(RATINGS, required=True, default="2", tracking=True)
    level = fields.Selection(LEVELS, compute="_compute_level", store=True, index=True)
    level_sequence = fields.Integer(compute="_compute_level", store=True)
    controls = fields.Text("Controls and Mitigation", tracking=True)
    owner_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    state = fields.Selection(STATES, default="open", required=True, tracking=True, index=True, copy=False)
    identified_date = fields.Date("Identified On", required=True, default=fields.Date.context_today)
    next_review_date = fields.Date("Next Review", tracking=True)
    last_review_date = fields.Date("Last Reviewed", readonly=True, copy=False)
    mitigated_date = fields.Date("Mitigated On", readonly=True, copy=False)
    closed_date = fields.Date("Closed On", readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    # ------------------------------------------------------------------ declarations
    def _workflow_transitions(self):
        return {
            "action_mitigate": Transition(("open",), "mitigated", (IMPARTIALITY,), _lt("record the controls")),
            "action_close": Transition(("mitigated",), "closed", (IMPARTIALITY,), _lt("close")),
            "action_reopen": Transition(("mitigated", "closed"), "open", (IMPARTIALITY,), _lt("reopen")),
        }

    def _workflow_key_fields(self):
        return {"last_review_date", "mitigated_date", "closed_date"}

    def _workflow_field_rules(self):
        return (
            # what the threat is and whom it concerns: fixed once it is mitigated
            FieldRule(
                frozenset({"name", "threat_type", "source", "partner_id", "consultancy_id", "description"}),
                ("open",),
                (IMPARTIALITY,),
            ),
            FieldRule(
                frozenset({"likelihood", "severity", "controls", "owner_id", "next_review_date", "identified_date"}),
                ("open", "mitigated"),
                (IMPARTIALITY,),
            ),
            FieldRule(frozenset({"company_id"}), ("open",), (IMPARTIALITY,)),
        )

    def _workflow_client_field(self):
        return "partner_id"

    # ------------------------------------------------------------------ computations and checks
    @api.depends("likelihood", "severity")
    def _compute_level(self):
        order = {"low": 1, "medium": 2, "high": 3}
        for threat in self:
            if threat.likelihood and threat.severity:
                threat.level = impartiality.risk_level(int(threat.likelihood), int(threat.severity))
                threat.level_sequence = order[threat.level]
            else:
                threat.level = False
                threat.level_sequence = 0

    @api.constrains("partner_id", "consultancy_id")
    def _check_parties(self):
        for threat in self:
            client = threat.partner_id.commercial_partner_id
            if client and client == threat.consultancy_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(threat)s: the %(field)s is a third party, not the client %(client)s.",
                        threat=threat.name,
                        field=self._fields["consultancy_id"]._description_string(self.env),
                        client=client.display_name,
                    )
                )

    @api.constrains("name", "description")
    def _check_texts(self):
        for threat in self:
            for name in ("name", "description"):
                if not (threat[name] or "").strip():
                    raise ValidationError(
                        self.env._("%s cannot be blank.", self._fields[name]._description_string(self.env))
                    )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        # the register is what the accreditor reads: a threat is closed, never deleted
        if self:
            raise UserError(self.env._("An impartiality threat is never deleted: close it with its controls."))

    # ------------------------------------------------------------------ actions
    def action_mitigate(self):
        self._workflow_check("action_mitigate")
        for threat in self:
            if not (threat.controls or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(threat)s: describe the %(field)s before recording it as mitigated.",
                        threat=threat.name,
                        field=self._fields["controls"]._description_string(self.env),
                    )
                )
        self._workflow_move("action_mitigate", {"mitigated_date": fields.Date.context_today(self)})
        return True

    def action_close(self):
        self._workflow_move("action_close", {"closed_date": fields.Date.context_today(self)})
        return True

    def action_reopen(self):
        self._workflow_move("action_reopen", {"closed_date": False, "mitigated_date": False})
        return True

    def _mark_reviewed(self, review_date):
        """The committee reviewed these threats on ``review_date`` (called by the review's own action)."""
        for threat in self:
            values = {"last_review_date": review_date}
            if threat.state != "closed" and (not threat.next_review_date or threat.next_review_date <= review_date):
                values["next_review_date"] = impartiality.next_review_date(review_date, review_date)
            threat._workflow_write(values)
