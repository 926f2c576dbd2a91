from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError

from .cert_evidence_security import ROLES

GRANT_FIELDS = {"folder_id", "user_id", "group_id", "role"}


class CertEvidenceShare(models.Model):
    """A local role granted on a folder (Plone's Sharing tab), inherited by the sub-folders.

    A grant is never moved or widened: its folder, grantee and role are given when it is granted (by
    someone who manages the folder) and only its note changes; to change a role, revoke it and grant again.
    """

    _name = "cert.evidence.share"
    _description = "Evidence Sharing (Local Role)"
    _inherit = ["cert.workflow.mixin", "cert.evidence.security.mixin"]
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

    # ------------------------------------------------------------------ grants are keys
    def _workflow_client_field(self):
        return "folder_id.partner_id"

    def _workflow_key_fields(self):
        return GRANT_FIELDS

    def _workflow_create_fields(self):
        return GRANT_FIELDS

    def _workflow_refuse_fields(self, names):
        raise UserError(
            self.env._("A local role is not moved or changed: revoke it and grant the new one on the folder.")
        )

    @api.model_create_multi
    def create(self, vals_list):
        """Granting: the granter manages each target folder; clients' users get roles on their own files only."""
        if not self.env.su:
            folders = self.env["cert.evidence.folder"].browse({vals.get("folder_id") for vals in vals_list} - {None})
            folders.check_access("read")
            folders._cert_check_permission("write")
        for vals in vals_list:
            self._cert_check_grantee(vals)
        return super().create(vals_list)

    @api.model
    def _cert_check_grantee(self, vals):
        # sudo: the grantee's kind and company decide, whatever the granter may read of them
        group = self.env["res.groups"].sudo().browse(vals.get("group_id"))
        user = self.env["res.users"].sudo().browse(vals.get("user_id"))
        folder = self.env["cert.evidence.folder"].sudo().browse(vals.get("folder_id"))
        outsiders = self.env.ref("base.group_portal") | self.env.ref("base.group_public")
        if group.share or group & outsiders:
            raise AccessError(self.env._("Local roles are not granted to portal or public groups."))
        if user.share and user.partner_id.commercial_partner_id != folder.partner_id:
            raise AccessError(
                self.env._("%(user)s is another client's user: no role on this folder.", user=user.display_name)
            )

    def action_revoke(self):
        """Remove the role (whoever manages the folder)."""
        self.check_access("unlink")
        self.unlink()
        return True
