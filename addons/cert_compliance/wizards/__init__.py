from . import cert_certificate_transition
