from . import cert_application_reject
from . import cert_evidence_wizard
