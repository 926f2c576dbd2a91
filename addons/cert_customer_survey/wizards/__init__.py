from . import cert_service_order_import
from . import cert_service_sample_redraw
from . import cert_mystery_visit_evidence
