import hashlib
import io
import logging
import os
import subprocess
import tempfile

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from odoo.addons.cert_audit.tests.issuing import issue_through_decision
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import config

from ..lib import pades
from .common import CertEsignCase
from .common import _unsigned
from .common import page_one_png


@tagged("post_install", "-at_install")
class TestSignedPdf(CertEsignCase):
    """Every PDF of the life cycle is signed PAdES by the configured certificate, visibly, and its SHA-256 is
    kept on the history row that produced it; the signing identity is uploaded by CB managers only."""

    def validate(self, pdf):
        """pyHanko's own validator, trusting the CA of the configured certificate."""
        roots = [asn1_x509.Certificate.load(pades.from_pem(pem)) for pem in _pems(self.key.chain_pem)]
        reader = PdfFileReader(io.BytesIO(pdf))
        self.assertEqual(len(reader.embedded_signatures), 1)
        signature = reader.embedded_signatures[0]
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        return signature, validate_pdf_signature(signature, context)

    def test_issued_pdf_is_valid_and_signed_by_the_configured_certificate(self):
        self.assertTrue(self.key, "the demo data installs a signing certificate")
        pdf = self.pdf()
        signature, status = self.validate(pdf)
        self.assertTrue(status.intact)
        self.assertTrue(status.valid)
        self.assertTrue(status.trusted)
        self.assertEqual(status.coverage, SignatureCoverageLevel.ENTIRE_FILE)
        self.assertEqual(signature.signer_cert.dump(), pades.from_pem(self.key.certificate_pem))
        self.assertEqual(hashlib.sha256(signature.signer_cert.dump()).hexdigest(), self.key.fingerprint)
        self.assertIn("/ETSI.CAdES.detached", str(signature.sig_object["/SubFilter"]))  # PAdES
        self.assertEqual(str(signature.sig_object["/Reason"]), f"证书 Certificate No. {self.cert.name}")
        # the SHA-256 of the issued PDF is on the history row of the issue
        row = self.cert.status_ids.sorted("id")[-1]
        self.assertEqual(row.to_state, "valid")
        self.assertEqual(row.pdf_sha256, hashlib.sha256(pdf).hexdigest())

    def test_one_byte_changed_is_invalid(self):
        pdf = bytearray(self.pdf())
        # a byte of the page content, inside the signed range
        pdf[pdf.index(b"stream") + 20] ^= 0x01
        _signature, status = self.validate(bytes(pdf))
        self.assertFalse(status.intact)
        self.assertFalse(status.bottom_line)

    def test_every_move_signs_a_new_pdf_and_keeps_its_hash(self):
        issued = self.pdf()
        self.cert._move("action_suspend", reason=self._reason("suspension"))
        self.cert._move("action_restore", reason=self._reason("restore"))
        self.cert._move("action_withdraw", reason=self._reason("withdrawal"))
        rows = self.cert.status_ids.sorted("id")
        self.assertEqual(rows.mapped("to_state"), ["valid", "suspended", "valid", "withdrawn"])
        hashes = rows.mapped("pdf_sha256")
        self.assertEqual(len(set(hashes)), 4, "one signed PDF per move")
        self.assertEqual(hashes[0], hashlib.sha256(issued).hexdigest())
        last = self.pdf()
        self.assertEqual(hashes[-1], hashlib.sha256(last).hexdigest())
        _signature, status = self.validate(last)
        self.assertTrue(status.bottom_line)
        # making the PDF again (a download) does not rewrite what the move issued
        self.cert._render_pdf()
        self.assertEqual(self.cert.status_ids.sorted("id")[-1].pdf_sha256, hashes[-1])

    def test_level_change_pdf_is_signed(self):
        level = self.env.ref("cert_service.gbt_level_4star")
        successor = issue_through_decision(
            self.env, self.cert.application_id, level, self.user_officer, supersedes=self.cert
        ).with_env(self.env)
        self.assertEqual(self.cert.state, "superseded")
        for cert in successor | self.cert:
            _signature, status = self.validate(self.pdf(cert))
            self.assertTrue(status.bottom_line, cert.name)
            row = cert.status_ids.sorted("id")[-1]
            self.assertEqual(row.pdf_sha256, hashlib.sha256(self.pdf(cert)).hexdigest())

    def test_seal_and_name_visible_on_page_one(self):
        pdf = self.pdf()
        image = page_one_png(pdf)
        x0, y0, x1, y1 = pades.SEAL_BOX
        height = image.height
        box = image.crop((x0, height - y1, x1, height - y0))
        red = sum(1 for r, g, b in box.getdata() if r > 150 and g < 90 and b < 90)
        self.assertGreater(red, 500, "the red seal is drawn in the signature block")
        # the same page unsigned has no seal there
        unsigned = self.cert.with_context(cert_esign_unsigned=_sentinel())
        unsigned._render_pdf()
        plain = page_one_png(unsigned.pdf_attachment_id.sudo().raw).crop((x0, height - y1, x1, height - y0))
        self.assertLess(sum(1 for r, g, b in plain.getdata() if r > 150 and g < 90 and b < 90), 50)
        # the CB's name and approval number, as text of the signature block
        text = _annotation_text(pdf)
        self.assertIn(self.env.company.name, text)
        self.assertIn(self.env.company.cert_approval_number, text)
        self.assertIn("Electronically sealed", text)

    def test_signature_block_drawn_once_per_content(self):
        """Every worker finds the block a first signature drew (a file named by its content, in the data
        directory); a new CB name is a new block, and the old one is not reused for it."""
        Keys = self.env["cert.esign.key"]
        company = self.env.company
        path = Keys._esign_stamp_path(company)
        self.assertTrue(path.startswith(config["data_dir"]), path)
        drawn = os.stat(path).st_mtime_ns
        self.assertEqual(Keys._esign_stamp_path(company), path)
        self.assertEqual(os.stat(path).st_mtime_ns, drawn, "the same content is not drawn again")
        company.name = "佛山市新名称认证有限公司"
        renamed = Keys._esign_stamp_path(company)
        self.assertNotEqual(renamed, path)
        with open(renamed, "rb") as handle:
            self.assertTrue(handle.read().startswith(b"%PDF"))
        self.assertFalse([name for name in os.listdir(os.path.dirname(path)) if name.endswith(".part")])

    def test_hash_is_written_by_the_signing_step_only(self):
        row = self.cert.status_ids[:1]
        with self.assertRaises(UserError):
            row.sudo().write({"pdf_sha256": "0" * 64})
        with self.assertRaises(UserError):
            self.env["cert.certificate.status"].sudo().create(
                {
                    "certificate_id": self.cert.id,
                    "to_state": "valid",
                    "date": "2026-01-01",
                    "user_id": self.env.uid,
                    "pdf_sha256": "0" * 64,
                }
            )

    def test_demo_key_refused_outside_a_demo_database(self):
        self.env.ref("base.module_base").sudo().demo = False
        with self.assertRaisesRegex(UserError, "signing certificate"):
            self.cert._move("action_suspend", reason=self._reason("suspension"))
        with self.assertRaisesRegex(UserError, "demo"):
            self.upload(self.user_manager, pades.demo_identity("Another"), "secret")

    def test_upload_rotates_the_key_without_logging_the_password(self):
        password = "Pa55-word-never-logged"  # noqa: S105 (a test password)
        identity = _real_identity()
        with self.assertLogs(level=logging.DEBUG) as logs:
            logging.getLogger("odoo").debug("capture starts")
            settings = self.upload(self.user_manager, identity, password)
            settings.execute()
        self.assertFalse(any(password in line for line in logs.output))
        keys = self.env["cert.esign.key"].sudo().search([])
        current = keys.filtered("is_current")
        self.assertEqual(current.fingerprint, identity.fingerprint)
        self.assertFalse(self.key.is_current)
        self.assertTrue(self.key.retired_date)
        self.assertEqual(
            self.env["cert.secret"]._cert_secret_get(f"cert_esign.key.{identity.fingerprint}"), identity.key_der
        )
        # nothing of the upload stays: not in the settings, not in the system parameters
        settings.invalidate_recordset()
        self.assertFalse(settings.cert_esign_pkcs12)
        self.assertFalse(settings.cert_esign_pkcs12_password)
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'res_config_settings' AND column_name LIKE 'cert_esign_pkcs12%%'"
        )
        self.assertFalse(self.env.cr.fetchall(), "no column keeps the upload")
        attachments = self.env["ir.attachment"].sudo().search([("res_model", "=", "res.config.settings")])
        self.assertFalse(attachments.filtered(lambda a: a.res_field and "esign" in a.res_field))
        params = self.env["ir.config_parameter"].sudo().search([("key", "like", "cert_esign")])
        self.assertFalse(any(password in (p.value or "") for p in params))
        self.assertEqual(params.filtered(lambda p: "pkcs12" in p.key), params.browse())
        # the next PDF is signed with the new key
        self.cert._move("action_suspend", reason=self._reason("suspension"))
        signature = PdfFileReader(io.BytesIO(self.pdf())).embedded_signatures[0]
        self.assertEqual(hashlib.sha256(signature.signer_cert.dump()).hexdigest(), identity.fingerprint)

    def test_upload_refusals(self):
        identity = _real_identity()
        with self.assertRaisesRegex(ValidationError, "Signing Certificate \\(PKCS#12\\)"):
            self.upload(self.user_manager, identity, "wrong", file_password="right")
        for user in (self.user_officer, self.user_decision, self.user_finance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.upload(user, identity, "right")
        self.assertEqual(self.env["cert.esign.key"].sudo().search([("is_current", "=", True)]), self.key)


def _pems(text):
    marker = "-----END CERTIFICATE-----"
    return [part + marker for part in (text or "").split(marker) if part.strip()]


def _sentinel():
    return _unsigned()


def _real_identity():
    """A signing certificate that is not a demo one (its subject does not say DEMO)."""
    return pades.demo_identity("Test CB", demo=False)


def _annotation_text(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as source:
        source.write(pdf)
        source.flush()
        done = subprocess.run(  # noqa: S603 (fixed arguments)
            ["pdftotext", "-f", "1", "-l", "1", "-layout", source.name, "-"], capture_output=True, check=True
        )
    return done.stdout.decode()
