from . import cert_indicator, cert_level, cert_scheme, cert_scheme_document, cert_scheme_requirement
