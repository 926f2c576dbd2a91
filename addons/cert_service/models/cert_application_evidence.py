from odoo import api
from odoo import fields
from odoo import models


class CertApplication(models.Model):
    """Evidence folders of a certification cycle: created with the application, reused by its certificate."""

    _inherit = "cert.application"

    evidence_folder_id = fields.Many2one(
        "cert.evidence.folder",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The cycle's evidence folder (client → cycle → indicators). A certificate of this cycle uses it too.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        apps = super().create(vals_list)
        apps._cert_evidence_ensure_folders()
        return apps

    def write(self, vals):
        res = super().write(vals)
        if "scheme_id" in vals or "partner_id" in vals:
            self._cert_evidence_ensure_folders()
        return res

    def _cert_evidence_ensure_folders(self):
        """Client folder → cycle folder → one sub-folder per indicator of the scheme (as superuser)."""
        self.check_access("write")  # the folders follow an application the caller may change
        folders = self.env["cert.evidence.folder"].sudo()
        for app in self.sudo():
            if not app.partner_id:
                continue
            client = folders._cert_client_folder(app.partner_id)
            cycle = app.evidence_folder_id
            if not cycle:
                cycle = folders.create(
                    {
                        "name": app.name,
                        "kind": "cycle",
                        "parent_id": client.id,
                        "partner_id": client.partner_id.id,
                        "application_id": app.id,
                        "owner_id": False,
                    }
                )
                app._workflow_sudo_write({"evidence_folder_id": cycle.id})
            elif cycle.partner_id != client.partner_id:
                # the applicant of a draft without evidence changed (cert.application refuses it otherwise):
                # its empty folders move to the new client
                subtree = folders.with_context(active_test=False).search(
                    [("parent_path", "=like", f"{cycle.parent_path}%"), ("id", "!=", cycle.id)]
                )
                # keys of the folders (who reads them): moved by this code only, after the checks above
                cycle._workflow_unlocked().write({"parent_id": client.id, "partner_id": client.partner_id.id})
                subtree._workflow_unlocked().write({"partner_id": client.partner_id.id})
            if cycle.name != app.name:
                cycle.name = app.name
            cycle._cert_sync_indicator_folders(app.scheme_id)
        return True

    def _cert_evidence_cycle_end(self):
        """The date the cycle ended, from which evidence is retained (``False`` while it runs).

        For now the date a closed application last changed; cert_audit/certificates override it with the
        certificate's expiry.
        """
        self.ensure_one()
        if self.state in ("done", "cancelled", "rejected"):
            return fields.Date.to_date(self.write_date)
        return False

    def action_open_evidence_folder(self):
        self.ensure_one()
        return self.evidence_folder_id.get_formview_action() if self.evidence_folder_id else False
