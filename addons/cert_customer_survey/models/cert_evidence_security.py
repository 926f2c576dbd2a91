from odoo import api
from odoo import models
from odoo.osv import expression


class CertEvidenceSecurityMixin(models.AbstractModel):
    """The evidence store's roles on the folders of mystery visits.

    A visit's photos and recordings go to a folder of their own in the cycle (``cert.mystery.visit``'s
    ``evidence_folder_id``, a key the visit's action writes). The audit's team adds items there while the audit
    runs — its default roles elsewhere in the cycle stay read and review —, and the client's portal users never
    read it: a mystery visit is not announced to the client it checks.
    """

    _inherit = "cert.evidence.security.mixin"

    @api.model
    def _cert_folder_domain(self, role):
        domain = super()._cert_folder_domain(role)
        me = self._cert_user_profile()
        if me["manager"]:
            return domain
        # sudo: which folders are visits' decides the roles, whatever visits the user reads (the mixin evaluates
        # its defaults as superuser too). Ids, not a sub-query: the domain is also evaluated in Python
        # (filtered_domain), and there is one such folder per visit that has evidence.
        visits = self.env["cert.mystery.visit"].sudo().with_context(active_test=False)
        if role == "add" and me["auditor"]:
            running = visits.search_fetch(
                [
                    ("evidence_folder_id", "!=", False),
                    ("audit_id.team_user_ids", "in", [me["uid"]]),
                    ("audit_id.state", "=", "in_progress"),
                ],
                ["evidence_folder_id"],
            )
            if running:
                domain = expression.OR([domain, [("id", "in", running.evidence_folder_id.ids)]])
        if me["portal"]:
            domain = expression.AND([domain, [("mystery_visit_folder", "=", False)]])
        return domain
