from odoo import Command
from odoo import fields
from odoo import models


class CertMysteryVisitEvidence(models.TransientModel):
    """A photo or a recording of a mystery visit, stored as evidence of the audited cycle and linked to the visit.

    The item is created with the auditor's own rights, so the evidence store's rules apply (the upload's size
    and type, the folder's roles); linking it to the visit locks it.
    """

    _name = "cert.mystery.visit.evidence"
    _description = "Add Evidence to a Mystery Visit"

    visit_id = fields.Many2one("cert.mystery.visit", required=True, ondelete="cascade")
    name = fields.Char("Title", help="What the photo or recording shows; the file name when empty.")
    file = fields.Binary(required=True, attachment=False)
    filename = fields.Char()
    comment = fields.Char()

    def action_add(self):
        self.ensure_one()
        visit = self.visit_id
        folder = visit._survey_evidence_folder()
        item = self.env["cert.evidence"].create(
            {
                "name": (self.name or "").strip() or self.filename or visit.display_name,
                "folder_id": folder.id,
                "source": visit.display_name,
                "new_file": self.file,
                "new_filename": self.filename,
                "new_version_comment": self.comment,
            }
        )
        visit.write({"evidence_ids": [Command.link(item.id)]})
        return {"type": "ir.actions.act_window_close"}
