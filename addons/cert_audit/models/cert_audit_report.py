from odoo import fields
from odoo import models


class CertAudit(models.Model):
    """The audit report: printed from the scored checklist and attached to the audit when it is reported."""

    _inherit = "cert.audit"  # pylint: disable=consider-merging-classes-inherited

    report_attachment_id = fields.Many2one("ir.attachment", string="Audit Report", readonly=True, copy=False)

    def _attach_report(self):
        report = self.env["ir.actions.report"]
        # Called right after the move to "reported": the report belongs to the audit, whoever reported it.
        for audit in self:
            content, report_type = report._render_qweb_pdf("cert_audit.action_report_cert_audit", audit.ids)
            pdf = report_type == "pdf"
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": "%s.%s" % (audit.name.replace("/", "-"), "pdf" if pdf else "html"),
                        "raw": content,
                        "mimetype": "application/pdf" if pdf else "text/html",
                        "res_model": audit._name,
                        "res_id": audit.id,
                    }
                )
            )
            audit._workflow_write({"report_attachment_id": attachment.id})
            audit.message_post(body=self.env._("Audit report attached."), attachment_ids=attachment.ids)

    def _report_lines_by_category(self):
        """For the report: [(category, lines)] in the checklist's order."""
        self.ensure_one()
        return [
            (category, self.score_line_ids.filtered(lambda line, c=category: line.category_id == c))
            for category in self.score_line_ids.category_id
        ]
