from . import cert_complaint
from . import cert_complaint_submission
