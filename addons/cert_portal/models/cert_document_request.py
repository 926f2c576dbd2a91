from odoo import Command
from odoo import models
from odoo.exceptions import UserError


class CertDocumentRequest(models.Model):
    _name = "cert.document.request"
    _inherit = ["cert.document.request", "cert.portal.page.mixin"]
    _portal_section = "requests"

    def _portal_upload(self, files, comment=None):
        """The client answers the request with ``files`` ([(file name, bytes)]): one evidence item per file.

        Runs with the client's own rights (the evidence rules let the client add to its folders), through
        the evidence item's one upload method, so the backoffice's validation applies; the caller runs it
        in a savepoint so that nothing is stored when one file is refused.
        """
        self.ensure_one()
        if self.state != "open":
            raise UserError(self.env._("%(request)s is not open any more.", request=self.name))
        if not files:
            raise UserError(self.env._("Choose at least one file to upload."))
        items = self.env["cert.evidence"]
        for filename, raw in files:
            item = items.create(
                {"name": filename, "folder_id": self.folder_id.id, "description": self.description, "source": self.name}
            )
            item._cert_add_version(raw, filename, comment)
            items |= item
        items.action_submit()
        self.write({"evidence_ids": [Command.link(item.id) for item in items]})
        self.action_fulfil()
        return items
