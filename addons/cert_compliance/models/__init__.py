from . import cert_complaint
from . import cert_complaint_submission
from . import cert_audit
from . import cert_audit_days_adjustment
from . import cert_qualification_warning
from . import cert_auditor
from . import res_config_settings
