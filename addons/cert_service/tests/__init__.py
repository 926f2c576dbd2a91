from . import test_scheme, test_scheme_security, test_scoring_sheet
