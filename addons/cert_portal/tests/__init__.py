from . import test_portal_access
