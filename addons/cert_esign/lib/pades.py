"""PAdES signing and reading of signed PDFs with pyHanko (no Odoo here): the CMS and the PDF signature
dictionary are pyHanko's, never written by hand."""

import datetime
import hashlib
import io
import threading
import uuid
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import content
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields as sig_fields
from pyhanko.sign import signers
from pyhanko.sign import timestamps
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.generic_cms import validate_sig_integrity
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

FIELD_NAME = "CertSeal"
#: room for the CMS in the file: a fixed size spares pyHanko its dry run that measures it (half the cost)
BYTES_RESERVED = 16384
#: the visible signature block on page 1 (points, A4 landscape): left of the QR code, over the CB's line
SEAL_BOX = (470, 56, 660, 176)
DEMO_LABEL = "DEMO – not valid"


class _StampPage(content.ImportedPdfPage):
    """pyHanko's imported page, read from a reader kept for the process: the stamp PDF is parsed once, not at
    every signature (the parsing is most of the cost of the visible block)."""

    _readers = {}
    _lock = threading.Lock()

    def render(self):
        with self._lock:
            reader = self._readers.get(self.file_name)
            if reader is None:
                with open(self.file_name, "rb") as source:
                    reader = PdfFileReader(io.BytesIO(source.read()), strict=False)
                self._readers[self.file_name] = reader
            xobject = self._ensure_writer.import_page_as_xobject(reader, page_ix=self.page_ix)
        name = "/Import" + uuid.uuid4().hex
        self.resources.xobject[name] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name.encode() + b" Do"


class Pkcs12Error(ValueError):
    """The PKCS#12 file cannot be opened (wrong password, not a PKCS#12 file, no key or no certificate)."""


@dataclass(frozen=True)
class Identity:
    """A signing certificate with its public facts (the key itself is kept apart)."""

    key_der: bytes  # PKCS#8, unencrypted: stored in the secret store only
    cert_der: bytes
    chain_der: tuple  # the issuers' certificates, DER

    @property
    def certificate(self):
        return x509.load_der_x509_certificate(self.cert_der, default_backend())

    @property
    def fingerprint(self):
        return hashlib.sha256(self.cert_der).hexdigest()


def fingerprint(cert_der):
    return hashlib.sha256(cert_der).hexdigest()


def open_pkcs12(data, password):
    """The key and certificates of a PKCS#12 file; Pkcs12Error (no detail about the password) when it fails."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password or None, default_backend())
    except (ValueError, TypeError) as error:
        raise Pkcs12Error("unreadable") from error
    if key is None or cert is None:
        raise Pkcs12Error("incomplete")
    key_der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    der = serialization.Encoding.DER
    return Identity(key_der, cert.public_bytes(der), tuple(c.public_bytes(der) for c in extra or ()))


def describe(cert_der):
    """The public facts of a certificate: subject, issuer, serial, validity (naive UTC)."""
    cert = x509.load_der_x509_certificate(cert_der, default_backend())
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "common_name": _common_name(cert.subject),
        "serial": format(cert.serial_number, "x"),
        "not_before": cert.not_valid_before,
        "not_after": cert.not_valid_after,
        "fingerprint": fingerprint(cert_der),
        "demo": DEMO_LABEL in cert.subject.rfc4514_string(),
    }


def _common_name(name):
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return values[0].value if values else name.rfc4514_string()


def to_pem(der):
    return x509.load_der_x509_certificate(der, default_backend()).public_bytes(serialization.Encoding.PEM).decode()


def from_pem(pem):
    return x509.load_pem_x509_certificate(pem.encode(), default_backend()).public_bytes(serialization.Encoding.DER)


def demo_identity(cb_name, now=None, demo=True):
    """A demo CA and a demo signing certificate under it, both labelled as not valid in their subject.

    :param demo: False only for tests that need a certificate the code takes for a real one
    """
    now = now or datetime.datetime.utcnow()
    label = f"{DEMO_LABEL}: " if demo else ""

    def name(role):
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"{label}{cb_name}"[:64]),
                x509.NameAttribute(NameOID.COMMON_NAME, f"{label}{role}"),
            ]
        )

    def certificate(subject, public_key, issuer, issuer_key, ca):
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3650 if ca else 1825))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
            .add_extension(
                x509.KeyUsage(not ca, not ca, False, False, False, ca, ca, False, False),
                critical=True,
            )
        )
        return builder.sign(issuer_key, hashes.SHA256(), default_backend())

    ca_key = rsa.generate_private_key(65537, 2048, default_backend())
    ca = certificate(name("CA"), ca_key.public_key(), name("CA"), ca_key, True)
    key = rsa.generate_private_key(65537, 2048, default_backend())
    cert = certificate(name("certificate signing"), key.public_key(), ca.subject, ca_key, False)
    der = serialization.Encoding.DER
    key_der = key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return Identity(key_der, cert.public_bytes(der), (ca.public_bytes(der),))


def pkcs12_of(identity, password, friendly_name=b"signing"):
    """A PKCS#12 file of ``identity`` (tests and the demo: what a CB receives from its CA)."""
    key = serialization.load_der_private_key(identity.key_der, None, default_backend())
    cert = x509.load_der_x509_certificate(identity.cert_der, default_backend())
    chain = [x509.load_der_x509_certificate(c, default_backend()) for c in identity.chain_der]
    return pkcs12.serialize_key_and_certificates(
        friendly_name, key, cert, chain or None, serialization.BestAvailableEncryption(password)
    )


