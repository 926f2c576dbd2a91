from odoo import fields
from odoo import models


class CertDecision(models.Model):
    """A confirmed grant drafts the certificate (domain.md §7/§8).

    - an initial (or document) audit: a new certificate, cycle 1;
    - a surveillance whose decision changes the level: a certificate superseding the current one, same cycle
      and expiry;
    - a recertification decided while the certificate is valid or suspended: a certificate superseding it
      without a gap, in the next cycle; after expiry: an initial certification again.
    """

    _inherit = "cert.decision"

    certificate_ids = fields.One2many("cert.certificate", "decision_id", string="Certificates")

    def _on_confirmed(self):
        res = super()._on_confirmed()
        for decision in self.filtered(lambda d: d.state == "confirmed" and d.outcome == "grant"):
            decision._draft_certificate()
        return res

    def _supersede_problems(self):
        """A decision whose certificate was issued stays in force: that certificate changes through its own
        life cycle (suspension, withdrawal) or through the decision on a new audit (a special audit)."""
        problems = super()._supersede_problems()
        # sudo: the decision maker may not read certificates at large; called after the group and state checks
        issued = self.sudo().certificate_ids.filtered(lambda c: c.state != "draft")
        for cert in issued:
            problems.append(
                self.env._(
                    "its certificate %(cert)s was issued (%(state)s): it changes through its own life cycle or the "
                    "decision on a new audit.",
                    cert=cert.name,
                    state=cert._workflow_state_label(cert.state),
                )
            )
        return problems

    def _certificate_values(self):
        """Values of the draft certificate this grant leads to, or None when it changes nothing."""
        self.ensure_one()
        audit = self.audit_id.sudo()
        current = audit.certificate_id
        if current and current.state in ("valid", "suspended"):
            if audit.audit_type == "recertification":
                return current._prepare_successor(self.level_id, recertification=True)
            if audit.audit_type in ("surveillance", "special") and self.level_id != current.level_id:
                return current._prepare_successor(self.level_id)
            return None
        if audit.audit_type in ("initial", "recertification", "document_review"):
            return {"application_id": audit.application_id.id, "level_id": self.level_id.id}
        return None

    def _draft_certificate(self):
        self.ensure_one()
        # Called by action_confirm right after its group, independence and grant checks: the decision maker
        # drafts the certificate the officer issues, without the right to create certificates at large.
        Certificate = self.env["cert.certificate"].sudo()
        earlier = Certificate.search([("decision_id.audit_id", "=", self.audit_id.id), ("state", "=", "draft")])
        earlier.unlink()  # a draft of a superseded decision on the same audit
        values = self._certificate_values()
        if values is None:
            return Certificate
        values["decision_id"] = self.id
        certificate = Certificate._workflow_unlocked().create(values).with_env(Certificate.env)
        self.message_post(body=self.env._("Certificate drafted for issue: %s.", certificate.display_name))
        return certificate
