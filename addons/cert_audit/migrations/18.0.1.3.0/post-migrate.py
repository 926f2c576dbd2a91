"""Issuing a certificate always needs its confirmed grant decision: the system parameter that could turn
the rule off (``cert_audit.issue_requires_decision``) is read no more and is deleted. A database where it
turned the rule off may hold certificates issued without a decision: the upgrade says so in its log."""

import logging

from odoo import SUPERUSER_ID
from odoo import api

_logger = logging.getLogger(__name__)

PARAMETER = "cert_audit.issue_requires_decision"
#: the values the former code read as "off"
OFF = ("0", "False", "false")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    parameter = env["ir.config_parameter"].search([("key", "=", PARAMETER)])
    if not parameter:
        return
    value = parameter.value
    parameter.unlink()  # through the ORM: the parameters' cache forgets it
    if value in OFF:
        without = env["cert.certificate"].search_count([("decision_id", "=", False), ("state", "!=", "draft")])
        _logger.warning(
            "The system parameter %s was %r: certificates could be issued without a grant decision. It is "
            "deleted and every issue now requires one; %s certificate(s) were issued without a decision.",
            PARAMETER,
            value,
            without,
        )
