from . import test_audit_calendar
from . import test_audit_days
from . import test_audit_scheduling
from . import test_audit_security
from . import test_audit_views
from . import test_audit_wizard
from . import test_audit_evidence
from . import test_surveillance_cron
