from . import cert_certificate_transition
from . import cert_certificate_export
