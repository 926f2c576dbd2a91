from odoo import Command
from odoo import models
from odoo.exceptions import UserError

from .cert_application import DOCUMENT_STATES


class CertApplicationDocument(models.Model):
    _inherit = "cert.application.document"

    def _portal_anchor_url(self):
        """The line of the application page where the client uploads this document."""
        self.ensure_one()
        return f"{self.application_id.access_url}#cert_doc_{self.id}"

    def _portal_upload(self, files, comment=None):
        """The client provides this checklist document from the portal ([(file name, bytes)]).

        Each file becomes an evidence item of the application's folder, created and submitted with the
        client's own rights (the evidence rules and the upload validation apply); the items then satisfy
        the checklist line. The caller runs it in a savepoint: one refused file stores nothing.
        """
        self.ensure_one()
        app = self.application_id
        if app.state not in DOCUMENT_STATES:
            raise UserError(
                self.env._(
                    "%(application)s is no longer being completed: its checklist is closed.", application=app.name
                )
            )
        if not files:
            raise UserError(self.env._("Choose at least one file to upload."))
        items = self.env["cert.evidence"]
        for filename, raw in files:
            item = items.create(
                {
                    "name": filename,
                    "folder_id": app.evidence_folder_id.id,
                    "description": self._portal_name(),
                    "source": self._portal_name(),
                }
            )
            item._cert_add_version(raw, filename, comment)
            items |= item
        items.action_submit()
        # the checklist is laid out by the certification body: the client reads its lines, never edits them
        self.check_access("read")
        items.check_access("write")
        # sudo: checked just above, the client links the items it has just created to its own checklist line
        self.sudo().write({"evidence_ids": [Command.link(item.id) for item in items]})
        return items

    def _portal_name(self):
        """The line's name in the reader's language.

        A line laid out from the scheme before a language was installed holds the scheme's English wording
        only (a database created in English, then Chinese loaded): while the line still says what the
        scheme says, the scheme document's own translation is the line's name.
        """
        self.ensure_one()
        self.check_access("read")
        # sudo: the scheme's own wording of a line the reader may read (checked just above); clients do not
        # read the scheme's internal document requirements themselves
        line = self.sudo()
        scheme_doc = line.scheme_document_id
        if scheme_doc and line.with_context(lang="en_US").name == scheme_doc.with_context(lang="en_US").name:
            return scheme_doc.name
        return self.name