def sign(pdf, identity, stamp_pdf_path, reason, location=None, tsa_url=None):
    """``pdf`` signed PAdES B-B (B-T with a timestamp authority) with a visible block on page 1.

    :param stamp_pdf_path: a one-page PDF drawn in the signature block (seal, CB name, approval number)
    """
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(identity.cert_der),
        signing_key=asn1_keys.PrivateKeyInfo.load(identity.key_der),
        cert_registry=SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(c) for c in identity.chain_der]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=sig_fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        timestamper=timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None,
        stamp_style=StaticStampStyle(background=_StampPage(stamp_pdf_path), border_width=0),
        new_field_spec=sig_fields.SigFieldSpec(FIELD_NAME, on_page=0, box=SEAL_BOX),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    reserved = BYTES_RESERVED * 2 if tsa_url else BYTES_RESERVED
    return pdf_signer.sign_pdf(writer, bytes_reserved=reserved).getvalue()


@dataclass(frozen=True)
class Reading:
    """What a received file says about itself."""

    is_pdf: bool
    signed: bool = False
    intact: bool = False
    whole_file: bool = False
    signer_fingerprint: str | None = None
    signer_name: str | None = None
    reason: str | None = None
    signed_at: datetime.datetime | None = None


def read(data):
    """Read the last signature of ``data`` (bytes): present, intact, covering the whole file, by whom.

    Integrity only: who signed is decided by the caller from the signer's certificate (this CB's keys are
    known one by one, no chain of trust is needed for that).
    """
    if not data.lstrip()[:5] == b"%PDF-":
        return Reading(is_pdf=False)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return Reading(is_pdf=False)
    if not signatures:
        return Reading(is_pdf=True)
    ours = [s for s in signatures if s.field_name == FIELD_NAME]
    signature = (ours or signatures)[-1]
    try:
        cert = signature.signer_cert
        digest = signature.compute_digest()
        intact, valid = validate_sig_integrity(signature.signer_info, cert, "data", digest)
        whole = signature.evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_FILE
    except (PdfError, SignatureValidationError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return Reading(is_pdf=True, signed=True)
    reason = signature.sig_object.get("/Reason")
    return Reading(
        is_pdf=True,
        signed=True,
        intact=bool(intact and valid),
        whole_file=whole,
        signer_fingerprint=hashlib.sha256(cert.dump()).hexdigest(),
        signer_name=cert.subject.human_friendly,
        reason=str(reason) if reason is not None else None,
        signed_at=signature.self_reported_timestamp,
    )
