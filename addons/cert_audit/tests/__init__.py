from . import test_audit_billing
from . import test_audit_calendar
from . import test_audit_days
from . import test_audit_scheduling
from . import test_audit_security
from . import test_audit_views
from . import test_audit_wizard
from . import test_audit_evidence
