from . import test_application
from . import test_billing
from . import test_evidence
from . import test_evidence_access
from . import test_evidence_perf
from . import test_scheme
from . import test_scheme_security
from . import test_scoring_sheet
