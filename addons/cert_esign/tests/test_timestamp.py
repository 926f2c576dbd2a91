import contextlib
import datetime
import io
import socket
import threading
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..lib import pades
from .common import CertEsignCase


@tagged("post_install", "-at_install")
class TestTimestampAuthority(CertEsignCase):
    """With a timestamp authority URL the PDFs are signed PAdES B-T: a signature timestamp from the
    authority (here a local RFC 3161 server answering with pyHanko's test stamper)."""

    def test_b_t_with_a_timestamp_authority(self):
        tsa_cert, stamper = _tsa()
        with _serve(stamper) as url:
            self.env["ir.config_parameter"].sudo().set_param("cert_esign.tsa_url", url)
            self.cert._move("action_suspend", reason=self._reason("suspension"))
        signature = PdfFileReader(io.BytesIO(self.pdf())).embedded_signatures[0]
        roots = [
            asn1_x509.Certificate.load(pades.from_pem(p + "-----END CERTIFICATE-----"))
            for p in self.key.chain_pem.split("-----END CERTIFICATE-----")
            if p.strip()
        ]
        context = ValidationContext(trust_roots=[*roots, tsa_cert], allow_fetching=False)
        status = validate_pdf_signature(signature, context)
        self.assertTrue(status.bottom_line)
        self.assertIsNotNone(status.timestamp_validity, "a signature timestamp is embedded")
        self.assertTrue(status.timestamp_validity.intact)
        self.assertTrue(status.timestamp_validity.valid)
        self.assertTrue(status.timestamp_validity.trusted)

    def test_unreachable_authority_refuses_the_move(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.env["ir.config_parameter"].sudo().set_param("cert_esign.tsa_url", f"http://127.0.0.1:{port}/tsr")
        with self.assertRaisesRegex(UserError, "timestamp authority"):
            self.cert._move("action_suspend", reason=self._reason("suspension"))


def _tsa():
    """A self-signed timestamping certificate and pyHanko's test stamper with it."""
    now = datetime.datetime.utcnow()
    key = rsa.generate_private_key(65537, 2048, default_backend())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256(), default_backend())
    )
    der = serialization.Encoding.DER
    asn1_cert = asn1_x509.Certificate.load(cert.public_bytes(der))
    asn1_key = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return asn1_cert, DummyTimeStamper(tsa_cert=asn1_cert, tsa_key=asn1_key)


@contextlib.contextmanager
def _serve(stamper):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsr"
    finally:
        server.shutdown()
        server.server_close()
