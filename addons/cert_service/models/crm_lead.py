from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from .cert_application import ENTERPRISE_TYPES


class CrmLead(models.Model):
    _inherit = "crm.lead"

    cert_scheme_id = fields.Many2one(
        "cert.scheme", string="Certification Scheme", domain=[("state", "=", "active")], tracking=True
    )
    cert_enterprise_type = fields.Selection(ENTERPRISE_TYPES, string="Enterprise Type")
    cert_outlet_count = fields.Integer("Service Outlets")
    cert_employee_count = fields.Integer("Employees")
    cert_consultancy_id = fields.Many2one("res.partner", string="Referring Consultancy")
    cert_application_ids = fields.One2many("cert.application", "lead_id", string="Certification Applications")
    cert_application_count = fields.Integer(compute="_compute_cert_application_count")

    @api.depends("cert_application_ids")
    def _compute_cert_application_count(self):
        data = self.env["cert.application"]._read_group([("lead_id", "in", self.ids)], ["lead_id"], ["__count"])
        counts = {lead.id: count for lead, count in data}
        for lead in self:
            lead.cert_application_count = counts.get(lead.id, 0)

    @api.constrains("cert_outlet_count", "cert_employee_count")
    def _check_cert_counts(self):
        for lead in self:
            if lead.cert_outlet_count < 0 or lead.cert_employee_count < 0:
                raise ValidationError(
                    self.env._("%s: the numbers of employees and of service outlets cannot be negative.", lead.name)
                )

    def _cert_applicant(self):
        """The applicant company: the lead's company partner, created from the lead when missing."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        if not partner:
            if not (self.partner_name or self.contact_name):
                raise UserError(
                    self.env._("Give the enterprise's name on %s before creating an application.", self.name)
                )
            partner = self._create_customer().commercial_partner_id
            self.partner_id = partner
        if not partner.is_company:
            partner.is_company = True
        return partner

    def action_cert_create_application(self):
        """Create the certification application from this opportunity, with everything the lead knows."""
        self.ensure_one()
        self.env["cert.application"].check_access("create")
        if not self.cert_scheme_id:
            raise UserError(self.env._("Choose the certification scheme on %s first.", self.name))
        partner = self._cert_applicant()
        hq = {
            "name": partner.name,
            "site_type": "hq",
            "street": partner.street,
            "city": partner.city,
            "state_id": partner.state_id.id,
            "country_id": partner.country_id.id,
            "zip": partner.zip,
        }
        app = self.env["cert.application"].create(
            {
                "partner_id": partner.id,
                "scheme_id": self.cert_scheme_id.id,
                "enterprise_type": self.cert_enterprise_type or "production",
                "employee_count": self.cert_employee_count,
                "declared_outlet_count": self.cert_outlet_count,
                "consultancy_id": self.cert_consultancy_id.id,
                "lead_id": self.id,
                "user_id": self.user_id.id or self.env.uid,
                "team_id": self.team_id.id,
                "site_ids": [fields.Command.create(hq)],
            }
        )
        if self.type == "lead":
            self.convert_opportunity(partner)
        self.message_post(body=self.env._("Certification application %s created.", app._get_html_link()))
        app.message_post(body=self.env._("Created from the opportunity %s.", self._get_html_link()))
        return app.get_formview_action()

    def action_cert_view_applications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cert_service.action_cert_application")
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id}
        if self.cert_application_count == 1:
            action.update(view_mode="form", res_id=self.cert_application_ids.id, views=[(False, "form")])
        return action

    def _cert_move_to_stage(self, stage_xmlid):
        """Follow the application in the pipeline (only leads of the certification team, never backwards)."""
        stage = self.env.ref(stage_xmlid, raise_if_not_found=False)
        for lead in self.filtered(lambda lead: lead.active and stage):
            if lead.stage_id.sequence < stage.sequence:
                lead.stage_id = stage
