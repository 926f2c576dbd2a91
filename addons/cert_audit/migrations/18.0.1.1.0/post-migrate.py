"""The auditors' record rules read the one stored source of the team (``team_user_ids``, emptied when the
audit is cancelled) instead of the members: access ends when the assignment ends. The rules are shipped as
``noupdate`` data, which an upgrade does not rewrite: the new domains are written here."""

from odoo import SUPERUSER_ID
from odoo import api

TEAM_DOMAIN = "[('audit_id.team_user_ids', 'in', [user.id])]"
RULES = (
    "cert_audit.rule_cert_audit_score_line_auditor",
    "cert_audit.rule_cert_audit_special_deduction_auditor",
    "cert_audit.rule_cert_finding_auditor",
    "cert_audit.rule_cert_audit_expense_auditor",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in RULES:
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.domain_force = TEAM_DOMAIN
