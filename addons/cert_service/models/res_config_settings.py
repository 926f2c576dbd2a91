from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from ..lib import params
from ..lib import upload as upload_rules


class ResConfigSettings(models.TransientModel):
    """The certification tunables (Settings → Certification). Each default is the field's, nowhere else."""

    _inherit = "res.config.settings"

    # the certification body's identity, printed on the certificates and the public verification pages
    cert_cb_name_en = fields.Char(related="company_id.cert_name_en", readonly=False)
    cert_cb_approval_number = fields.Char(related="company_id.cert_approval_number", readonly=False)
    cert_cb_credit_code = fields.Char(related="company_id.cert_credit_code", readonly=False)
    cert_evidence_max_size_mb = fields.Float(
        "Largest Evidence File (MB)",
        config_parameter="cert_service.evidence_max_size_mb",
        default=upload_rules.DEFAULT_MAX_MB,
        help="Uploads above this size are refused.",
    )
    cert_evidence_allowed_extensions = fields.Char(
        "Accepted File Extensions",
        config_parameter="cert_service.evidence_allowed_extensions",
        default=upload_rules.DEFAULT_EXTENSIONS,
        help="Comma-separated; the content of a file must also match its extension.",
    )
    cert_evidence_allowed_mimetypes = fields.Char(
        "Accepted Content Types",
        config_parameter="cert_service.evidence_allowed_mimetypes",
        default=upload_rules.DEFAULT_MIMETYPES,
        help="Comma-separated MIME types, recognised from the file's content (magic bytes).",
    )
    cert_evidence_retention_years = fields.Integer(
        "Evidence Retention (years)",
        config_parameter="cert_service.evidence_retention_years",
        default=6,
        help="Evidence is kept at least this many years after the end of its certification cycle.",
    )
    cert_review_days = fields.Integer(
        "Application Review Time (days)",
        config_parameter="cert_service.review_days",
        default=5,
        help="Deadline of the review activity of a submitted application.",
    )

    cert_billing_draft_invoices = fields.Boolean(
        "Leave Fee Invoices in Draft",
        config_parameter="cert_service.billing_draft_invoices",
        default=False,
        help="The fees that fall due are invoiced in draft for finance to post, instead of posted at once.",
    )
    cert_certificate_font = fields.Char(
        "Certificate Font File",
        config_parameter="cert_service.certificate_font",
        help="Path on the server of the CJK TrueType font embedded in the certificate PDF (default: the first "
        "one found among the known Debian packages).",
    )

    @api.model
    def _cert_param(self, fname, minimum=0):
        """The one reader of the certification settings: the value of the settings field ``fname`` from its
        system parameter, for the code of every addon (each tunable is a field of this model).

        Falls back on the field's default when the parameter is missing or unreadable (numbers: below
        ``minimum``; records: an id that is not a number or whose record is gone). A many2one field gives a
        record of its comodel (empty without a default).
        """
        field = self._fields[fname]
        default = field.default(self) if field.default else False
        # sudo: system parameters are readable by the system only; every user's code needs these values
        raw = self.env["ir.config_parameter"].sudo().get_param(field.config_parameter)
        if field.type == "integer":
            return params.parse_number(raw, default, int, minimum=minimum)
        if field.type == "float":
            return params.parse_number(raw, default, float, minimum=minimum)
        if field.type == "boolean":
            return params.parse_flag(raw, default)
        if field.type == "many2one":
            comodel = self.env[field.comodel_name]
            record = comodel.browse(params.parse_id(raw)).exists()
            return record or comodel.browse(default.ids if isinstance(default, models.BaseModel) else default).exists()
        return raw if raw else default

    @api.constrains("cert_evidence_max_size_mb", "cert_evidence_retention_years", "cert_review_days")
    def _check_cert_numbers(self):
        for settings in self:
            if (
                min(
                    settings.cert_evidence_max_size_mb,
                    settings.cert_evidence_retention_years,
                    settings.cert_review_days,
                )
                < 0
            ):
                raise ValidationError(self.env._("Sizes, years and days cannot be negative."))
