from odoo import models


class CertPortalPageMixin(models.AbstractModel):
    """A record with its own page in the client's portal: ``/my/certification/<section>/<id>``.

    The inheriting model names its section (``_portal_section``); the portal controller serves it.
    """

    _name = "cert.portal.page.mixin"
    _inherit = ["portal.mixin"]
    _description = "Certification Portal: Record Page"
    _portal_section = None

    def action_rotate_access_token(self):
        """Renew the link shared with the client (the records' workflow checks who may)."""
        return self._workflow_rotate_access_token()

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for record in self:
            record.access_url = f"/my/certification/{self._portal_section}/{record.id}"
