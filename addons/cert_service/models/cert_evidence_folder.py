from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.osv import expression

from .cert_evidence_security import ROLES
from .cert_workflow_mixin import FieldRule

FOLDER_KINDS = [
    ("client", "Client"),
    ("cycle", "Certification Cycle"),
    ("category", "Indicator Category"),
    ("indicator", "Indicator"),
    ("sub_item", "Indicator Sub-item"),
    ("other", "Other"),
]
ROLE_NAMES = [role for role, _label in ROLES]


def _role_field(role, kind, relation_suffix):
    comodel = "res.users" if kind == "user" else "res.groups"
    return fields.Many2many(
        comodel,
        f"cert_evidence_folder_{role}_{kind}_rel",
        "folder_id",
        f"{kind}_id",
        compute="_compute_effective_roles",
        store=True,
        recursive=True,
        string=f"Effective {role.title()} {relation_suffix}",
    )


class CertEvidenceFolder(models.Model):
    """A container of evidence (Plone folder): client → certification cycle → indicator category → indicator."""

    _name = "cert.evidence.folder"
    _description = "Evidence Folder"
    _inherit = ["cert.workflow.mixin", "cert.evidence.security.mixin"]
    _parent_store = True
    _order = "complete_name, id"
    _rec_names_search = ["complete_name"]

    name = fields.Char(required=True)
    complete_name = fields.Char("Full Path", compute="_compute_complete_name", store=True, recursive=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    parent_id = fields.Many2one("cert.evidence.folder", string="Parent Folder", ondelete="restrict", index=True)
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("cert.evidence.folder", "parent_id", string="Sub-folders")
    kind = fields.Selection(FOLDER_KINDS, default="other", required=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_company", "=", True)],
        help="The client company the evidence belongs to; its portal users read it.",
    )
    application_id = fields.Many2one(
        "cert.application",
        string="Certification Cycle",
        index="btree_not_null",
        ondelete="restrict",
        help="The application (certification cycle) this folder belongs to; its assigned auditors review it.",
    )
    company_id = fields.Many2one(
        "res.company", related="application_id.company_id", store=True, index="btree_not_null", string="Company"
    )
    indicator_id = fields.Many2one("cert.indicator", index="btree_not_null", ondelete="restrict")
    owner_id = fields.Many2one(
        "res.users",
        index="btree_not_null",
        default=lambda self: self.env.user,
        help="The owner edits the folder and shares it (local roles), like a CB manager.",
    )
    inherit_shares = fields.Boolean(
        "Inherit Sharing",
        default=True,
        help="Untick to block the roles granted on the parent folders (Plone: 'inherit permissions').",
    )
    # local roles are granted to the CB's own users: the client reads its folders, not who else does
    share_ids = fields.One2many("cert.evidence.share", "folder_id", string="Sharing", groups="base.group_user")
    effective_share_ids = fields.Many2many(
        "cert.evidence.share",
        compute="_compute_effective_share_ids",
        string="Effective Sharing",
        groups="base.group_user",
        help="The local roles that apply here: granted on this folder or inherited from a parent folder.",
    )
    evidence_ids = fields.One2many("cert.evidence", "folder_id")
    evidence_count = fields.Integer(compute="_compute_counts")
    child_count = fields.Integer(compute="_compute_counts")
    description = fields.Text()

    reader_user_ids = _role_field("reader", "user", "Users")
    reader_group_ids = _role_field("reader", "group", "Groups")
    contributor_user_ids = _role_field("contributor", "user", "Users")
    contributor_group_ids = _role_field("contributor", "group", "Groups")
    editor_user_ids = _role_field("editor", "user", "Users")
    editor_group_ids = _role_field("editor", "group", "Groups")
    reviewer_user_ids = _role_field("reviewer", "user", "Users")
    reviewer_group_ids = _role_field("reviewer", "group", "Groups")

    # ------------------------------------------------------------------ computes
    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for folder in self:
            if folder.parent_id:
                folder.complete_name = f"{folder.parent_id.complete_name} / {folder.name}"
            else:
                folder.complete_name = folder.name

    @api.depends("complete_name")
    def _compute_display_name(self):
        for folder in self:
            folder.display_name = folder.complete_name or folder.name

    @api.depends(
        "inherit_shares",
        "owner_id",
        "share_ids.role",
        "share_ids.user_id",
        "share_ids.group_id",
        *(f"parent_id.{role}_{kind}_ids" for role in ROLE_NAMES for kind in ("user", "group")),
    )
    def _compute_effective_roles(self):
        for folder in self:
            parent = folder.parent_id if folder.inherit_shares else folder.browse()
            values = {}
            for role in ROLE_NAMES:
                shares = folder.share_ids.filtered(lambda s, role=role: s.role == role)
                values[role, "user"] = shares.user_id | parent[f"{role}_user_ids"]
                values[role, "group"] = shares.group_id | parent[f"{role}_group_ids"]
            # the owner (Plone's Owner role) edits and adds; every role reads
            for role in ("reader", "contributor", "editor"):
                values[role, "user"] |= folder.owner_id
            for role in ("contributor", "editor", "reviewer"):
                values["reader", "user"] |= values[role, "user"]
                values["reader", "group"] |= values[role, "group"]
            for (role, kind), records in values.items():
                folder[f"{role}_{kind}_ids"] = records

    @api.depends("share_ids", "parent_id", "inherit_shares")
    def _compute_effective_share_ids(self):
        for folder in self:
            shares = folder.share_ids
            current = folder
            while current.inherit_shares and current.parent_id:
                current = current.parent_id
                shares |= current.share_ids
            # grants on folders the user cannot open stay hidden (their rows are not readable)
            folder.effective_share_ids = shares._filtered_access("read")

    def _compute_counts(self):
        evidence = dict(
            self.env["cert.evidence"]._read_group([("folder_id", "in", self.ids)], ["folder_id"], ["__count"])
        )
        children = dict(self._read_group([("parent_id", "in", self.ids)], ["parent_id"], ["__count"]))
        for folder in self:
            folder.evidence_count = evidence.get(folder, 0)
            folder.child_count = children.get(folder, 0)

    # ------------------------------------------------------------------ access (see the mixin)
    def _cert_permission_domain(self, operation):
        if operation == "read":
            return self._cert_folder_domain("read")
        if operation == "review":
            return self._cert_folder_domain("review")
        if operation == "write":
            return self._cert_folder_domain("manage")
        if operation == "create":
            # a sub-folder of a folder one edits or owns; root folders are the CB managers'
            parents = expression.OR([self._cert_folder_domain("edit"), self._cert_folder_domain("manage")])
            if not parents:
                return []
            return [("parent_id", "in", self.sudo().with_context(active_test=False)._search(parents))]
        # unlink
        return [] if self._cert_is_manager() else expression.FALSE_DOMAIN

    # ------------------------------------------------------------------ constraints / CRUD
    @api.constrains("parent_id", "application_id", "partner_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A folder cannot be inside itself."))
        for folder in self:
            parent = folder.parent_id
            if parent and parent.partner_id != folder.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(folder)s: a sub-folder belongs to the same client as its parent folder.",
                        folder=folder.display_name,
                    )
                )
            # the cycle decides which auditors read the folder: it is the parent's, of the same client
            cycle = folder.application_id
            if (parent.application_id and cycle != parent.application_id) or (
                cycle and cycle.partner_id.commercial_partner_id != folder.partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(folder)s: a folder belongs to a certification cycle of its own client (its parent's).",
                        folder=folder.display_name,
                    )
                )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        parent = self.browse(values.get("parent_id") or self.env.context.get("default_parent_id"))
        if parent:
            values.setdefault("partner_id", parent.partner_id.id)
            values.setdefault("application_id", parent.application_id.id)
        return values

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]  # copies: Odoo retries a call with the same dicts
        for vals in vals_list:
            if vals.get("parent_id"):
                parent = self.browse(vals["parent_id"]).sudo()
                vals.setdefault("partner_id", parent.partner_id.id)
                vals.setdefault("application_id", parent.application_id.id)
        return super().create(vals_list)

    # ------------------------------------------------------------------ declarations
    def _workflow_key_fields(self):
        # who reads the folder: the client and the cycle are set when the folder is created; the tree's path
        # (what ``child_of`` and the cycle's evidence read) is Odoo's, kept by SQL when the parent changes
        return {"partner_id", "application_id", "parent_path"}

    def _workflow_create_fields(self):
        return {"partner_id", "application_id"}

    def _workflow_field_rules(self):
        # moving a folder or changing its owner changes who reads it: a CB manager's decision
        return (FieldRule(frozenset({"parent_id", "owner_id"}), None, ("cert_service.group_cert_manager",)),)

    def _workflow_client_field(self):
        return "partner_id"

    @api.ondelete(at_uninstall=False)
    def _unlink_only_empty(self):
        evidence = self.env["cert.evidence"].sudo().with_context(active_test=False)
        for folder in self:
            if folder.child_ids or evidence.search_count([("folder_id", "=", folder.id)], limit=1):
                raise UserError(self.env._("%(folder)s is not empty: archive it instead.", folder=folder.display_name))

    # ------------------------------------------------------------------ automatic tree
    @api.model
    def _cert_client_folder(self, partner):
        """The root folder of a client, created (as superuser) when missing."""
        partner = partner.commercial_partner_id
        folders = self.sudo().with_context(active_test=False)
        folder = folders.search([("parent_id", "=", False), ("kind", "=", "client"), ("partner_id", "=", partner.id)])
        if not folder:
            folder = folders.create(
                {"name": partner.name, "kind": "client", "partner_id": partner.id, "owner_id": False}
            )
        return folder[:1]

    def _cert_sync_indicator_folders(self, scheme):
        """Give this cycle folder one sub-folder per indicator of the scheme (keeping what is there)."""
        self.ensure_one()
        folders = self.sudo().with_context(active_test=False)
        existing = {f.indicator_id: f for f in folders.search([("parent_path", "=like", f"{self.parent_path}%")])}
        for indicator in scheme.indicator_ids.sorted(lambda i: (i.parent_path or "", i.sequence, i.id)):
            if indicator in existing:
                continue
            parent = existing.get(indicator.parent_id) if indicator.parent_id else self.sudo()
            existing[indicator] = folders.create(
                {
                    "name": indicator.display_name,
                    "kind": indicator.kind or "indicator",
                    "parent_id": (parent or self).id,
                    "partner_id": self.partner_id.id,
                    "application_id": self.application_id.id,
                    "indicator_id": indicator.id,
                    "sequence": indicator.sequence,
                    "owner_id": False,
                }
            )
        return True

    def action_open_evidence(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cert_service.action_cert_evidence")
        action["domain"] = [("folder_id", "child_of", self.id)]
        action["context"] = {"default_folder_id": self.id}
        return action
