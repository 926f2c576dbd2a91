from . import cert_audit_find_auditor
