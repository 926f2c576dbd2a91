from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

CHANNELS = [("outlet", "Outlet Visit"), ("hotline", "Hotline Call")]


class CertMysteryVisit(models.Model):
    """A mystery-shopping visit (暗访) of an outlet or a call to the hotline: questionnaire, times and evidence.

    Its photos and recordings are evidence items of the certification cycle (the evidence store's rules apply:
    linking one locks it).
    """

    _name = "cert.mystery.visit"
    _description = "Mystery Shopping Visit"
    _inherit = ["cert.workflow.mixin", "cert.evidence.referrer.mixin", "mail.thread"]
    _order = "audit_id, visit_start desc, id"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade", index=True)
    application_id = fields.Many2one(related="audit_id.application_id", string="Certification Cycle")
    audit_state = fields.Selection(related="audit_id.state", string="Audit State")
    channel = fields.Selection(CHANNELS, required=True, default="outlet")
    site_id = fields.Many2one("cert.site", "Outlet", domain="[('application_id', '=', application_id)]")
    visit_start = fields.Datetime("Started", required=True, default=fields.Datetime.now)
    visit_end = fields.Datetime("Ended")
    visitor_id = fields.Many2one("res.users", "Visited By", default=lambda self: self.env.user, readonly=True)
    note = fields.Text()
    user_input_id = fields.Many2one("survey.user_input", string="Questionnaire", readonly=True)
    evidence_folder_id = fields.Many2one(
        "cert.evidence.folder",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The folder of the visit's photos and recordings in the certification cycle (the audit's team adds "
        "to it while the audit runs; the client does not read it).",
    )
    done = fields.Boolean("Questionnaire Done", readonly=True)

    def _workflow_client_field(self):
        return "audit_id.partner_id"

    def _workflow_key_fields(self):
        # evidence_folder_id: the evidence store's rules give the audit's team the right to add items there
        return {"audit_id", "user_input_id", "done", "visitor_id", "evidence_folder_id"}

    def _workflow_create_fields(self):
        return {"audit_id"}

    @api.depends("site_id", "channel", "visit_start")
    def _compute_display_name(self):
        labels = dict(self._fields["channel"]._description_selection(self.env))
        for visit in self:
            where = visit.site_id.name if visit.channel == "outlet" else labels["hotline"]
            visit.display_name = f"{where or ''} {fields.Datetime.to_string(visit.visit_start) or ''}".strip()

    @api.constrains("visit_start", "visit_end", "channel", "site_id", "audit_id")
    def _check_visit(self):
        for visit in self:
            if visit.visit_end and visit.visit_end < visit.visit_start:
                raise ValidationError(self.env._("A visit cannot end before it starts."))
            if visit.channel == "outlet" and not visit.site_id:
                raise ValidationError(self.env._("An outlet visit names the outlet visited."))
            if visit.site_id and visit.site_id.application_id != visit.audit_id.application_id:
                raise ValidationError(self.env._("%s is not a site of the audited application.", visit.site_id.name))
            if visit.evidence_ids.filtered(lambda item, visit=visit: item.application_id != visit.application_id):
                raise ValidationError(self.env._("The evidence of a visit is evidence of the audited cycle."))

    @api.model_create_multi
    def create(self, vals_list):
        audits = self.env["cert.audit"].browse([vals.get("audit_id") for vals in vals_list if vals.get("audit_id")])
        audits._survey_check_team(self.env._("record a mystery visit"), ("in_progress",))
        visits = super().create(vals_list)
        visits.audit_id._survey_invalidate()
        return visits

    def write(self, vals):
        if set(vals) - {"message_main_attachment_id"}:
            self.audit_id._survey_check_team(self.env._("change a mystery visit"), ("in_progress",))
        return super().write(vals)

    def action_open_questionnaire(self):
        self.ensure_one()
        audit = self.audit_id
        audit._survey_check_team(self.env._("record a mystery visit"), ("in_progress",))
        if not self.user_input_id:
            survey = audit.scheme_id.mystery_survey_id
            if not survey:
                raise UserError(
                    self.env._("The scheme %s has no mystery visit questionnaire.", audit.scheme_id.display_name)
                )
            # sudo: the team member of the running audit (checked above) opens the visit's answer
            answer = survey.sudo()._create_answer(
                user=self.env.user, check_attempts=False, cert_audit_id=audit.id, cert_visit_id=self.id
            )
            self._workflow_sudo_write({"user_input_id": answer.id})
        return self.user_input_id._cert_open_action()

    def action_add_evidence(self):
        """Add a photo or a recording of the visit (the wizard stores it as evidence of the audited cycle)."""
        self.ensure_one()
        self.audit_id._survey_check_team(self.env._("add evidence to a mystery visit"), ("in_progress",))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add a Photo or Recording"),
            "res_model": "cert.mystery.visit.evidence",
            "view_mode": "form",
            "target": "new",
            "context": {"default_visit_id": self.id},
        }

    def _survey_evidence_folder(self):
        """The visit's evidence folder in the cycle, created with the first item (as superuser)."""
        self.ensure_one()
        self.audit_id._survey_check_team(self.env._("add evidence to a mystery visit"), ("in_progress",))
        if not self.evidence_folder_id:
            cycle = self.audit_id.application_id.sudo().evidence_folder_id
            if not cycle:
                raise UserError(self.env._("%s has no evidence folder.", self.audit_id.application_id.display_name))
            # sudo: the audit's team of the running audit (checked above) files the visit's evidence in a folder
            # of the cycle that nobody owns (the evidence store's managers keep it); the folder is the visit's key
            folder = (
                self.env["cert.evidence.folder"]
                .sudo()
                ._workflow_unlocked()
                .create(
                    {
                        "name": self.env._("Mystery visit: %s", self.display_name),
                        "kind": "other",
                        "parent_id": cycle.id,
                        "partner_id": cycle.partner_id.id,
                        "application_id": cycle.application_id.id,
                        "owner_id": False,
                        # hidden from the client: a mystery visit is not announced to the client it checks
                        "mystery_visit_folder": True,
                    }
                )
            )
            self._workflow_sudo_write({"evidence_folder_id": folder.id})
        return self.evidence_folder_id

    def _survey_record_done(self):
        for visit in self:
            values = {"done": True}
            if not visit.visit_end:
                values["visit_end"] = fields.Datetime.now()
            visit._workflow_sudo_write(values)
