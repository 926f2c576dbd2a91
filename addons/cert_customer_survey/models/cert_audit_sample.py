import secrets

from odoo import models
from odoo.exceptions import UserError

from ..lib import sampling


class CertAudit(models.Model):
    """The audit's call-back sample: drawn (stratified, with its reserve list) from the imported service orders,
    drawn again only with a reason and until the first call is recorded."""

    _inherit = "cert.audit"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ sample
    def action_draw_sample(self):
        """Draw the call-back sample; drawing again asks for the reason (wizard)."""
        self.ensure_one()
        if self.sample_draw_ids:
            return {
                "type": "ir.actions.act_window",
                "res_model": "cert.service.sample.redraw",
                "view_mode": "form",
                "target": "new",
                "context": {"default_audit_id": self.id},
            }
        self._survey_draw()
        return True

    def _survey_draw(self, reason=None, seed=None):
        """Draw the stratified sample and its reserve list from a new (or given) seed, and record the draw.

        A constant number of queries whatever the number of orders and outlets: one read of the population
        (order and outlet together, no search per outlet), one insert of the draw, one insert of the lines.
        """
        self.ensure_one()
        self._survey_check_team(self.env._("draw the call-back sample"), ("planned", "confirmed", "in_progress"))
        self._survey_lock()
        self._survey_invalidate()
        # sudo: the team or an officer of the audit (checked above) replaces the audit's sample; the draw and its
        # lines are the model's own records, never written from outside
        Draw = self.env["cert.service.sample.draw"]._workflow_unlocked().sudo()
        Line = self.env["cert.service.sample.line"]._workflow_unlocked().sudo()
        old = Draw.search([("audit_id", "=", self.id), ("current", "=", True)])
        if old and not (reason or "").strip():
            raise UserError(self.env._("The sample was drawn already: give the reason for drawing it again."))
        if self.sample_fixed:
            raise UserError(
                self.env._("%s: a call is recorded, the sample is fixed and cannot be drawn again.", self.display_name)
            )
        self.env.cr.execute("SELECT id, site_id FROM cert_service_order WHERE audit_id = %s", [self.id])
        population = self.env.cr.fetchall()
        if not population:
            raise UserError(self.env._("%s has no service orders to sample: import them first.", self.display_name))
        scheme = self.scheme_id
        size = sampling.sample_size(len(population), scheme.callback_sample_size, scheme.callback_sample_minimum)
        seed = seed or secrets.token_hex(8)
        drawn = sampling.draw(population, seed, size)
        Line.search([("audit_id", "=", self.id)]).unlink()
        old._workflow_sudo_write({"current": False})
        draw = Draw.create(
            {
                "audit_id": self.id,
                "seed": seed,
                "population": len(population),
                "sample_size": size,
                "reserve_size": len(drawn) - size,
                "reason": reason,
                "drawn_by_id": self.env.uid,
                "current": True,
            }
        )
        Line._survey_insert(self, draw, drawn)
        if reason:
            body = self.env._(
                "Call-back sample drawn again (seed %(seed)s, %(size)s of %(population)s orders). Reason: %(reason)s",
                seed=seed,
                size=size,
                population=len(population),
                reason=reason,
            )
        else:
            body = self.env._(
                "Call-back sample drawn (seed %(seed)s, %(size)s of %(population)s orders).",
                seed=seed,
                size=size,
                population=len(population),
            )
        self.message_post(body=body)
        self._survey_invalidate()
        return draw
