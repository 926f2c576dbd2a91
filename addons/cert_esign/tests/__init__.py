from . import test_signed_pdf
from . import test_check_page
from . import test_key_secrecy
from . import test_timestamp
from . import test_translations_zh
from . import test_esign_security_matrix
