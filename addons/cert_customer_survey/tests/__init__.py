from . import test_service_order_import
from . import test_callback_sample
