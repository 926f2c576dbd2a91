from . import cert_application_reject
from . import cert_evidence_diff
from . import cert_evidence_reason
from . import cert_evidence_upload
