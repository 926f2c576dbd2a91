"""The programme manager of the qualification warnings is a settings field now (a user chosen in Settings →
Certification) instead of a login typed into the system parameter ``cert_compliance.programme_manager_login``:
the user with that login becomes ``cert_compliance.programme_manager_id``, and the old parameter is removed.
A login that matches no active internal user is dropped with a warning: the first CB manager is warned then,
as before the upgrade."""

import logging

from odoo import SUPERUSER_ID
from odoo import api

_logger = logging.getLogger(__name__)

OLD_KEY = "cert_compliance.programme_manager_login"
NEW_KEY = "cert_compliance.programme_manager_id"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    params = env["ir.config_parameter"]
    login = params.get_param(OLD_KEY)
    if login is False:
        return
    login = (login or "").strip()
    # the same user the warnings went to before: an active internal user with that login
    user = env["res.users"].search([("login", "=", login), ("share", "=", False)], limit=1) if login else None
    if user:
        params.set_param(NEW_KEY, str(user.id))
    else:
        _logger.warning("%s: no active internal user has the login %r; the first CB manager is warned", OLD_KEY, login)
    params.set_param(OLD_KEY, False)
