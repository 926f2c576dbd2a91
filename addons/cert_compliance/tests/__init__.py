from . import test_complaint_lifecycle
from . import test_complaint_public
from . import test_complaint_access
from . import test_audit_mode
from . import test_qualification_warning
from . import test_auditor_id_number
from . import test_impartiality
from . import test_impartiality_rpc
