from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import FieldRule
from odoo.exceptions import ValidationError

OFFICER = "cert_service.group_cert_officer"


class CertApplication(models.Model):
    """The referring consultancy drives the revenue shares and the auditors' conflicts: it is given at intake
    (the lead's, carried over when the application is created) and changed afterwards by officers only,
    every change tracked. It is a third party, never the applicant itself."""

    _inherit = "cert.application"

    def _workflow_field_rules(self):
        return (*super()._workflow_field_rules(), FieldRule(frozenset({"consultancy_id"}), None, (OFFICER,)))

    @api.constrains("consultancy_id", "partner_id")
    def _check_consultancy_third_party(self):
        for app in self:
            if app.consultancy_id and app.consultancy_id.commercial_partner_id == app.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(application)s: the %(field)s is a third party, not the applicant %(client)s.",
                        application=app.name,
                        field=self._fields["consultancy_id"]._description_string(self.env),
                        client=app.partner_id.display_name,
                    )
                )


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # the consultancy that referred the client of the contract a line bills: what the revenue shares group by
    cert_consultancy_id = fields.Many2one(
        "res.partner",
        related="cert_contract_id.application_id.consultancy_id",
        string="Referring Consultancy",
        groups="cert_compliance.group_cert_impartiality",
    )
