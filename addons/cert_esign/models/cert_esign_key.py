import base64
import hashlib
import io
import logging
import math
import os
import tempfile

from PIL import Image
from PIL import ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.lib import certificate_pdf
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools import config

from ..lib import pades

_logger = logging.getLogger(__name__)

MANAGER = "cert_service.group_cert_manager"
CURRENT_INDEX = "cert_esign_key_one_current_per_company"


class CertEsignKey(models.Model):
    """A signing certificate of the certification body: its public certificate and facts, current or former.

    Former certificates stay so that the PDFs they signed are still recognised as this CB's. The private
    key is not here: it is in the secret store (``cert.secret``), under the certificate's fingerprint, read
    only by the signing code. Records are created by the settings' upload and the demo data only (no group
    may create or write them); CB managers read them.
    """

    _name = "cert.esign.key"
    _description = "CB Signing Certificate"
    _order = "is_current desc, not_before desc, id desc"
    _rec_name = "common_name"

    common_name = fields.Char("Name", required=True, readonly=True)
    subject = fields.Char(required=True, readonly=True)
    issuer = fields.Char(required=True, readonly=True)
    serial = fields.Char("Serial Number", required=True, readonly=True)
    fingerprint = fields.Char("SHA-256 Fingerprint", required=True, readonly=True, index=True)
    certificate_pem = fields.Text("Certificate (PEM)", required=True, readonly=True)
    chain_pem = fields.Text("Issuer Certificates (PEM)", readonly=True)
    not_before = fields.Datetime("Valid From", required=True, readonly=True)
    not_after = fields.Datetime("Valid Until", required=True, readonly=True)
    is_demo = fields.Boolean("Demo Certificate", readonly=True)
    is_current = fields.Boolean("Current", readonly=True, index=True)
    retired_date = fields.Datetime("Replaced On", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)

    _sql_constraints = [("fingerprint_unique", "unique(fingerprint)", "This signing certificate is already known.")]

    def init(self):
        # one current signing certificate per company: two uploads at once cannot both become current
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON cert_esign_key (company_id) WHERE is_current",
                SQL.identifier(CURRENT_INDEX),
            )
        )

    @staticmethod
    def _secret_name(fingerprint):
        return f"cert_esign.key.{fingerprint}"

    # ------------------------------------------------------------------ install a signing identity
    @api.model
    def _esign_install(self, identity, company):
        """Make ``identity`` (a decrypted PKCS#12) the current signing certificate of ``company``.

        The caller has checked that its user is a CB manager. The key goes to the secret store only.
        """
        facts = pades.describe(identity.cert_der)
        if facts["demo"] and not self._esign_demo_database():
            raise UserError(
                self.env._("Signing Certificate: a demo certificate is refused in a database without demo data.")
            )
        self.env["cert.secret"]._cert_secret_put(self._secret_name(identity.fingerprint), identity.key_der)
        # sudo: no group creates or writes signing certificates; the caller checked the CB manager right
        keys = self.sudo()
        current = keys.search([("company_id", "=", company.id), ("is_current", "=", True)])
        known = keys.search([("fingerprint", "=", identity.fingerprint)], limit=1)
        if current and current != known:
            current.write({"is_current": False, "retired_date": fields.Datetime.now()})
            # written now, before the new current one: the index allows one current certificate per company
            current.flush_recordset()
        values = {"is_current": True, "retired_date": False}
        if known:
            known.write(values)
            return known.with_env(self.env)
        return keys.create(
            dict(
                values,
                common_name=facts["common_name"],
                subject=facts["subject"],
                issuer=facts["issuer"],
                serial=facts["serial"],
                fingerprint=identity.fingerprint,
                certificate_pem=pades.to_pem(identity.cert_der),
                chain_pem="".join(pades.to_pem(c) for c in identity.chain_der),
                not_before=facts["not_before"],
                not_after=facts["not_after"],
                is_demo=facts["demo"],
                company_id=company.id,
            )
        ).with_env(self.env)

    @api.model
    def _esign_install_demo(self):
        """Demo data: a demo CA and signing certificate (labelled "DEMO – not valid") and a demo seal."""
        company = self.env.company
        if not self.sudo().search_count([("company_id", "=", company.id), ("is_current", "=", True)]):
            identity = pades.demo_identity(company.name)
            self._esign_install(identity, company)
        if not company.cert_esign_seal:
            company.cert_esign_seal = base64.b64encode(_demo_seal_png())
        return True

    # ------------------------------------------------------------------ the signing code
    @api.model
    def _esign_demo_database(self):
        """A demo database: demo data installed (the base module's flag)."""
        # sudo: modules are read by administrators only; this reads one flag of the base module
        return bool(self.env.ref("base.module_base").sudo().demo)

    @api.model
    def _esign_signer(self, company):
        """(key record, identity) to sign with for ``company``, or None when it has no usable key.

        Called by the signing step of a move its user is allowed to make: the key is read for signing only.
        """
        # sudo: signing certificates are read by CB managers only; every move of a certificate signs its PDF
        key = self.sudo().search([("company_id", "=", company.id), ("is_current", "=", True)], limit=1)
        if not key or (key.is_demo and not self._esign_demo_database()):
            return None
        key_der = self.env["cert.secret"]._cert_secret_get(self._secret_name(key.fingerprint))
        if not key_der:
            return None
        chain = tuple(pades.from_pem(pem) for pem in _split_pem(key.chain_pem))
        return key, pades.Identity(key_der, pades.from_pem(key.certificate_pem), chain)

    @api.model
    def _esign_stamp_path(self, company):
        """A one-page PDF of the visible signature block: seal, CB name, approval number.

        Drawn once per content, not per certificate: the file is named by the digest of what it shows and kept
        in the server's data directory, so every worker of every process finds the one a first signature drew,
        and a new seal or name is a new file.
        """
        seal = base64.b64decode(company.cert_esign_seal) if company.cert_esign_seal else b""
        lines = (company.name or "", company.cert_name_en or "", company.cert_approval_number or "")
        font = self.env["res.config.settings"]._cert_param("cert_certificate_font") or ""
        digest = hashlib.sha256(repr((lines, font)).encode() + seal).hexdigest()
        folder = os.path.join(config["data_dir"], "cert_esign_stamps")
        path = os.path.join(folder, f"{digest}.pdf")
        if os.path.exists(path):
            return path
        os.makedirs(folder, exist_ok=True)
        content = _stamp_pdf(seal, *lines, font_path=font or None)
        # written aside then renamed: a concurrent reader finds either no file or the whole one
        handle, draft = tempfile.mkstemp(prefix=f"{digest}.", suffix=".part", dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(draft, path)
        return path

    @api.model
    def _esign_public_keys(self):
        """{fingerprint: (is_current, is_demo)} of every signing certificate of every company."""
        self.env.cr.execute("SELECT fingerprint, is_current, is_demo FROM cert_esign_key")
        return {row[0]: (bool(row[1]), bool(row[2])) for row in self.env.cr.fetchall()}


def _split_pem(text):
    marker = "-----END CERTIFICATE-----"
    return [part + marker + "\n" for part in (text or "").split(marker) if part.strip()]


def _fit(text, font, size, width):
    while size > 5 and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _stamp_pdf(seal, name_zh, name_en, approval, font_path=None):
    """The signature block as a one-page PDF the size of the box: the seal, the CB's name and approval number
    over it, as a paper seal stamped across the issuer's name."""
    certificate_pdf.register_font(font_path)
    font = certificate_pdf.FONT_NAME
    x0, y0, x1, y1 = pades.SEAL_BOX
    width, height = x1 - x0, y1 - y0
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    if seal:
        # under the text, as a paper seal overlaps the lines it authenticates
        side = height - 40
        pdf.drawImage(ImageReader(io.BytesIO(seal)), (width - side) / 2, 2, side, side, mask="auto")
    pdf.setFillColorRGB(0.12, 0.23, 0.41)
    lines = [
        (name_zh, 9),
        (name_en if name_en and name_en != name_zh else "", 7),
        (f"批准号 CNCA approval No.: {approval}" if approval else "", 7),
        ("电子签章 Electronically sealed", 6.5),
    ]
    y = height - 12
    for text, size in lines:
        if not text:
            continue
        size = _fit(text, font, size, width - 4)
        pdf.setFont(font, size)
        pdf.drawCentredString(width / 2, y, text)
        y -= size + 3
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _demo_seal_png():
    """A red round seal with a star, marked DEMO (Pillow): what a CB replaces with its own 电子印章."""
    size = 400
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    red = (200, 20, 20, 255)
    draw.ellipse((10, 10, size - 10, size - 10), outline=red, width=16)
    draw.ellipse((40, 40, size - 40, size - 40), outline=red, width=4)
    cx, cy, outer, inner = size / 2, size / 2 - 20, 80, 32
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    draw.polygon(points, fill=red)
    draw.rectangle((110, 270, 290, 320), fill=red)
    draw.text((178, 288), "DEMO", fill=(255, 255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
