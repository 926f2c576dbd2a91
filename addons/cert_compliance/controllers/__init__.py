from . import complaint_public
from . import complaint_portal
