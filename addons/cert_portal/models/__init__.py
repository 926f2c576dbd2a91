from . import cert_portal_client_mixin
from . import cert_application
from . import cert_audit
from . import cert_certificate
from . import cert_document_request
from . import cert_evidence
from . import cert_finding
from . import cert_portal_verify_failure
