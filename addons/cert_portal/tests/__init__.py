from . import test_portal_access
from . import test_portal_pages
from . import test_portal_actions
from . import test_portal_tour
