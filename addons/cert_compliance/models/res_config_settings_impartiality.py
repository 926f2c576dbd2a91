from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from ..lib import impartiality


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cert_impartiality_threshold = fields.Float(
        "Consultancy Revenue Warning (%)",
        config_parameter="cert_compliance.impartiality_threshold",
        default=impartiality.DEFAULT_THRESHOLD,
        help="The CB manager is warned when the clients one consultancy referred bring more than this share of "
        "the CB's revenue over the last twelve months (posted invoices net of credit notes).",
    )

    @api.constrains("cert_impartiality_threshold")
    def _check_cert_impartiality_threshold(self):
        for settings in self:
            if not 0 <= settings.cert_impartiality_threshold <= 100:
                raise ValidationError(
                    self.env._(
                        "%s is a percentage: between 0 and 100.",
                        self._fields["cert_impartiality_threshold"]._description_string(self.env),
                    )
                )
