from . import test_application
from . import test_scheme
from . import test_scheme_security
from . import test_scoring_sheet
