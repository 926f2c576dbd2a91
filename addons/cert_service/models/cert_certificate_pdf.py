import base64
import logging

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from ..lib import certificate_pdf

_logger = logging.getLogger(__name__)

#: printed across the PDF of a certificate that is not valid. Both languages on purpose: the certificate
#: is bilingual whatever the reader's language, like the rest of its text.
STATUS_NOTES = {
    "draft": "草稿 DRAFT",
    "suspended": "已暂停 SUSPENDED",
    "withdrawn": "已撤销 WITHDRAWN",
    "cancelled": "已注销 CANCELLED",
    "expired": "已过期 EXPIRED",
    "superseded": "已被替代 SUPERSEDED",
}


class CertCertificate(models.Model):
    """The certificate's PDF (domain.md §7): bilingual, rendered by ``lib/certificate_pdf`` after every change
    of status (``_render_pdf``, called by ``_move``) and attached to the certificate."""

    _inherit = "cert.certificate"  # pylint: disable=consider-merging-classes-inherited

    pdf_attachment_id = fields.Many2one("ir.attachment", string="Certificate PDF", readonly=True, copy=False)
    pdf_download_url = fields.Char("PDF Download Link", compute="_compute_pdf_download_url")

    @api.depends("pdf_attachment_id")
    def _compute_pdf_download_url(self):
        for cert in self:
            attachment = cert.sudo().pdf_attachment_id
            cert.pdf_download_url = (
                f"/web/content/{attachment.id}?download=true&access_token={attachment.access_token}"
                if attachment
                else False
            )

    def _pdf_data(self):
        self.ensure_one()
        # Chinese first, English second, whatever the reader's language and the installed ones: English is
        # the source of every translated value (read without a language, it is there even when English is
        # not installed); Chinese when installed, else the English again
        installed = dict(self.env["res.lang"].get_installed())
        en = self.with_context(lang=None)
        zh = self.with_context(lang="zh_CN") if "zh_CN" in installed else en
        company = self.company_id
        company_address = company.partner_id._display_address(without_company=True).replace("\n", " ").strip()
        return certificate_pdf.CertificateData(
            number=self.name,
            organisation=self.partner_name or self.partner_id.name,
            organisation_en=False,
            address=(self.partner_address or "").replace("\n", " "),
            credit_code=self.credit_code,
            scheme_zh=zh.scheme_id.name,
            scheme_en=en.scheme_id.name,
            standard=self.standard or self.scheme_id.standard,
            level_zh=zh.level_id.name,
            level_en=en.level_id.name,
            stars=self.stars,
            scope_zh=zh.scope,
            scope_en=en.scope,
            sites=[", ".join(filter(None, [s.name, s.city])) for s in self.site_ids],
            issue_date=fields.Date.to_string(self.issue_date) if self.issue_date else "",
            expiry_date=fields.Date.to_string(self.expiry_date) if self.expiry_date else "",
            cb_name_zh=company.name,
            cb_name_en=company.cert_name_en,
            cb_address=company_address,
            url=self.verification_url,
            status_note=STATUS_NOTES.get(self.state),
            cb_approval_number=company.cert_approval_number,
            cb_credit_code=company.cert_credit_code,
            cb_logo=base64.b64decode(company.logo) if company.logo and not company.uses_default_logo else None,
        )

    def _render_pdf(self, raise_on_missing_font=True):
        """(Re)generate the attached PDF: called after every change of status."""
        font = self.env["res.config.settings"]._cert_param("cert_certificate_font") or None
        Attachment = self.env["ir.attachment"].sudo()
        for cert in self:
            try:
                content = certificate_pdf.render(cert._pdf_data(), font_path=font)
            except certificate_pdf.FontMissing as err:
                if not raise_on_missing_font:
                    _logger.error("Certificate %s: PDF not regenerated: %s", cert.name, err)
                    continue
                raise UserError(
                    self.env._(
                        "The certificate PDF cannot be made: no Chinese font to embed. Install the Debian package "
                        "%(package)s on the server (details: %(details)s).",
                        package=certificate_pdf.FONT_PACKAGES,
                        details=str(err),
                    )
                ) from err
            values = {
                "name": f"{cert.name}.pdf",
                "datas": base64.b64encode(content),
                "mimetype": "application/pdf",
                "res_model": cert._name,
                "res_id": cert.id,
            }
            # The attachment follows the certificate's own access (res_model/res_id), written by code only.
            if cert.pdf_attachment_id:
                cert.pdf_attachment_id.sudo().write(values)
            else:
                attachment = Attachment.create(values)
                # a token lets the client download it from the portal without reading ir.attachment
                attachment.generate_access_token()
                cert._workflow_sudo_write({"pdf_attachment_id": attachment.id})

    def action_download_pdf(self):
        self.ensure_one()
        if not self.pdf_attachment_id:
            self._render_pdf()
        return {"type": "ir.actions.act_url", "url": self.pdf_download_url, "target": "self"}
