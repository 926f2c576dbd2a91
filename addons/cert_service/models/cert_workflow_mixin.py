from typing import NamedTuple

from odoo import api
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError

# A context value that no RPC client can send (JSON carries no Python objects): only the model's own
# code, through ``_workflow_sudo_write``/``_workflow_write``, can turn a key.
_WORKFLOW_KEY = object()
_CONTEXT_KEY = "cert_workflow_key"


class Transition(NamedTuple):
    """One declared move of a state machine.

    :param sources: states the move starts from
    :param target: the state it leads to
    :param groups: xml ids of the groups allowed to run it (any of them); empty = any user who may write
    :param label: translated name of the action, a verb (an ``_lt`` string: "submit"), shown in refusals
    """

    sources: tuple
    target: str
    groups: tuple
    label: object


class CertWorkflowMixin(models.AbstractModel):
    """State machines and key fields shared by the certification workflows.

    A model declares its transitions once in ``_workflow_transitions()`` (action name → ``Transition``)
    and moves only through ``_workflow_move(action, values)``, which checks the caller's group and the
    current state, then writes. ``state`` and the fields named by ``_workflow_key_fields()`` (what a
    record rule, an access computation, a guard or a side effect reads) are refused to plain
    ``write``/``create`` calls, whoever makes them: only the model's code can turn a key, through
    ``_workflow_write``. ``_workflow_create_fields()`` are keys that may be given when creating.
    """

    _name = "cert.workflow.mixin"
    _inherit = ["cert.input.mixin"]
    _description = "Certification Workflow Guards"

    # ------------------------------------------------------------------ declarations (override)
    def _workflow_transitions(self):
        """Action method name → ``Transition``."""
        return {}

    def _workflow_key_fields(self):
        """Fields only the model's own code writes (besides ``state`` and stored computed/related fields)."""
        return set()

    def _workflow_create_fields(self):
        """Key fields that may be given on ``create`` (then never written again from outside)."""
        return set()

    # ------------------------------------------------------------------ guard of write/create
    def _workflow_is_unlocked(self):
        value = self.env.context.get(_CONTEXT_KEY)
        return isinstance(value, tuple) and value[0] is _WORKFLOW_KEY and self._name in value[1]

    def _workflow_unlocked(self):
        """This recordset with its keys unlocked, for the model's own code only."""
        value = self.env.context.get(_CONTEXT_KEY)
        names = value[1] if isinstance(value, tuple) and value[0] is _WORKFLOW_KEY else frozenset()
        return self.with_context(**{_CONTEXT_KEY: (_WORKFLOW_KEY, names | {self._name})})

    def _workflow_locked_fields(self):
        # Every model of the mixin: its state, its keys and its stored computations.
        computed = {
            name
            for name, field in self._fields.items()
            if field.store and (field.compute or field.related) and field.readonly
        }
        keys = set(self._workflow_key_fields()) | computed
        if "state" in self._fields:
            keys.add("state")
        return keys

    def _workflow_refuse_fields(self, names):
        descriptions = ", ".join(sorted(self._fields[name]._description_string(self.env) for name in names))
        raise UserError(
            self.env._(
                "%(model)s: %(fields)s cannot be changed directly; use the actions of the record.",
                model=self._description,
                fields=descriptions,
            )
        )

    def write(self, vals):
        if not self._workflow_is_unlocked():
            locked = self._workflow_locked_fields() & set(vals)
            if locked:
                self._workflow_refuse_fields(locked)
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        if not self._workflow_is_unlocked():
            allowed = set(self._workflow_create_fields())
            locked = self._workflow_locked_fields() - allowed
            for vals in vals_list:
                given = locked & {name for name, value in vals.items() if value}
                if "state" in given and vals["state"] == self._fields["state"].default(self):
                    given.discard("state")
                if given:
                    self._workflow_refuse_fields(given)
        return super().create(vals_list)

    # ------------------------------------------------------------------ transitions
    def _workflow_state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env)).get(state, state)

    def _workflow_allowed_actions(self, state):
        """Translated labels of the actions the current user may run from ``state``."""
        return [
            str(transition.label)
            for transition in self._workflow_transitions().values()
            if state in transition.sources and self._workflow_user_may(transition)
        ]

    def _workflow_user_may(self, transition):
        return self.env.su or not transition.groups or any(self.env.user.has_group(g) for g in transition.groups)

    def _workflow_check(self, action):
        """Refuse ``action`` unless the caller is in one of its groups and every record is in a source state.

        :param action: a declared action name, or a ``Transition`` (target ignored) for an action that
            checks group and state without moving the record
        """
        transition = action if isinstance(action, Transition) else self._workflow_transitions()[action]
        if not self._workflow_user_may(transition):
            raise AccessError(
                self.env._(
                    "You are not allowed to %(action)s: %(model)s.",
                    action=str(transition.label),
                    model=self._description,
                )
            )
        for record in self:
            if record.state not in transition.sources:
                allowed = record._workflow_allowed_actions(record.state)
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: you cannot %(action)s it now. Possible now: %(allowed)s.",
                        record=record.display_name,
                        state=record._workflow_state_label(record.state),
                        action=str(transition.label),
                        allowed=", ".join(allowed) or self.env._("nothing"),
                    )
                )
        return transition

    def _workflow_move(self, action, values=None):
        """Check ``action`` (group, state) and move the records to its target state with ``values``."""
        transition = self._workflow_check(action)
        self._workflow_write(dict(values or {}, state=transition.target))
        return transition

    def _workflow_write(self, values):
        """Write keys from the model's own code (after its checks), with the caller's access rights."""
        return self._workflow_unlocked().write(values)

    def _workflow_sudo_write(self, values):
        """Write keys as superuser: call only right after the check that grants the change."""
        return self._workflow_unlocked().sudo().write(values)

    def _check_state(self, allowed, action):
        """Older guard, kept until every model declares its transitions: refuse records outside ``allowed``."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for record in self:
            if record.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: it cannot be %(action)s.",
                        record=record.display_name,
                        state=labels[record.state],
                        action=action,
                    )
                )

    # ------------------------------------------------------------------ readiness
    def _check_ready(self, problems, message):
        """Refuse when ``problems(record)`` lists anything.

        :param problems: callable returning a list of translated sentences for one record
        :param message: translated text with ``%(record)s`` and ``%(problems)s``
        """
        for record in self:
            found = problems(record)
            if found:
                raise UserError(
                    message % {"record": record.display_name, "problems": "\n".join("- " + p for p in found)}
                )
