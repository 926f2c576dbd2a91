from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from ..lib import availability

#: audit states whose team a new or changed declaration is checked against
CHECKED_AUDIT_STATES = ("draft", "planned", "confirmed", "in_progress", "reported")
OFFICER = "cert_service.group_cert_officer"


class CertAuditorConflict(models.Model):
    """A declared link between an auditor and an organisation that impairs impartiality (ISO/IEC 17021-1).

    The auditor declares; a declaration only ever grows in their hands (an earlier start, a note): moving
    it to another organisation or auditor, changing its type, ending it or moving its end (the cooling-off
    period the availability rules count runs from it), and deleting it are an officer's decision, tracked
    in the chatter. Every change checks the auditor's current teams again.
    """

    _name = "cert.auditor.conflict"
    _description = "Auditor Conflict of Interest"
    _inherit = ["cert.workflow.mixin", "mail.thread"]
    _order = "auditor_id, date_to desc, id desc"

    auditor_id = fields.Many2one("cert.auditor", required=True, ondelete="cascade", index=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        required=True,
        index=True,
        tracking=True,
        help="The client or consultancy the auditor consulted for or worked at.",
    )
    conflict_type = fields.Selection(
        [("consulting", "Consulted for"), ("employment", "Worked at"), ("other", "Other link")],
        string="Type",
        required=True,
        default="consulting",
        tracking=True,
    )
    date_from = fields.Date("From", tracking=True)
    date_to = fields.Date("Until", tracking=True, help="Leave empty while the link lasts.")
    note = fields.Text(tracking=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for conflict in self:
            if conflict.date_from and conflict.date_to and conflict.date_to < conflict.date_from:
                raise ValidationError(
                    self.env._(
                        "The conflict of interest of %(auditor)s with %(partner)s ends before it starts.",
                        auditor=conflict.auditor_id.name,
                        partner=conflict.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------ guards
    def _workflow_field_rules(self):
        # what the link was and when it ended are the CB's assessment: the cooling-off period runs from the end
        return (FieldRule(frozenset({"conflict_type", "date_to"}), None, (OFFICER,)),)

    def _is_officer(self):
        return self.env.su or self.env.user.has_group("cert_service.group_cert_officer")

    def _weakening_fields(self, vals):
        """The fields of ``vals`` that would move or narrow one of these declarations (its type and end are
        officers' fields: ``_workflow_field_rules``)."""
        weakened = set(vals) & {"auditor_id", "partner_id"}
        for conflict in self:
            weakened -= {name for name in ("auditor_id", "partner_id") if vals.get(name) == conflict[name].id}
            if "date_from" in vals:
                new = fields.Date.to_date(vals["date_from"])
                if not conflict.date_from and new or (new and conflict.date_from and new > conflict.date_from):
                    weakened.add("date_from")
        return weakened

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        conflicts = super().create(vals_list)
        conflicts._flag_affected_teams()
        return conflicts

    def write(self, vals):
        if not self._is_officer():
            weakened = self._weakening_fields(vals)
            if weakened:
                raise UserError(
                    self.env._(
                        "A declaration of interest can only be extended by the auditor (%(fields)s cannot be "
                        "moved or narrowed); ask an officer.",
                        fields=", ".join(sorted(self._fields[f]._description_string(self.env) for f in weakened)),
                    )
                )
        res = super().write(vals)
        if {"auditor_id", "partner_id", "date_from", "date_to"} & set(vals):
            self._flag_affected_teams()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_by_officers_only(self):
        if not self._is_officer():
            raise UserError(self.env._("A declaration of interest can be withdrawn only by an officer."))

    # ------------------------------------------------------------------ existing teams
    def _affected_members(self):
        """Assignments of open audits that these declarations now forbid: {member: [reasons]}."""
        members = (
            self.env["cert.audit.member"]
            .sudo()
            .search(
                [
                    ("auditor_id", "in", self.auditor_id.ids),
                    ("audit_state", "in", CHECKED_AUDIT_STATES),
                    "|",
                    ("audit_id.partner_id", "in", self.partner_id.ids),
                    ("audit_id.consultancy_id", "in", self.partner_id.ids),
                ]
            )
        )
        affected = {}
        for audit in members.audit_id:
            team = members.filtered(lambda m, a=audit: m.audit_id == a)
            facts = audit._availability_facts(team.auditor_id)
            request = audit._availability_request()
            for member in team:
                found = availability.refusals(facts[member.auditor_id.id], request, member.role)
                conflicts = [r for r in found if r.code == "conflict"]
                if conflicts:
                    affected[member] = [audit._refusal_message(r, member.role) for r in conflicts]
        return affected

    def _flag_affected_teams(self):
        """A declaration is never refused; the open audits it now forbids are told, and their planner gets a
        to-do (the audit cannot be planned or started with the auditor on its team)."""
        for member, reasons in self._affected_members().items():
            # sudo: the declaring auditor may not post on the audit; the assignment is theirs (searched above)
            audit = member.audit_id.sudo()
            message = audit._team_refusal(member.auditor_id, reasons)
            audit.message_post(body=message, subtype_xmlid="mail.mt_note")
            audit.activity_schedule(
                "cert_audit.mail_activity_type_team_conflict",
                summary=self.env._("Replace %s on the team (conflict of interest)", member.auditor_id.name),
                note=message,
                user_id=(audit.user_id or self.env.user).id,
            )
