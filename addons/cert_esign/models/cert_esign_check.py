from odoo import api
from odoo import fields
from odoo import models

from ..lib import pades
from ..lib import verdict


class CertEsignCheck(models.Model):
    """One check of a received PDF, per client IP: the rate limit of the public "check a PDF" page.

    Only the IP and the time are kept: never the file, its name, its hash nor what it said.
    """

    _name = "cert.esign.check"
    _description = "Check of a Received Certificate PDF"
    _inherit = ["cert.portal.rate.limit"]
    _log_access = False
    _order = "checked_at desc, id desc"
    _rate_time_field = "checked_at"
    _rate_limit_setting = "cert_esign_check_max_per_window"
    _rate_window_setting = "cert_esign_check_window_minutes"

    checked_at = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _gc_checks(self):
        return self._rate_gc()

    @api.model
    def _max_bytes(self):
        megabytes = self.env["res.config.settings"]._cert_param("cert_esign_check_max_size_mb")
        return int(megabytes * 1024 * 1024)

    @api.model
    def _check_pdf(self, data):
        """The answer for the received file ``data`` (bytes, kept in memory only): checks and verdict."""
        reading = pades.read(data)
        keys = self.env["cert.esign.key"]._esign_public_keys()
        role = None
        demo = False
        if reading.signer_fingerprint:
            role = verdict.key_role(reading.signer_fingerprint, keys, self.env["cert.esign.key"]._esign_demo_database())
            demo = keys.get(reading.signer_fingerprint, (False, False))[1]
        number = verdict.number_from_reason(reading.reason)
        facts = None
        if number and role in ("current", "former"):
            facts = self.env["cert.certificate"]._public_facts(number=number)
        result = verdict.answer(
            verdict.Facts(
                is_pdf=reading.is_pdf,
                signed=reading.signed,
                intact=reading.intact,
                whole_file=reading.whole_file,
                key=role,
                demo=demo,
                found=bool(facts),
                status=facts["status"] if facts else None,
            )
        )
        return {
            "verdict": result.verdict,
            "checks": [(name, result.checks[name]) for name in verdict.CHECKS],
            "demo": result.demo,
            "demo_refused": role == "demo_refused",
            "former_key": role == "former",
            "number": number,
            "cert": facts,
            "signer": reading.signer_name,
            "signed_at": reading.signed_at,
        }
