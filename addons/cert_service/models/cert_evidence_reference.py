from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError


class CertEvidenceReference(models.Model):
    """A record (audit score line, finding, decision…) that relies on an evidence item: link integrity.

    Holds the lock API: ``_cert_lock`` records the reference and locks the items, ``_cert_release`` drops
    the references (the lock stays until a CB manager unlocks, see ``cert.evidence._cert_unlock``).
    """

    _name = "cert.evidence.reference"
    _description = "Evidence Reference"
    _inherit = ["cert.workflow.mixin", "cert.evidence.security.mixin"]
    _order = "id desc"

    evidence_id = fields.Many2one("cert.evidence", required=True, ondelete="restrict", index=True)
    version_id = fields.Many2one("cert.evidence.version", ondelete="restrict", string="Version Referenced")
    res_model = fields.Char("Referrer Model", required=True, index=True)
    res_id = fields.Many2oneReference("Referrer ID", model_field="res_model", required=True, index=True)
    # the referrers are internal records (score lines, findings, decisions): their names are not the client's
    description = fields.Char(groups="base.group_user")
    referrer_name = fields.Char(compute="_compute_referrer_name", string="Referenced By", groups="base.group_user")

    @api.depends("res_model", "res_id")
    def _compute_referrer_name(self):
        for ref in self:
            ref.referrer_name = ref._cert_referrer_name()

    def _cert_referrer_name(self):
        self.ensure_one()
        model = self.env["ir.model"]._get(self.res_model)
        label = model.name if model else self.res_model
        # sudo: the name of the referrer, shown to internal users only (portal users read no references)
        record = self.env[self.res_model].sudo().browse(self.res_id).exists() if self.res_model in self.env else None
        what = record.display_name if record else self.description or f"#{self.res_id}"
        return f"{label} {what}"

    def _cert_referrer_active(self):
        self.ensure_one()
        return self.res_model in self.env and bool(self.env[self.res_model].sudo().browse(self.res_id).exists())

    def _workflow_client_field(self):
        return "evidence_id.partner_id"

    def _cert_permission_domain(self, operation):
        return self._cert_evidence_child_domain(operation)

    # ------------------------------------------------------------------ the lock API (for cert_audit)
    @api.model
    def _cert_lock(self, items, referrer, description=None):
        """Record that ``referrer`` relies on ``items`` and lock them.

        Each item gets a reference row (with the version current at that time) and is locked: no new
        version, no metadata change, no deletion or archiving, until a CB manager unlocks it with a reason.
        """
        if not self.env.su and items.with_env(self.env)._filtered_access("read") != items:
            raise AccessError(self.env._("You may only reference evidence you can read."))
        # sudo: references and locks are written by this API only, after the check above
        references = self.sudo()
        for item in items.sudo():
            existing = references.search(
                [("evidence_id", "=", item.id), ("res_model", "=", referrer._name), ("res_id", "in", referrer.ids)]
            )
            references.create(
                [
                    {
                        "evidence_id": item.id,
                        "version_id": item.current_version_id.id,
                        "res_model": record._name,
                        "res_id": record.id,
                        "description": description or record.display_name,
                    }
                    for record in referrer
                    if record.id not in existing.mapped("res_id")
                ]
            )
            if not item.locked:
                item._workflow_write({"locked": True, "locked_date": fields.Datetime.now()})
                item._cert_log("lock", item.state, description or referrer.display_name)
                item.message_post(
                    body=self.env._(
                        "Locked: referenced by %(referrer)s.", referrer=", ".join(referrer.mapped("display_name"))
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return True

    @api.model
    def _cert_release(self, items, referrer):
        """Drop the references of ``referrer`` to ``items`` (e.g. when it is deleted)."""
        # sudo: references are read-only rows; only the referrer's own code releases its references
        self.sudo().search(
            [("evidence_id", "in", items.ids), ("res_model", "=", referrer._name), ("res_id", "in", referrer.ids)]
        ).unlink()
        return True
