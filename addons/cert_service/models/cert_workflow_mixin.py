import uuid
from typing import NamedTuple

import psycopg2

from odoo import api
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

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


class FieldRule(NamedTuple):
    """Who may change some ordinary (non-key) fields, and in which states of the record.

    :param fields: names of the fields the rule covers
    :param states: states (of ``_workflow_rule_state()``) in which they may change; ``None``: any state
    :param groups: xml ids of the groups allowed to change them (any of them); empty = any user who may write
    :param reason: translated sentence said when the state refuses (an ``_lt`` string), or ``None`` for the
        generic "can be changed only while it is …"
    """

    fields: frozenset
    states: tuple | None = None
    groups: tuple = ()
    reason: object = None


class CertWorkflowMixin(models.AbstractModel):
    """State machines and key fields shared by the certification workflows.

    A model declares its transitions once in ``_workflow_transitions()`` (action name → ``Transition``)
    and moves only through ``_workflow_move(action, values)``, which checks the caller's group and the
    current state, then writes. ``state`` and the fields named by ``_workflow_key_fields()`` (what a
    record rule, an access computation, a guard or a side effect reads) are refused to plain
    ``write``/``create`` calls, whoever makes them: only the model's code can turn a key, through
    ``_workflow_write``. ``_workflow_create_fields()`` are keys that may be given when creating.

    Next to them a model declares ``_workflow_field_rules()`` (ordinary fields editable only in some states
    and/or by some groups) and ``_workflow_client_field()`` (the field holding the client it belongs to): a
    record may link another record that belongs to a client only when it is the same client.
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

    def _workflow_field_rules(self):
        """``FieldRule``s of the ordinary fields that only some groups, or only some states, may change."""
        return ()

    def _workflow_rule_state(self):
        """The state ``FieldRule.states`` speaks of (a model without a state of its own reads its parent's)."""
        self.ensure_one()
        return self.state

    def _workflow_rule_state_label(self, state):
        return self._workflow_state_label(state)

    def _workflow_client_field(self):
        """Path (``partner_id``, ``audit_id.partner_id``) to the client (``res.partner``) this record belongs
        to; empty for a model whose records belong to no client."""
        return ""

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
        # state moves through the transitions; a portal token (portal.mixin) opens the record to whoever
        # holds it: generated by the model, rotated by ``action_rotate_access_token``
        keys |= {"state", "access_token"} & set(self._fields)
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

    def _workflow_check_field_rules(self, names):
        """Refuse a change of ``names`` that a declared ``FieldRule`` does not allow to this user, in this state."""
        for rule in self._workflow_field_rules():
            touched = names & set(rule.fields)
            if not touched:
                continue
            if not self._workflow_user_may(rule):
                raise AccessError(
                    self.env._(
                        "You are not allowed to change %(fields)s: %(model)s.",
                        fields=self._workflow_field_labels(touched),
                        model=self._description,
                    )
                )
            if rule.states is None:
                continue
            for record in self:
                state = record._workflow_rule_state()
                if state in rule.states:
                    continue
                if rule.reason is not None:
                    raise UserError(str(rule.reason) % {"record": record.display_name})
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: %(fields)s can be changed only while it is %(allowed)s.",
                        record=record.display_name,
                        state=record._workflow_rule_state_label(state),
                        fields=self._workflow_field_labels(touched),
                        allowed=self.env._(" or ").join(record._workflow_rule_state_label(s) for s in rule.states),
                    )
                )

    def _workflow_field_labels(self, names):
        return ", ".join(sorted(self._fields[name]._description_string(self.env) for name in names))

    def _workflow_client(self):
        """The client (commercial partner) each record belongs to: {record id: partner}."""
        path = self._workflow_client_field()
        return {record.id: record.mapped(path).commercial_partner_id for record in self} if path else {}

    def _workflow_client_links(self, names):
        """Those of ``names`` that link records declaring a client, when this model declares one."""
        if not self._workflow_client_field():
            return []
        links = []
        for name in sorted(names):
            field = self._fields.get(name)
            if not field or field.type not in ("many2one", "many2many", "one2many"):
                continue
            comodel = self.env[field.comodel_name]
            if isinstance(comodel, CertWorkflowMixin) and comodel._workflow_client_field():
                links.append(name)
        return links

    def _workflow_check_clients(self, names):
        """Refuse links (through ``names``) from these records to records of another client.

        Both ends must declare their client (``_workflow_client_field``); a record with no client (the CB's
        own) links and is linked freely.

        """
        links = self._workflow_client_links(names)
        if not links:
            return
        # sudo: compares owners only; the client of a linked record must be read even when the caller
        # cannot see it (a link to another client's record is refused all the more)
        records = self.sudo()
        owners = records._workflow_client()
        for name in links:
            field = self._fields[name]
            for record in records:
                own = owners[record.id]
                linked = record[name]
                if not (own and linked):
                    continue
                theirs = linked._workflow_client()
                foreign = linked.filtered(
                    lambda other, own=own, theirs=theirs: theirs[other.id] not in (own, own.browse())
                )
                if foreign:
                    raise ValidationError(
                        self.env._(
                            "%(record)s belongs to %(client)s: its %(field)s cannot be %(other)s, which belongs "
                            "to another client.",
                            record=record.display_name,
                            client=own.display_name,
                            field=field._description_string(self.env),
                            other=foreign[:1].display_name,
                        )
                    )

    def _workflow_check_not_moved(self, before):
        """Refuse a plain write that moved records to another client (only the model's own actions may)."""
        after = self.sudo()._workflow_client()
        for record in self:
            if before[record.id] and after[record.id] != before[record.id]:
                raise ValidationError(
                    self.env._(
                        "%(record)s belongs to %(client)s: it cannot be moved to another client.",
                        record=record.display_name,
                        client=before[record.id].display_name,
                    )
                )

    def write(self, vals):
        if not self._workflow_is_unlocked():
            locked = self._workflow_locked_fields() & set(vals)
            if locked:
                self._workflow_refuse_fields(locked)
            self._workflow_check_field_rules(set(vals))
        links = self._workflow_client_links(set(vals))
        # sudo: who the records belong to before the write (a plain write never moves one to another client)
        before = self.sudo()._workflow_client() if links and not self._workflow_is_unlocked() else None
        res = super().write(vals)
        self._workflow_check_clients(set(vals))
        if before:
            self._workflow_check_not_moved(before)
        return res

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
        records = super().create(vals_list)
        records._workflow_check_clients({name for vals in vals_list for name in vals})
        return records

    # ------------------------------------------------------------------ portal tokens
    def _portal_ensure_token(self):
        # portal.mixin writes the token lazily, the first time a link is shared: the model's own code
        return super(CertWorkflowMixin, self._workflow_unlocked())._portal_ensure_token()

    def _workflow_rotate_access_token(self):
        """Give the records a new portal token: the links shared with the old one stop working.

        The public action of the models that have a portal token (``action_rotate_access_token``) calls it.
        """
        if not (self.env.su or self.env.user.has_group("cert_service.group_cert_officer")):
            raise AccessError(self.env._("Only a certification officer can renew the shared link of a record."))
        self.check_access("write")
        for record in self:
            record._workflow_write({"access_token": str(uuid.uuid4())})
        return True

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

    def _workflow_flush_refused(self, constraint, whole_model=False):
        """Write the pending changes of these records now, under a savepoint: True when the database refused
        them for ``constraint`` (a unique index or an exclusion constraint), False when they are written.

        Called once the Python checks passed: the clash is then with a row another transaction committed
        meanwhile, which this transaction's snapshot does not show; the caller words the refusal.

        :param whole_model: flush every pending column of the model (a later update of the row would be
            checked again), not only these records'
        """
        try:
            with self.env.cr.savepoint(flush=False):
                if whole_model:
                    self.flush_model()
                else:
                    self.flush_recordset()
        except (psycopg2.errors.UniqueViolation, psycopg2.errors.ExclusionViolation) as error:
            if error.diag.constraint_name != constraint:
                raise
            return True
        return False

    def _workflow_refuse_states(self, allowed, consequence):
        """Refuse the records whose state is not in ``allowed`` with "<record> is <state>: <consequence>".

        For a condition on the state of a record that is not one of its own transitions (a change to
        another record it belongs to, a link to it).

        :param consequence: translated sentence saying what cannot be done now
        """
        for record in self:
            if record.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: %(consequence)s",
                        record=record.display_name,
                        state=record._workflow_state_label(record.state),
                        consequence=consequence,
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
