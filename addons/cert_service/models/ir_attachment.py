from odoo import api
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError

EVIDENCE_MODEL = "cert.evidence.version"
# Files reach an evidence item only as versions: never as chatter attachments of the item itself.
ITEM_MODEL = "cert.evidence"


class IrAttachment(models.Model):
    """The files of evidence versions follow the evidence rules, everywhere (``/web/content``, ``/web/image``,
    the ORM): readable exactly when the version's item is; never written, re-attached or deleted except by
    the evidence API running as superuser; never opened by an access token, which a message posted on
    another record would hand out for good. Files attached to an evidence item through the chatter or
    ``/mail/attachment/upload`` are refused, whoever sends them: they would bypass the upload rules and
    the versions. Other attachments are left to Odoo."""

    _inherit = "ir.attachment"

    def _cert_evidence_versions(self):
        """{attachment id: version id} for the attachments of ``self`` that hold evidence versions."""
        ids = [i for i in self._ids if isinstance(i, int)]
        if not ids:
            return {}
        self.flush_model(["res_model", "res_id"])
        self.env.cr.execute(
            "SELECT id, res_id FROM ir_attachment WHERE id IN %s AND res_model = %s", [tuple(ids), EVIDENCE_MODEL]
        )
        return dict(self.env.cr.fetchall())

    def _cert_forbidden_evidence(self, operation):
        """The attachments of ``self`` holding evidence that the current user may not ``operation``."""
        mapping = self._cert_evidence_versions()
        if not mapping:
            return self.browse()
        if operation != "read":
            return self.browse(list(mapping))
        versions = self.env[EVIDENCE_MODEL].browse(set(mapping.values()))
        allowed = versions.exists()._filtered_access("read")
        return self.browse([att for att, version in mapping.items() if version not in allowed._ids])

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if self.env.su:
            return result
        forbidden = self._cert_forbidden_evidence(operation)
        if not forbidden:
            return result
        if result:
            forbidden |= result[0]

        def make_error():
            return AccessError(self.env._("Sorry, you are not allowed to access this evidence file."))

        return forbidden, make_error

    @api.model
    def check(self, mode, values=None):
        if self.env.is_superuser():
            return super().check(mode, values)
        if values and values.get("res_model") == EVIDENCE_MODEL:
            raise AccessError(self.env._("Evidence files are added only by uploading a version on the evidence item."))
        mapping = self._cert_evidence_versions()
        if not mapping:
            return super().check(mode, values)
        if self._cert_forbidden_evidence(mode):
            raise AccessError(self.env._("Sorry, you are not allowed to access this evidence file."))
        # evidence files are checked above (also for the client's portal users); the others as usual
        others = self - self.browse(list(mapping))
        if others or values:
            return super(IrAttachment, others).check(mode, values)
        return True

    # ------------------------------------------------------------------ no chatter files on evidence items
    def _cert_refuse_item_files(self, vals_list):
        if any(vals.get("res_model") == ITEM_MODEL for vals in vals_list):
            raise UserError(
                self.env._(
                    "Files are added to evidence as new versions (Upload New Version), not as attachments "
                    "of a message: the upload rules and the version history apply to every file."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._cert_refuse_item_files(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._cert_refuse_item_files([vals])
        return super().write(vals)

    # ------------------------------------------------------------------ no tokens on evidence files
    def generate_access_token(self):
        evidence = self.browse(list(self._cert_evidence_versions()))
        tokens = super(IrAttachment, self - evidence).generate_access_token()
        # evidence files get no token (the list keeps the order of ``self`` for the callers)
        by_id = dict(zip((self - evidence).ids, tokens, strict=True))
        return [by_id.get(attachment.id, False) for attachment in self]

    def validate_access(self, access_token):
        if self._cert_evidence_versions():
            # the token is ignored: the evidence rules decide, for every user
            self.check("read")
            return self.sudo()
        return super().validate_access(access_token)
