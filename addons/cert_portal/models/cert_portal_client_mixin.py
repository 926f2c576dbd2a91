from odoo import models
from odoo.exceptions import AccessError


class CertPortalClientMixin(models.AbstractModel):
    """What a client does from the portal on its own records: checked here, then done as superuser."""

    _name = "cert.portal.client.mixin"
    _description = "Certification Portal: Client Actions"

    def _portal_check_client(self):
        """Refuse unless the current user reads these records and belongs to their client company.

        The check the portal actions run right before they act as superuser (the client has no write
        right on audits, and activities are the programme manager's).
        """
        self.check_access("read")
        client = self.env.user.partner_id.commercial_partner_id
        for record in self:
            if self.env.user._is_internal() or record.partner_id.commercial_partner_id != client:
                raise AccessError(self.env._("Only the client's own users can do this from the portal."))
        return True
