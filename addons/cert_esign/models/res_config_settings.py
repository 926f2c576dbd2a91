import base64
import binascii

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import ValidationError

from ..lib import pades

MANAGER = "cert_service.group_cert_manager"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # The PKCS#12 file and its password are never stored, not even in the settings' own table: both are
    # non-stored fields whose inverse opens the file at once and keeps the key in the secret store only.
    cert_esign_pkcs12 = fields.Binary(
        "Signing Certificate (PKCS#12)",
        compute="_compute_esign_upload",
        inverse="_inverse_esign_upload",
        help="The .p12/.pfx file of the certification body's signing certificate and its key.",
    )
    cert_esign_pkcs12_password = fields.Char(
        "PKCS#12 Password",
        compute="_compute_esign_upload",
        inverse="_inverse_esign_upload",
    )
    cert_esign_key_id = fields.Many2one(
        "cert.esign.key", "Current Signing Certificate", compute="_compute_esign_key_id"
    )
    cert_esign_seal = fields.Image(related="company_id.cert_esign_seal", readonly=False)
    cert_esign_tsa_url = fields.Char(
        "Timestamp Authority URL",
        config_parameter="cert_esign.tsa_url",
        default=False,
        help="An RFC 3161 timestamp authority: the certificate PDFs are then signed PAdES B-T instead of B-B.",
    )
    cert_esign_check_max_size_mb = fields.Float(
        "Largest PDF to Check (MB)",
        config_parameter="cert_esign.check_max_size_mb",
        default=5.0,
        help="The public page that checks a received PDF refuses larger files.",
    )
    cert_esign_check_max_per_window = fields.Integer(
        "PDF Checks Allowed",
        config_parameter="cert_esign.check_max_per_window",
        default=20,
        help="Checks of received PDFs accepted from one client IP within the window; the next ones wait.",
    )
    cert_esign_check_window_minutes = fields.Integer(
        "PDF Check Window (minutes)",
        config_parameter="cert_esign.check_window_minutes",
        default=10,
        help="The period over which the checks of one client IP are counted.",
    )

    def _compute_esign_upload(self):
        for settings in self:
            settings.cert_esign_pkcs12 = False
            settings.cert_esign_pkcs12_password = False

    @api.depends("company_id")
    def _compute_esign_key_id(self):
        Keys = self.env["cert.esign.key"]
        for settings in self:
            settings.cert_esign_key_id = Keys.search(
                [("company_id", "=", settings.company_id.id), ("is_current", "=", True)], limit=1
            )

    def _inverse_esign_upload(self):
        for settings in self:
            if not settings.cert_esign_pkcs12:
                continue
            if not self.env.user.has_group(MANAGER):
                raise AccessError(self.env._("Only a CB manager sets the signing certificate."))
            label = self._fields["cert_esign_pkcs12"].get_description(self.env)["string"]
            try:
                data = base64.b64decode(settings.cert_esign_pkcs12, validate=True)
            except (binascii.Error, ValueError) as error:
                raise ValidationError(self.env._("%s: the file cannot be read.", label)) from error
            password = (settings.cert_esign_pkcs12_password or "").encode()
            try:
                identity = pades.open_pkcs12(data, password)
            except pades.Pkcs12Error:
                # the password is named, never repeated (nor logged)
                raise ValidationError(
                    self.env._(
                        "%s: the file cannot be opened with this password, or it holds no key and certificate.",
                        label,
                    )
                ) from None
            self.env["cert.esign.key"]._esign_install(identity, settings.company_id)
