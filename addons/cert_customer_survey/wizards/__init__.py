from . import cert_service_order_import
from . import cert_service_sample_redraw
