from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..lib import certificates
from .cert_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
#: the reason list each transition picks from (domain.md §7); the others need none
REASON_KIND = {"action_suspend": "suspension", "action_withdraw": "withdrawal", "action_cancel": "cancellation"}
OFFICERS = ("cert_service.group_cert_officer", "cert_service.group_cert_manager")


class CertCertificate(models.Model):
    """The life cycle of a certificate (domain.md §7): its transitions and the condition each states, the
    moves with their reason, date and history row, and the wizard that asks for the reason."""

    _inherit = "cert.certificate"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ transitions
    def _workflow_transitions(self):
        return {
            "action_issue": Transition(("draft",), "valid", OFFICERS, _lt("issue")),
            "action_suspend": Transition(("valid",), "suspended", OFFICERS, _lt("suspend")),
            "action_restore": Transition(("suspended",), "valid", OFFICERS, _lt("restore")),
            "action_withdraw": Transition(("valid", "suspended"), "withdrawn", OFFICERS, _lt("withdraw")),
            "action_cancel": Transition(("valid", "suspended"), "cancelled", OFFICERS, _lt("cancel")),
            "action_expire": Transition(("valid", "suspended"), "expired", OFFICERS, _lt("expire")),
            # a suspended certificate is replaced too (recertification, level change): never two in force
            "action_supersede": Transition(certificates.IN_FORCE, "superseded", OFFICERS, _lt("supersede")),
        }

    def _transition_problems(self, action):
        """Translated reasons why ``action`` cannot run on this certificate today: the condition each
        transition states besides its source states and groups (``lib/certificates.transition_blocker``).
        The reasons and notes a move asks for are checked by ``_move``."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        pending = bool(self.successor_ids.filtered(lambda s: s.state == "draft"))
        blocker = certificates.transition_blocker(action, today, self.expiry_date, pending)
        if blocker == "not_expired":
            return [
                self.env._(
                    "%(cert)s is valid until %(date)s: it expires on that date (the daily job expires it). To end "
                    "it earlier, withdraw or cancel it with the reason.",
                    cert=self.display_name,
                    date=self.expiry_date or "-",
                )
            ]
        if blocker == "expired":
            return [
                self.env._(
                    "%(cert)s expires on %(date)s: a certificate past its expiry date is expired, never valid.",
                    cert=self.display_name,
                    date=self.expiry_date,
                )
            ]
        if blocker == "no_successor":
            return [self.env._("A certificate is superseded by issuing the certificate that replaces it.")]
        return []

    def _check_transition(self, action):
        """Refuse ``action`` on any of these certificates whose condition does not hold today."""
        for cert in self:
            problems = cert._transition_problems(action)
            if problems:
                raise UserError("\n".join(problems))

    def _workflow_allowed_actions(self, state):
        # "Possible now" names only the moves whose condition holds today (no "expire" in the middle of
        # the validity, no "supersede" without a successor)
        allowed = super()._workflow_allowed_actions(state)
        if len(self) != 1 or self.state != state:
            return allowed
        blocked = {
            str(transition.label)
            for action, transition in self._workflow_transitions().items()
            if state in transition.sources and self._transition_problems(action)
        }
        return [label for label in allowed if label not in blocked]

    # ------------------------------------------------------------------ transitions with a reason
    def _move(self, action, reason=None, note=None, values=None, check_group=True):
        """Run ``action`` with its reason, date and user, record the history row, regenerate the PDF.

        :param check_group: False only for moves the model makes itself as a consequence of a checked
            one (the old certificate superseded by the issue of its successor, the daily job's moves)
        """
        transition = self._workflow_transitions()[action]
        # state and group first (the caller's "possible now"), then the transition's own condition
        (self if check_group else self.sudo())._workflow_check(action)
        self._check_transition(action)
        kind = REASON_KIND.get(action)
        reason = reason or self.env["cert.certificate.reason"]
        if kind and (not reason or reason.kind != kind):
            raise UserError(
                self.env._(
                    "Give the reason for this change (%(kind)s).",
                    kind=dict(self.env["cert.certificate.reason"]._fields["kind"]._description_selection(self.env))[
                        kind
                    ],
                )
            )
        today = fields.Date.context_today(self)
        froms = {cert.id: cert.state for cert in self}
        values = dict(values or {}, state_date=today, state_reason_id=reason.id, state_note=note or False)
        if transition.target == "suspended":
            values["suspended_date"] = today
        elif transition.target == "valid":
            values["suspended_date"] = False
        if check_group:
            self._workflow_move(action, values)
        else:
            # the model's own consequence of a checked move: state and condition checked above, not the
            # caller's group
            self._workflow_sudo_write(dict(values, state=transition.target))
        if transition.target in certificates.IN_FORCE:
            self._flush_in_force()
        # History rows are written only here, right after the checked move above.
        self.env["cert.certificate.status"].sudo().create(
            [
                {
                    "certificate_id": cert.id,
                    "from_state": froms[cert.id],
                    "to_state": transition.target,
                    "date": today,
                    "user_id": self.env.uid,
                    "reason_id": reason.id,
                    "note": note or False,
                }
                for cert in self
            ]
        )
        label = dict(self._fields["state"]._description_selection(self.env))[transition.target]
        for cert in self:
            body = self.env._("Certificate status: %(state)s.", state=label)
            if reason:
                body += " " + self.env._("Reason: %s", reason.name)
            if note:
                body += " " + note
            cert.message_post(body=body)
        # a move the job makes on its own must not wait for a font on the server: it is logged instead
        self._render_pdf(raise_on_missing_font=check_group)
        return label

    def _open_transition_wizard(self, action):
        self._workflow_check(action)
        self._check_transition(action)
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.certificate.transition",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Change of Certificate Status"),
            "context": {"default_certificate_ids": self.ids, "default_action": action},
        }

    def action_suspend(self):
        return self._open_transition_wizard("action_suspend")

    def action_restore(self):
        return self._open_transition_wizard("action_restore")

    def action_withdraw(self):
        return self._open_transition_wizard("action_withdraw")

    def action_cancel(self):
        return self._open_transition_wizard("action_cancel")

    def action_expire(self):
        """Expire once the expiry date is reached, before the daily job does (never earlier)."""
        self._move("action_expire", note=self.env._("Validity ended."))
        return True

    def action_supersede(self):
        raise UserError(self.env._("A certificate is superseded by issuing the certificate that replaces it."))

    # ------------------------------------------------------------------ history
    def action_view_status_history(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.certificate.status",
            "view_mode": "list",
            "domain": [("certificate_id", "=", self.id)],
            "name": self.env._("Status History"),
        }
