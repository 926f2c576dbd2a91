from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from .wizard_checks import refuse_empty_selection


class CertApplicationReject(models.TransientModel):
    _name = "cert.application.reject"
    _description = "Reject Certification Application"
    _inherit = ["cert.input.mixin"]

    application_ids = fields.Many2many("cert.application", required=True)
    # required in the view; _do_reject refuses a blank reason with a sentence (not a NOT NULL error)
    reason = fields.Text(help="Told to the applicant.")

    @api.constrains("application_ids")
    def _check_application_ids(self):
        refuse_empty_selection(self, "application_ids")

    def action_reject(self):
        if not self.application_ids:
            raise UserError(self.env._("Choose the applications to reject."))
        self.application_ids._do_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
