import base64

from odoo import api
from odoo import fields
from odoo import models


class CertSecret(models.Model):
    """Private keys and other secrets that only server code may read.

    The model has no access rights for any group, so no user, the administrator included, can read, search,
    export or write it over the UI, XML-RPC or JSON-RPC; its only doors are the private methods below, which
    RPC cannot call. Code that calls them has already checked that its user may use the secret (for example
    the CB manager's settings screen that stores a signing key, or the signing step of an action the user is
    allowed to run).
    """

    _name = "cert.secret"
    _description = "Certification Secret"
    _log_access = False

    name = fields.Char(required=True, index=True)
    value = fields.Binary(attachment=False, required=True)

    _sql_constraints = [("name_unique", "unique(name)", "A secret of this name already exists.")]

    def _cert_secret_put(self, name, value):
        """Store ``value`` (bytes) under ``name``, replacing what was there."""
        encoded = base64.b64encode(value)
        # sudo: no group has access to secrets; the caller checked its user's right to store this one
        secrets = self.sudo().search([("name", "=", name)], limit=1)
        if secrets:
            secrets.value = encoded
        else:
            secrets.create({"name": name, "value": encoded})

    def _cert_secret_get(self, name):
        """The bytes stored under ``name``, or None."""
        # sudo: no group has access to secrets; the caller checked its user's right to use this one
        secret = self.sudo().search([("name", "=", name)], limit=1)
        return self._cert_secret_decode(secret.value) if secret else None

    @api.model
    def _cert_secret_decode(self, stored):
        """The bytes of a stored value, as ``_cert_secret_get`` returns them; for code that reads the column
        ``value`` in a query of its own (joined to the facts it signs, so that both come from one snapshot)."""
        return base64.b64decode(bytes(stored))

    def _cert_secret_drop(self, name):
        # sudo: no group has access to secrets; the caller checked its user's right to remove this one
        self.sudo().search([("name", "=", name)]).unlink()
