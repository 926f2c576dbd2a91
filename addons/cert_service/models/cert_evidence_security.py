"""Access to evidence, in one place (Plone's local roles + workflow state, OCA dms's security mixin).

Every evidence model (folders, items, versions, shares, review history, references, document requests)
inherits ``cert.evidence.security.mixin``. Its record rules are all the same one line,
``[('permission_<operation>', '=', True)]``; the search methods below turn that into a domain built for
the current user from

- the effective local roles stored on the folders (``reader/contributor/editor/reviewer_user_ids`` and
  ``..._group_ids``, stored computed fields recomputed when shares, owners or parents change),
- the default roles: the client's portal users (``folder.partner_id`` is their commercial partner),
  the auditors assigned to the client's applications (``cert.application.auditor_user_ids``),
  decision makers (read), CB managers (everything),
- and, for items, the workflow state and the owner.

The domains are a few SQL sub-queries evaluated as superuser (so that they never recurse into the
rules they implement), never Python loops over records. ``ir.attachment``'s access check delegates to
the same rules for the files of evidence versions (see ``ir_attachment.py``).
"""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.osv import expression

OPERATIONS = ("read", "write", "create", "unlink", "review")
ROLES = [
    ("reader", "Reader"),
    ("contributor", "Contributor"),
    ("editor", "Editor"),
    ("reviewer", "Reviewer"),
]


