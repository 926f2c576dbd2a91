from . import cert_audit_find_auditor
from . import cert_audit_checklist_import
