import base64
import io
import subprocess
import tempfile

from PIL import Image

from odoo import Command
from odoo.addons.cert_portal.tests.common import CertPortalCase

from ..lib import pades
from ..lib import verdict
from ..models.cert_certificate import UNSIGNED


class CertEsignCase(CertPortalCase):
    """An issued certificate of client A, its PDF signed by the demo key the demo data installed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.env["cert.esign.key"].sudo().search([("is_current", "=", True)], limit=1)
        cls.cert = cls._issued_certificate(cls.app_a)
        # the CB manager who opens the settings is also a settings administrator
        cls.user_manager.groups_id = [Command.link(cls.env.ref("base.group_system").id)]

    @classmethod
    def _reason(cls, kind):
        return cls.env["cert.certificate.reason"].search([("kind", "=", kind)], limit=1)

    def pdf(self, cert=None):
        return (cert or self.cert).pdf_attachment_id.sudo().raw

    def other_key_pdf(self, pdf):
        """``pdf`` signed again, fresh, by a key that is not this CB's (same reason, same look)."""
        stamp = self.env["cert.esign.key"]._esign_stamp_path(self.env.company)
        other = pades.demo_identity("Forger Certification Co.")
        unsigned = self.cert.with_context(cert_esign_unsigned=_unsigned())
        unsigned._render_pdf()
        plain = unsigned.pdf_attachment_id.sudo().raw
        return pades.sign(plain, other, stamp, verdict.reason_for(self.cert.name))

    def upload(self, user, identity, password, file_password=None):
        data = base64.b64encode(pades.pkcs12_of(identity, (file_password or password).encode()))
        settings = self.env["res.config.settings"].with_user(user)
        return settings.create({"cert_esign_pkcs12": data, "cert_esign_pkcs12_password": password})


def _unsigned():
    return UNSIGNED


def page_one_png(pdf, resolution=72):
    with tempfile.TemporaryDirectory() as folder:
        source = f"{folder}/c.pdf"
        with open(source, "wb") as out:
            out.write(pdf)
        subprocess.run(  # noqa: S603 (fixed arguments)
            ["pdftoppm", "-r", str(resolution), "-f", "1", "-l", "1", "-png", source, f"{folder}/p"], check=True
        )
        with open(f"{folder}/p-1.png", "rb") as image:
            return Image.open(io.BytesIO(image.read())).convert("RGB")
