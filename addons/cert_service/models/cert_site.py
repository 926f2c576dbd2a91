from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class CertSite(models.Model):
    """A place of the certified organisation: its headquarters or a service outlet (服务网点)."""

    _name = "cert.site"
    _description = "Certification Site"
    _inherit = ["cert.workflow.mixin"]
    _order = "application_id, site_type, sequence, id"

    application_id = fields.Many2one("cert.application", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        related="application_id.partner_id",
        store=True,
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    site_type = fields.Selection(
        [("hq", "Headquarters"), ("outlet", "Service outlet")], default="outlet", required=True
    )
    street = fields.Char()
    city = fields.Char(index=True)
    state_id = fields.Many2one("res.country.state", string="Province")
    country_id = fields.Many2one("res.country")
    zip = fields.Char()
    contact_name = fields.Char()
    phone = fields.Char()
    active = fields.Boolean(default=True)

    def _workflow_client_field(self):
        return "partner_id"

    def _workflow_key_fields(self):
        # whoever sees the application sees its sites (auditors, the client): a site never moves
        return {"application_id"}

    def _workflow_create_fields(self):
        return {"application_id"}

    def _site_refusal(self):
        return ValidationError(self.env._("A site belongs to a certification application: choose the application."))

    @api.model_create_multi
    def create(self, vals_list):
        # refused here with a sentence instead of the database's NOT NULL error
        if any(not vals.get("application_id") for vals in vals_list) and not self.env.context.get(
            "default_application_id"
        ):
            raise self._site_refusal()
        return super().create(vals_list)
