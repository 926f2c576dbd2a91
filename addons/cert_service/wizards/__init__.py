from . import cert_application_reject
from . import cert_certificate_export
from . import cert_certificate_transition
from . import cert_certificate_payment_override
from . import cert_evidence_diff
from . import cert_evidence_reason
from . import cert_evidence_upload
