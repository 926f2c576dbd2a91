from . import test_portal_access
from . import test_portal_pages
from . import test_portal_actions
from . import test_portal_tour
from . import test_portal_certificates
from . import test_certificate_verification
from . import test_verify_failure
