from . import test_service_order_import
from . import test_callback_sample
from . import test_callback_score
from . import test_customer_privacy
from . import test_callback_race
from . import test_sample_queries
from . import test_portal_service_orders
from . import test_visit_evidence
