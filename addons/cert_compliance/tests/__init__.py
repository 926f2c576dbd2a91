from . import test_complaint_lifecycle
from . import test_complaint_public
from . import test_complaint_access
from . import test_audit_mode
from . import test_qualification_warning
from . import test_auditor_id_number
from . import test_compliance_security_matrix
from . import test_retry_safety
