import json
import logging
import secrets

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.models.cert_workflow_mixin import Transition
from odoo.tools.translate import LazyTranslate

from ..lib import signed_answer

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)
MANAGER = ("cert_service.group_cert_manager",)
#: name of a key's private half in the secret store (``cert.secret``), followed by its kid
SECRET_PREFIX = "cert_portal.signing_key."

# The active key and its private half, joined to the certificate's one-row query of the JSON answer (see
# ``cert.certificate._public_facts``): the answer is signed without a query of its own and with the key
# active in the same snapshot as the facts, whatever the worker or server. The secret store decodes the
# column it reads (``cert.secret._cert_secret_decode``).
ACTIVE_KEY_COLUMNS = ", sk.kid AS signing_kid, sk.secret AS signing_secret"
ACTIVE_KEY_JOIN = f"""
 LEFT JOIN LATERAL (
        SELECT k.kid, sec.value AS secret
          FROM cert_portal_signing_key k
          JOIN cert_secret sec ON sec.name = '{SECRET_PREFIX}' || k.kid
         WHERE k.state = 'active'
         LIMIT 1) sk ON TRUE
"""


class CertPortalSigningKey(models.Model):
    """A key with which the certification body signs its public verification answers (Ed25519).

    Only the public half is a field; the private half lives in the secret store (``cert.secret``), which no
    user reads, and is dropped when the key is retired: a retired key can no longer sign, but stays
    published in the JWK set with its validity, so that the answers it signed remain checkable. One key is
    active at a time (a partial unique index); the CB manager rotates it.
    """

    _name = "cert.portal.signing.key"
    _inherit = ["cert.workflow.mixin"]
    _description = "Answer Signing Key"
    _order = "valid_from desc, id desc"
    _rec_name = "kid"

    kid = fields.Char("Key ID", required=True, readonly=True, index=True)
    algorithm = fields.Selection(
        [(signed_answer.ALGORITHM, "EdDSA (Ed25519)")],
        required=True,
        readonly=True,
        default=signed_answer.ALGORITHM,
    )
    public_jwk = fields.Text("Public Key (JWK)", required=True, readonly=True)
    valid_from = fields.Datetime(required=True, readonly=True)
    valid_to = fields.Datetime(readonly=True, help="Empty while the key is active.")
    state = fields.Selection(
        [("active", "Active"), ("retired", "Retired")], required=True, readonly=True, default="active"
    )

    _sql_constraints = [("kid_unique", "unique(kid)", "A signing key of this key ID already exists.")]

    def init(self):  # pylint: disable=missing-return
        super().init()
        # one key signs at a time, whatever the concurrent rotations
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS cert_portal_signing_key_one_active"
            " ON cert_portal_signing_key (state) WHERE state = 'active'"
        )

    def _workflow_transitions(self):
        return {"action_rotate": Transition(("active",), "retired", MANAGER, _lt("rotate"))}

    def _workflow_key_fields(self):
        return {"kid", "algorithm", "public_jwk", "valid_from", "valid_to"}

    # ------------------------------------------------------------------ actions
    def action_rotate(self):
        """Retire this key and make a new one active: answers are signed with the new key from now on; the old
        one stays published with its validity, and its private half is destroyed."""
        self.ensure_one()
        self._workflow_check("action_rotate")
        # a concurrent rotation of the same key waits for none: Odoo retries the request, which then finds
        # the key retired and says so
        self.env.cr.execute("SELECT id FROM cert_portal_signing_key WHERE id = %s FOR UPDATE NOWAIT", [self.id])
        self.invalidate_recordset(["state"])
        self._workflow_check("action_rotate")
        now = fields.Datetime.now()
        # sudo (inside): the transition's check above allows the CB manager to rotate; no group writes keys
        self._workflow_sudo_write({"state": "retired", "valid_to": now})
        self.flush_recordset()  # the retired row first: one active key at a time
        # sudo: same check; the secret store has no access rights of its own
        self.env["cert.secret"].sudo()._cert_secret_drop(self._secret_name())
        # sudo: same check (creating a key is part of the rotation the manager may run)
        new = self.sudo()._create_key(now)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
            "target": "current",
        }

    @api.model
    def _ensure_active_key(self):
        """Make a key when none is active (at install, so that answers are signed out of the box)."""
        # sudo: called by the module's data at install and update, no user input
        keys = self.sudo()
        if not keys.search_count([("state", "=", "active")]):
            keys._create_key(fields.Datetime.now())
        return True

    @api.model
    def _create_key(self, valid_from):
        kid = f"{valid_from:%Y%m%d}-{secrets.token_hex(4)}"
        private_pem = signed_answer.new_private_key()
        self.env["cert.secret"]._cert_secret_put(SECRET_PREFIX + kid, private_pem)
        vals = {
            "kid": kid,
            "algorithm": signed_answer.ALGORITHM,
            "public_jwk": json.dumps(signed_answer.public_jwk(private_pem, kid), sort_keys=True),
            "valid_from": valid_from,
            "state": "active",
        }
        return self._workflow_unlocked().create(vals)

    def _secret_name(self):
        self.ensure_one()
        return SECRET_PREFIX + self.kid

    # ------------------------------------------------------------------ public answers
    @api.model
    def _published_keys(self):
        """The JWK set (RFC 7517) of every key, active and retired, each with its validity (one query)."""
        # sudo: public keys and their validity are public by design (anyone checks the answers with them)
        keys = self.sudo().search_fetch([], ["kid", "public_jwk", "valid_from", "valid_to"])
        return {
            "keys": [
                signed_answer.published_jwk(json.loads(key.public_jwk), key.valid_from, key.valid_to) for key in keys
            ]
        }

    @api.model
    def _sign_answer(self, answer, facts):
        """``answer`` with its ``signature`` member, signed with the active key read along ``facts``
        (``_public_facts(..., signing=True)``); unsigned when no key is active (logged)."""
        kid, secret = facts.get("signing_kid"), facts.get("signing_secret")
        if not (kid and secret):
            _logger.warning("No active answer signing key: the verification answer is sent unsigned")
            return answer
        private_pem = self.env["cert.secret"]._cert_secret_decode(secret)
        return dict(answer, signature=signed_answer.sign(answer, private_pem, kid, fields.Datetime.now()))
