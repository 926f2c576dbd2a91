import hashlib
import json

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import Transition
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..lib import execution

_lt = LazyTranslate(__name__)

DECISION_GROUP = "cert_service.group_cert_decision"
#: what a decision maker edits while the decision is a draft
DRAFT_FIELDS = {"outcome", "level_id", "reasons", "decision_date"}
#: the partial unique index (``init``) that keeps one decision in force per audit
IN_FORCE_INDEX = "cert_decision_one_in_force_per_audit"


class CertDecision(models.Model):
    """The certification decision on an audit (评定): grant at a level, refuse or defer — by someone independent."""

    _name = "cert.decision"
    _description = "Certification Decision"
    _inherit = ["cert.workflow.mixin", "cert.sequence.mixin", "mail.thread", "mail.activity.mixin"]
    _cert_sequence_code = "cert.decision"
    _order = "id desc"

    audit_id = fields.Many2one(
        "cert.audit",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        domain="[('state', 'in', ('reported', 'closed'))]",
    )
    application_id = fields.Many2one(related="audit_id.application_id", store=True, index=True)
    partner_id = fields.Many2one(related="audit_id.partner_id", store=True, index=True, string="Client")
    scheme_id = fields.Many2one(related="audit_id.scheme_id", store=True, index=True)
    company_id = fields.Many2one(related="audit_id.company_id", store=True, index=True)
    audit_score = fields.Float(related="audit_id.score", string="Audit Score")
    proposed_level_id = fields.Many2one(related="audit_id.proposed_level_id", string="Level Proposed")
    outcome = fields.Selection(
        [("grant", "Grant"), ("refuse", "Refuse"), ("defer", "Defer")], required=True, default="grant", tracking=True
    )
    level_id = fields.Many2one(
        "cert.level", string="Level Granted", domain="[('scheme_id', '=', scheme_id)]", tracking=True
    )
    reasons = fields.Text(tracking=True)
    decision_date = fields.Date(default=fields.Date.context_today, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("superseded", "Superseded")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False, index=True)
    superseded_by_id = fields.Many2one("cert.decision", readonly=True, copy=False)
    manifest = fields.Text("Evidence Manifest", readonly=True, copy=False, help="Canonical JSON.")
    manifest_sha256 = fields.Char("Manifest SHA-256", readonly=True, copy=False, size=64, index=True)
    manifest_check_date = fields.Datetime("Manifest Checked On", readonly=True, copy=False)
    manifest_check_ok = fields.Boolean("Manifest Intact", readonly=True, copy=False)
    manifest_check_result = fields.Text("Manifest Check", readonly=True, copy=False)

    _sql_constraints = [
        # the partial unique index made by init(); declared here for its message (Odoo's RPC layer shows it)
        (
            "one_in_force_per_audit",
            "",
            "An audit has one decision in force: a new decision on it is confirmed only once the decision in "
            "force is superseded.",
        ),
    ]

    def init(self):
        # Two decision makers confirming their own drafts on one audit at the same moment both pass the
        # Python checks; only the database sees both.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON cert_decision (audit_id) WHERE state = 'confirmed'",
                SQL.identifier(IN_FORCE_INDEX),
            )
        )

    def _workflow_transitions(self):
        return {
            "action_confirm": Transition(("draft",), "confirmed", (DECISION_GROUP,), _lt("confirm")),
            "action_supersede": Transition(("confirmed",), "superseded", (DECISION_GROUP,), _lt("supersede")),
        }

    def _workflow_client_field(self):
        return "partner_id"

    def _workflow_key_fields(self):
        return {
            "audit_id",
            "decided_by_id",
            "superseded_by_id",
            "manifest",
            "manifest_sha256",
            "manifest_check_date",
            "manifest_check_ok",
            "manifest_check_result",
        }

    def _workflow_create_fields(self):
        return {"audit_id"}

    # ------------------------------------------------------------------ CRUD
    def write(self, vals):
        if set(vals) & DRAFT_FIELDS and not self._workflow_is_unlocked():
            for decision in self:
                if decision.state != "draft":
                    raise UserError(
                        self.env._(
                            "%s is confirmed: a decision never changes; take a new decision, which supersedes it.",
                            decision.name,
                        )
                    )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(decision.state != "draft" for decision in self):
            raise UserError(self.env._("A confirmed decision cannot be deleted."))

    # ------------------------------------------------------------------ independence and readiness
    def _independence_problems(self, user):
        """Why ``user`` may not decide: on the team of this audit or of any audit of the same cycle."""
        self.ensure_one()
        # Read as superuser: a decision maker is bound by the teams of the whole cycle, seen or not.
        audits = (
            self.env["cert.audit"]
            .sudo()
            .search([("application_id", "=", self.audit_id.application_id.id), ("state", "!=", "cancelled")])
        )
        problems = []
        for audit in audits:
            members = audit.member_ids.filtered(lambda m, u=user: m.user_id == u)
            if members:
                role = dict(members[0]._fields["role"]._description_selection(self.env))[members[0].role]
                problems.append(
                    self.env._(
                        "%(user)s was %(role)s of the audit %(audit)s of this certification cycle: the decision must "
                        "be taken by someone who was not on the team.",
                        user=user.name,
                        role=role,
                        audit=audit.name,
                    )
                )
        return problems

    def _grant_problems(self):
        self.ensure_one()
        audit = self.audit_id
        problems = []
        if audit.state not in ("reported", "closed"):
            problems.append(self.env._("The audit %s is not reported.", audit.name))
        if self.outcome != "grant":
            if not (self.reasons or "").strip():
                problems.append(self.env._("Give the reasons of a refusal or a deferral."))
            return problems
        if not self.level_id:
            problems.append(self.env._("Choose the level granted."))
        elif not audit.proposed_level_id:
            problems.append(self.env._("The audit's score reaches no level: it cannot be granted."))
        elif self.level_id.scheme_id != audit.scheme_id or self.level_id.min_score > audit.proposed_level_id.min_score:
            problems.append(
                self.env._(
                    "The level %(level)s is above the level the score reaches (%(proposed)s).",
                    level=self.level_id.name,
                    proposed=audit.proposed_level_id.name,
                )
            )
        for finding in audit.finding_ids:
            if finding.severity == "major" and finding.state != "closed":
                problems.append(self.env._("The major finding %s is not closed.", finding.name))
            elif finding.severity == "minor" and finding.state not in ("action_accepted", "closed"):
                problems.append(self.env._("The minor finding %s has no accepted corrective action.", finding.name))
        return problems

    # ------------------------------------------------------------------ transitions
    def action_confirm(self):
        """Confirm: independent decision maker, grant conditions met; freeze the evidence manifest."""
        self._workflow_check("action_confirm")
        for decision in self:
            independence = decision._independence_problems(self.env.user)
            if independence:
                raise AccessError("\n".join(independence))
        self._check_ready(lambda d: d._grant_problems(), self.env._("%(record)s cannot be confirmed:\n%(problems)s"))
        for decision in self:
            previous = self.search(
                [("audit_id", "=", decision.audit_id.id), ("state", "=", "confirmed"), ("id", "!=", decision.id)]
            )
            previous._check_supersede(decision)
            previous._workflow_move("action_supersede", {"superseded_by_id": decision.id})
            # written before the new decision's state: the index sees the previous one out of force
            previous.flush_recordset(["state"])
            manifest = decision._build_manifest()
            decision._workflow_move(
                "action_confirm",
                {
                    "decided_by_id": self.env.uid,
                    "decision_date": decision.decision_date or fields.Date.context_today(self),
                    "manifest": execution.canonical_manifest(manifest).decode(),
                    "manifest_sha256": execution.manifest_digest(manifest),
                },
            )
            decision._flush_in_force()
            decision.message_post(
                body=self.env._(
                    "Decision confirmed by %(user)s; evidence manifest SHA-256 %(sha)s.",
                    user=self.env.user.name,
                    sha=decision.manifest_sha256,
                )
            )
        self._on_confirmed()
        return True

    def _supersede_problems(self):
        """Translated reasons why this decision in force cannot be superseded by a new decision on its audit
        (the certificates addon refuses once the certificate it led to was issued)."""
        self.ensure_one()
        return []

    def _check_supersede(self, successor):
        """The condition of ``action_supersede``: refuse the successor while a decision in force may not go."""
        for decision in self:
            problems = decision._supersede_problems()
            if problems:
                raise UserError(
                    self.env._(
                        "%(audit)s already has a decision in force, %(decision)s; %(new)s cannot supersede it:"
                        "\n%(problems)s",
                        audit=decision.audit_id.display_name,
                        decision=decision.name,
                        new=successor.name,
                        problems="\n".join("- " + p for p in problems),
                    )
                )

    def _flush_in_force(self):
        """Write this decision's state now: a translated refusal when another decision on the audit was
        confirmed in a transaction committed meanwhile (the index refuses the second one)."""
        if self._workflow_flush_refused(IN_FORCE_INDEX):
            raise ValidationError(
                self.env._(
                    "Another decision on %(audit)s was confirmed at the same moment: an audit has one decision in "
                    "force, %(decision)s stays a draft.",
                    audit=self[:1].audit_id.display_name,
                    decision=self[:1].name,
                )
            )

    def _on_confirmed(self):
        """Hook called once the decisions are confirmed (the certificates addon issues the certificate)."""
        return True

    # ------------------------------------------------------------------ evidence manifest
    def _manifest_referrers(self):
        self.ensure_one()
        return self.audit_id.score_line_ids, self.audit_id.finding_ids

    def _build_manifest(self):
        """For every checklist line and finding: the evidence items and the versions they rested on."""
        self.ensure_one()
        lines, findings = self._manifest_referrers()
        # Read as superuser, after the confirmation checks: the manifest lists what the team relied on,
        # whatever the decision maker may open.
        references = (
            self.env["cert.evidence.reference"]
            .sudo()
            .search(
                [
                    "|",
                    "&",
                    ("res_model", "=", lines._name),
                    ("res_id", "in", lines.ids),
                    "&",
                    ("res_model", "=", findings._name),
                    ("res_id", "in", findings.ids),
                ],
                order="res_model, res_id, evidence_id, id",
            )
        )
        labels = {(line._name, line.id): line.code or line.name for line in lines}
        labels.update({(finding._name, finding.id): finding.name for finding in findings})
        entries = []
        for ref in references:
            version = ref.version_id or ref.evidence_id.current_version_id
            entries.append(
                {
                    "model": ref.res_model,
                    "record": ref.res_id,
                    "label": labels.get((ref.res_model, ref.res_id), ""),
                    "evidence": ref.evidence_id.id,
                    "version": version.id,
                    "version_number": version.version_number,
                    "file": version.name,
                    "sha256": version.sha256,
                }
            )
        return {
            "decision": self.name,
            "audit": self.audit_id.name,
            "score": self.audit_id.score,
            "outcome": self.outcome,
            "level": self.level_id.name or "",
            "entries": entries,
        }

    def action_check_manifest(self):
        """Re-hash every evidence version of the manifest; report each difference by name."""
        if not self.env.user.has_group(DECISION_GROUP) and not self.env.user.has_group(
            "cert_service.group_cert_officer"
        ):
            raise AccessError(self.env._("Only decision makers and officers can check a decision's manifest."))
        self.check_access("read")
        for decision in self:
            if not decision.manifest:
                raise UserError(self.env._("%s has no manifest yet: it is not confirmed.", decision.name))
            problems = []
            if hashlib.sha256(decision.manifest.encode()).hexdigest() != decision.manifest_sha256:
                problems.append(self.env._("The manifest itself was changed: its SHA-256 does not match."))
            entries = json.loads(decision.manifest)["entries"]
            # Checked above: the caller may read the decision; the files are read as superuser.
            versions = self.env["cert.evidence.version"].sudo().browse({e["version"] for e in entries}).exists()
            versions.attachment_id.invalidate_recordset(["raw", "datas"])
            current = {
                v.id: hashlib.sha256(v.attachment_id.raw).hexdigest() if v.attachment_id.raw else None for v in versions
            }
            for entry, found in execution.manifest_differences(entries, current):
                problems.append(
                    self.env._(
                        "%(file)s (version %(number)s, evidence #%(evidence)s, for %(label)s): expected SHA-256 "
                        "%(expected)s, found %(found)s.",
                        file=entry["file"],
                        number=entry["version_number"],
                        evidence=entry["evidence"],
                        label=entry["label"],
                        expected=entry["sha256"],
                        found=found or self.env._("no file"),
                    )
                )
            result = "\n".join(problems) or self.env._("All %s evidence versions match the manifest.", len(entries))
            decision._workflow_sudo_write(
                {
                    "manifest_check_date": fields.Datetime.now(),
                    "manifest_check_ok": not problems,
                    "manifest_check_result": result,
                }
            )
            decision.sudo().message_post(body=result)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if all(self.mapped("manifest_check_ok")) else "danger",
                "message": "\n".join(self.mapped("manifest_check_result")),
                "sticky": not all(self.mapped("manifest_check_ok")),
            },
        }