class CertEvidenceSecurityMixin(models.AbstractModel):
    _name = "cert.evidence.security.mixin"
    _description = "Evidence Access (local roles, workflow state, defaults)"

    # One compute per operation: reading a record checks its read rule through ``permission_read`` alone
    # (Odoo's access check filters the records on the rule's domain), so the four others are not computed.
    permission_read = fields.Boolean(
        compute="_compute_permission_read", search="_search_permission_read", string="Can Read"
    )
    permission_write = fields.Boolean(
        compute="_compute_permission_write", search="_search_permission_write", string="Can Edit"
    )
    permission_create = fields.Boolean(
        compute="_compute_permission_create", search="_search_permission_create", string="Can Add"
    )
    permission_unlink = fields.Boolean(
        compute="_compute_permission_unlink", search="_search_permission_unlink", string="Can Delete"
    )
    permission_review = fields.Boolean(
        compute="_compute_permission_review", search="_search_permission_review", string="Can Review"
    )

    # ------------------------------------------------------------------ the one place
    @api.model
    def _cert_evidence_child_domain(self, operation, own=None):
        """Rows that only follow an evidence item (versions, review history, references): read with it.

        :param own: for the items the user reads only as their owner (not through the folders' roles, e.g.
            after leaving the client), the rows still readable; default: all of them
        """
        if operation != "read":
            return expression.FALSE_DOMAIN
        evidence = self.env["cert.evidence"].sudo()
        if own is None or self._cert_is_manager():
            readable = evidence._search(evidence._cert_permission_domain("read"))
            return [("evidence_id", "in", readable)]
        through_folders = evidence._search([("folder_id", "in", self._cert_folder_query("read"))])
        owned = evidence._search([("owner_id", "=", self.env.uid)])
        return expression.OR([[("evidence_id", "in", through_folders)], [("evidence_id", "in", owned), *own]])

    @api.model
    def _cert_user_profile(self):
        """What the rules need to know about the current user (not the superuser: rules run as sudo)."""
        user = self.env.user
        portal = user._is_portal()
        return {
            "uid": user.id,
            # Odoo's cached group ids (cleared when memberships change): no read of the groups per domain
            "group_ids": list(user._get_group_ids()),
            "manager": user.has_group("cert_service.group_cert_manager"),
            "decision": user.has_group("cert_service.group_cert_decision"),
            "auditor": user.has_group("cert_service.group_cert_auditor"),
            "portal": portal,
            # only the portal users read as a client (and the read of the partner is spared to the others)
            "client_id": user.partner_id.commercial_partner_id.id if portal else False,
        }

    @api.model
    def _cert_folder_domain(self, role):
        """Domain on ``cert.evidence.folder`` of the folders where the current user holds ``role``.

        role: ``read`` (any role, or a default reader), ``add`` (Contributor, Editor, the client's portal
        users), ``edit`` (Editor), ``review`` (Reviewer, assigned auditors), ``manage`` (owner: folders
        and shares). CB managers hold every role everywhere.
        """
        self._cert_flush_roles()
        me = self._cert_user_profile()
        if me["manager"] or (role == "read" and me["decision"]):
            return []
        uid, gids = me["uid"], me["group_ids"] or [0]
        field_roles = {
            "read": "reader",
            "add": "contributor",
            "edit": "editor",
            "review": "reviewer",
        }
        branches = []
        if role in field_roles:
            prefix = field_roles[role]
            branches += [[(f"{prefix}_user_ids", "in", [uid])], [(f"{prefix}_group_ids", "in", gids)]]
        if role == "manage":
            branches.append([("owner_id", "=", uid)])
        if role in ("read", "add") and me["portal"] and me["client_id"]:
            branches.append([("partner_id", "=", me["client_id"])])
        if role in ("read", "review") and me["auditor"]:
            apps = self.env["cert.application"].sudo().with_context(active_test=False)
            assigned = [("auditor_user_ids", "in", [uid])]
            # the cycles they audit, and the client-level folders (outside any cycle) of those clients
            branches.append([("application_id", "in", apps._search(assigned))])
            clients = apps._search(assigned).subselect("partner_id")
            branches.append([("application_id", "=", False), ("partner_id", "in", clients)])
        if not branches:
            return expression.FALSE_DOMAIN
        return expression.OR(branches)

    @api.model
    def _cert_flush_roles(self):
        """Write the pending effective roles of folders before SQL reads them.

        They are recursive stored fields: a change on a folder marks its sub-folders only when the folder
        itself is recomputed, so flushing once computes one level; flush until nothing is pending.
        """
        folders = self.env["cert.evidence.folder"]
        fnames = [f"{role}_{kind}_ids" for role, _label in ROLES for kind in ("user", "group")]
        fields_ = [folders._fields[fname] for fname in fnames]
        for _level in range(64):
            if not any(self.env.transaction.tocompute.get(field) for field in fields_):
                break
            folders.flush_model(fnames)

    @api.model
    def _cert_folder_query(self, role):
        folders = self.env["cert.evidence.folder"].sudo().with_context(active_test=False)
        return folders._search(self._cert_folder_domain(role))

    @api.model
    def _cert_is_manager(self):
        return self.env.user.has_group("cert_service.group_cert_manager")

    def _cert_permission_domain(self, operation):
        """Domain of the records of this model on which the current user may perform ``operation``.

        Default: a record living in a folder (``folder_id``) follows the folder's roles. Models override.
        """
        role = {"read": "read", "write": "edit", "create": "add", "unlink": "edit", "review": "review"}[operation]
        return [("folder_id", "in", self._cert_folder_query(role))]

    # ------------------------------------------------------------------ fields
    def _cert_compute_permission(self, operation):
        fname = f"permission_{operation}"
        records = self.filtered("id")
        domain = self._cert_permission_domain(operation) if records else expression.FALSE_DOMAIN
        if expression.is_false(self, domain):
            allowed = set()
        elif not domain:  # everything (a CB manager reading): no query
            allowed = set(records.ids)
        else:
            model = records.sudo().with_context(active_test=False)
            allowed = set(model._search(expression.AND([[("id", "in", records.ids)], domain])))
        for record in self:
            record[fname] = record.id in allowed

    @api.depends_context("uid")
    def _compute_permission_read(self):
        self._cert_compute_permission("read")

    @api.depends_context("uid")
    def _compute_permission_write(self):
        self._cert_compute_permission("write")

    @api.depends_context("uid")
    def _compute_permission_create(self):
        self._cert_compute_permission("create")

    @api.depends_context("uid")
    def _compute_permission_unlink(self):
        self._cert_compute_permission("unlink")

    @api.depends_context("uid")
    def _compute_permission_review(self):
        self._cert_compute_permission("review")

    def _cert_search_permission(self, operation, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on an access field."))
        domain = self._cert_permission_domain(operation)
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    def _search_permission_read(self, operator, value):
        return self._cert_search_permission("read", operator, value)

    def _search_permission_write(self, operator, value):
        return self._cert_search_permission("write", operator, value)

    def _search_permission_create(self, operator, value):
        return self._cert_search_permission("create", operator, value)

    def _search_permission_unlink(self, operator, value):
        return self._cert_search_permission("unlink", operator, value)

    def _search_permission_review(self, operator, value):
        return self._cert_search_permission("review", operator, value)

    def _cert_check_permission(self, operation):
        """Raise unless the current user may perform ``operation`` (e.g. review) on every record."""
        if self.env.su:
            return
        denied = self.filtered(lambda r: not r[f"permission_{operation}"])
        if denied:
            raise AccessError(
                self.env._(
                    "You are not allowed to %(operation)s: %(records)s.",
                    operation=dict(self._cert_operation_labels())[operation],
                    records=", ".join(denied.mapped("display_name")),
                )
            )

    def _cert_operation_labels(self):
        return [
            ("read", self.env._("read")),
            ("write", self.env._("edit")),
            ("create", self.env._("add")),
            ("unlink", self.env._("delete")),
            ("review", self.env._("review")),
        ]
