from . import test_complaint_lifecycle
from . import test_complaint_public
from . import test_complaint_access
