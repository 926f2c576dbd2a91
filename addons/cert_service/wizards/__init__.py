from . import cert_application_reject
