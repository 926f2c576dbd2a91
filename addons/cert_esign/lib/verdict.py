"""The answer of "check a PDF you received": the checks, each passed or failed, and one verdict.

Pure rules (no Odoo, no PDF library): the caller reads the file and the database and gives the facts.
"""

from dataclasses import dataclass
from dataclasses import field

#: the statuses a certificate can have today, as the public pages name them
IN_FORCE = ("valid",)

# verdicts, from the best to the worst
AUTHENTIC = "authentic"  # authentic and in force
AUTHENTIC_NOT_IN_FORCE = "authentic_not_in_force"  # authentic, but now suspended/withdrawn/expired/...
AUTHENTIC_UNKNOWN = "authentic_unknown"  # signed by this CB, unmodified, names no certificate on record
MODIFIED = "modified"  # signed by this CB, changed since
NOT_OURS = "not_ours"  # no signature, or not one of this CB's keys
NOT_PDF = "not_pdf"

VERDICTS = (AUTHENTIC, AUTHENTIC_NOT_IN_FORCE, AUTHENTIC_UNKNOWN, MODIFIED, NOT_OURS, NOT_PDF)

# checks, in the order the answer lists them
SIGNED = "signed"
UNMODIFIED = "unmodified"
OUR_KEY = "our_key"
EXISTS = "exists"
IN_FORCE_TODAY = "in_force"
CHECKS = (SIGNED, UNMODIFIED, OUR_KEY, EXISTS, IN_FORCE_TODAY)


@dataclass(frozen=True)
class Facts:
    """What the file and the database say.

    :param is_pdf: the file reads as a PDF
    :param signed: it carries a signature
    :param intact: the signed bytes are those signed and the signature over them is valid
    :param whole_file: the signature covers the whole file (nothing appended since)
    :param key: "current", "former", "demo_refused" (a demo key in a database that is not a demo one) or None
    :param demo: the key is the demo key (said in every answer)
    :param found: the certificate the signature names exists
    :param status: its public status today ("valid", "suspended", "withdrawn", "expired", ...)
    """

    is_pdf: bool
    signed: bool = False
    intact: bool = False
    whole_file: bool = False
    key: str | None = None
    demo: bool = False
    found: bool = False
    status: str | None = None


@dataclass(frozen=True)
class Answer:
    verdict: str
    checks: dict = field(default_factory=dict)  # check -> True (passed), False (failed), None (not reached)
    demo: bool = False


def answer(facts):
    """The checks and the verdict for ``facts``."""
    if not facts.is_pdf:
        return Answer(NOT_PDF, dict.fromkeys(CHECKS))
    ours = facts.key in ("current", "former")
    unmodified = facts.signed and facts.intact and facts.whole_file
    checks = {
        SIGNED: facts.signed,
        UNMODIFIED: unmodified if facts.signed else None,
        OUR_KEY: ours if facts.signed else None,
        EXISTS: facts.found if facts.signed and ours else None,
        IN_FORCE_TODAY: (facts.status in IN_FORCE) if facts.signed and ours and facts.found else None,
    }
    demo = facts.demo and facts.signed
    if not facts.signed or not ours:
        return Answer(NOT_OURS, checks, demo)
    # a signature of ours that no longer matches its bytes (or bytes appended since): the file was changed
    if not unmodified:
        return Answer(MODIFIED, checks, demo)
    if not facts.found:
        return Answer(AUTHENTIC_UNKNOWN, checks, demo)
    if facts.status in IN_FORCE:
        return Answer(AUTHENTIC, checks, demo)
    return Answer(AUTHENTIC_NOT_IN_FORCE, checks, demo)


#: the signature's reason names the certificate: "证书 Certificate No. <number>"
REASON_PREFIX = "证书 Certificate No. "


def reason_for(number):
    return f"{REASON_PREFIX}{number}"


def number_from_reason(reason):
    """The certificate number a signature's reason names, or None."""
    if not isinstance(reason, str) or not reason.startswith(REASON_PREFIX):
        return None
    number = reason[len(REASON_PREFIX) :].strip()
    return number or None


def key_role(fingerprint, keys, demo_database):
    """ "current", "former", "demo_refused" or None for the signer's certificate ``fingerprint``.

    :param keys: {fingerprint: (is_current, is_demo)} of this CB's signing certificates
    :param demo_database: a demo key counts only in a demo database
    """
    if fingerprint not in keys:
        return None
    current, demo = keys[fingerprint]
    if demo and not demo_database:
        return "demo_refused"
    return "current" if current else "former"
