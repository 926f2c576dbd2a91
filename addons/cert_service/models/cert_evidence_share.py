from odoo import api
from odoo import fields
from odoo import models

from .cert_evidence_security import ROLES


class CertEvidenceShare(models.Model):
    """A local role granted on a folder (Plone's Sharing tab), inherited by the sub-folders."""

    _name = "cert.evidence.share"
    _description = "Evidence Sharing (Local Role)"
    _inherit = ["cert.evidence.security.mixin"]
    _order = "folder_id, role, id"

    folder_id = fields.Many2one("cert.evidence.folder", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one("res.users", ondelete="cascade", index="btree_not_null")
    group_id = fields.Many2one("res.groups", ondelete="cascade", index="btree_not_null")
    role = fields.Selection(ROLES, required=True, default="reader")
    note = fields.Char()

    _sql_constraints = [
        (
            "user_or_group",
            "CHECK((user_id IS NULL) != (group_id IS NULL))",
            "A local role is granted to a user or to a group (exactly one of both).",
        ),
    ]

    @api.depends("user_id", "group_id", "role")
    def _compute_display_name(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        for share in self:
            who = share.user_id.display_name or share.group_id.display_name or ""
            share.display_name = f"{who}: {roles.get(share.role, '')}"

    def _cert_permission_domain(self, operation):
        role = "read" if operation == "read" else "manage"
        return [("folder_id", "in", self._cert_folder_query(role))]
