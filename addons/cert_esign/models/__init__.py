from . import cert_esign_key
from . import cert_esign_check
from . import cert_certificate_status
from . import cert_certificate
from . import res_company
from . import res_config_settings
