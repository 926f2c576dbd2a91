"""The security matrix runner: every role against every model of one addon, cell by cell.

Each addon keeps its own data in one test module (``tests/test_*_security_matrix.py``, cert_service's is
``test_service_security.py``): the expected outcomes (``MATRIX``), its key fields (``KEYS``), the records the
cells play on (``_matrix_data``) and the test class that runs them. This module only plays and compares.

**A cell** is one thing one role tries on the *target* record of one model (client A's):
``(role, model, op, name)`` where ``op`` is

- ``search`` (the target found?), ``read`` (``name`` empty: every field not restricted to groups; ``name`` a
  field with ``groups``: that field alone), ``write`` (``name``: the field written, one by one, with a valid
  value generated from ``_fields``), ``create`` (the data set's values), ``unlink``, ``action`` (``name``: a
  public ``action_*`` method), ``reveal`` (``name``: a field that shows personal data masked to some readers;
  see ``REVEAL``).

Each cell runs as that role in a savepoint that is always rolled back, and gives one **outcome**: ``ok``,
``hidden`` (search ran, target not found), ``access`` (``AccessError``), ``user`` (``UserError``/
``ValidationError``, or a database refusal, which Odoo answers as a ``ValidationError``), ``clear``/
``masked`` (``reveal`` only), ``crash`` (anything else: always a failure).

**A row** is what one role may do on one model: ``MATRIX[model][role]``, a dict whose keys are
``"<op>:<name>"`` (fnmatch patterns allowed), ``"write_keys"`` (a write of a key field) or ``"<op>"``, and whose
values are an outcome or a set of them (``DENY`` = access or user, ``RUN`` = ok or user: the role may try, the
state decides, ``ANY``). Profiles such as ``READ``, ``EDIT``, ``FULL`` and ``WIZARD`` build rows.

**The expected outcome of a cell** is decided in one place, ``expected()``: the first of

1. the role's row ``"<op>:<name>"`` (the exact name, then the patterns in the row's order);
2. ``COMMON["<op>:<name>"]``: the same for every model and role (navigation actions, mail's own fields);
3. the role's row ``"write_keys"``, for a write of a key field;
4. the role's row ``"<op>"``;
5. ``NOTHING[op]``: a role without a row, or whose row does not name the operation, may do nothing.

Key fields are ``state``, a portal ``access_token``, stored computed/related read-only fields and the fields
the data file lists in ``KEYS``: data of the matrix, never read from the declarations it checks.

**Transports.** ``test_matrix`` plays every cell of every role through the ORM. ``test_matrix_http`` plays
over JSON-RPC (``/web/dataset/call_kw``, ``rpc_common.py``) every cell of ``HTTP_FULL_ROLES``; for the other
roles, their search, reads and ``reveal`` cells on every model, and on the models where the role has a row
(something it may do) also its key-field writes, create, unlink and one in ``HTTP_SAMPLE`` of its other writes
and actions (``public`` calls without a session). A cell that differs from its expectation fails the run:
there is no list of known failures to park one in. ``CERT_MATRIX_DUMP=<file>`` appends every cell played,
its outcome and its expectation to ``<file>`` (one JSON list a line), to compare two versions of the matrix.
"""

import base64
import json
import logging
import os
import time
import zlib
from collections import Counter
from datetime import date
from datetime import datetime
from datetime import timedelta
from fnmatch import fnmatchcase
from functools import partial

import psycopg2

from odoo import Command
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tools import mute_logger

from .rpc_common import RpcMixin
from .rpc_common import error_name

_logger = logging.getLogger(__name__)

OK = "ok"
HIDDEN = "hidden"
ACCESS = "access"
USER = "user"
CLEAR = "clear"
MASKED = "masked"
CRASH = "crash"
DENY = frozenset({ACCESS, USER})
NOSEE = frozenset({ACCESS, HIDDEN})
RUN = frozenset({OK, USER})
ANY = frozenset({OK, ACCESS, USER})

#: role → the group of its user (``public`` is Odoo's public user; a role whose group is not installed is
#: not played)
ROLE_GROUPS = {
    "manager": "cert_service.group_cert_manager",
    "officer": "cert_service.group_cert_officer",
    "auditor_team": "cert_service.group_cert_auditor",
    "auditor_other": "cert_service.group_cert_auditor",
    "decision": "cert_service.group_cert_decision",
    "finance": "cert_service.group_cert_finance",
    "salesperson": "sales_team.group_sale_salesman",
    "reporting": "cert_compliance.group_cert_reporting_officer",
    "committee": "cert_compliance.group_cert_impartiality",
    "portal_a": "base.group_portal",
    "portal_b": "base.group_portal",
}
ROLES = (*ROLE_GROUPS, "public")
#: the roles that play every cell over JSON-RPC too: the client and the audit team, the outside callers
HTTP_FULL_ROLES = ("portal_a", "auditor_team")
#: the other roles play one in this many of their non-key writes and actions over JSON-RPC (which one
#: depends on the role, so that together they cover the fields)
HTTP_SAMPLE = 4

#: what a role may do when its row says nothing: nothing
NOTHING = {
    "search": NOSEE,
    "read": ACCESS,
    "write": DENY,
    "write_keys": DENY,
    "create": DENY,
    "unlink": DENY,
    "action": DENY,
    "reveal": frozenset({MASKED, ACCESS}),
}
#: every model, every role, unless the role's row names the cell itself
COMMON = {
    # navigation: these only return a window action (ids, no data); refusing them is fine too
    **{
        f"action:{pattern}": ANY
        for pattern in (
            "action_view_*",
            "action_open_*",
            "action_share",
            "action_print_*",
            "action_compare_versions",
            "action_add_version",
            "action_download",
            "action_find_auditors",
        )
    },
    # the targets are active: there is nothing to unarchive
    "action:action_unarchive": ANY,
    # the link shared with the client is renewed by the officers who keep the record (their rows say so)
    "action:action_rotate_access_token": DENY,
    # Odoo's own activity and follower fields: mail decides (portal users get an AccessError)
    **{
        f"write:{name}": ANY
        for name in ("activity_summary", "activity_type_id", "activity_user_id", "message_partner_ids")
    },
    # linking another document's followers, messages or activities is refused by mail itself
    **{
        f"write:{name}": DENY for name in ("message_follower_ids", "message_ids", "website_message_ids", "activity_ids")
    },
}
# Profiles the rows combine.
READ = {"search": OK, "read": OK}
EDIT = {**READ, "write": OK, "write_keys": USER, "action": RUN}
FULL = {**EDIT, "create": OK, "unlink": OK}
#: a wizard: whoever runs the action behind it
WIZARD = {"search": OK, "read": OK, "write": OK, "create": OK, "unlink": OK, "action": RUN}

#: magic columns the ORM writes itself (and silently drops from ``write``)
SKIP_FIELDS = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date", "parent_path"}
PNG = base64.b64encode(b"changed by the security matrix\n")


def _as_set(value):
    return value if isinstance(value, frozenset) else frozenset({value})


def _named(entry, key):
    """``entry[key]``, else the value of the first fnmatch pattern of ``entry`` matching ``key``."""
    if key in entry:
        return entry[key]
    for pattern, value in entry.items():
        if ":" in pattern and fnmatchcase(key, pattern):
            return value
    return None


def expected(rows, role, op, name, key):
    """The expected outcomes of the cell ``(role, op, name)`` of a model whose rows are ``rows`` (``key``: the
    cell writes a key field). The only place a cell finds its expectation; see the module's docstring."""
    row = rows.get(role, {})
    if name:
        for entry in (row, COMMON):
            found = _named(entry, f"{op}:{name}")
            if found is not None:
                return _as_set(found)
    if op == "write" and key and "write_keys" in row:
        return _as_set(row["write_keys"])
    return _as_set(row.get(op, NOTHING[op]))


def _ok(func, *args):
    """Call ``func``: the cell went through."""
    func(*args)
    return OK


def classify(exc):
    """The outcome of an exception raised by a cell through the ORM."""
    if isinstance(exc, AccessError):
        return ACCESS
    if isinstance(exc, UserError | psycopg2.IntegrityError):
        return USER
    return CRASH


#: the outcome of a JSON-RPC error, by the exception's class name (an unauthenticated call: no access)
RPC_OUTCOMES = {
    "odoo.exceptions.AccessError": ACCESS,
    "odoo.http.SessionExpiredException": ACCESS,
    "odoo.exceptions.UserError": USER,
    "odoo.exceptions.ValidationError": USER,
    "odoo.exceptions.MissingError": USER,
    "odoo.exceptions.RedirectWarning": USER,
}


class SecurityMatrix(RpcMixin):
    """The users of the roles, the cells and their comparison with the matrix. Mix into an HttpCase.

    A data file's class sets ``matrix_module`` (the addon whose ``cert.*`` models are covered), ``MATRIX``,
    ``KEYS`` and, when it has any, ``REVEAL`` and ``ROBUSTNESS_EXEMPT``; its ``_matrix_data`` (calling super)
    adds a target record per model with ``_matrix_add``.
    """

    matrix_module = None
    MATRIX = {}
    #: {model: the fields only the model's own actions write (besides state, tokens and stored computations)}
    KEYS = {}
    #: {model: {field shown to every reader: the path of the stored value it shows, clear or masked}}
    REVEAL = {}
    #: {model or "*": {field names}}: numeric fields where a negative value is meaningful
    ROBUSTNESS_EXEMPT = {"*": {"sequence", "color"}}

    # ------------------------------------------------------------------ fixtures
    @classmethod
    def _matrix_setup(cls):
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                mail_notrack=True,
                mail_create_nolog=True,
                no_reset_password=True,
            )
        )
        cls.matrix_targets = {}  # model → the record of client A the cells play on
        cls.matrix_others = {}  # model → another record (client B's when there is one) for write values
        cls.matrix_create = {}  # model → callable returning valid create values (client A's side)
        cls._matrix_users()
        cls._matrix_data()

    @classmethod
    def _matrix_users(cls):
        Partner = cls.env["res.partner"]
        cls.client_a = Partner.create({"name": "Matrix Client A Co., Ltd.", "is_company": True})
        cls.client_b = Partner.create({"name": "Matrix Client B Co., Ltd.", "is_company": True})
        cls.matrix_users = {}
        for role, group in ROLE_GROUPS.items():
            if cls.env.ref(group, raise_if_not_found=False):
                cls.matrix_users[role] = mail_new_test_user(
                    cls.env,
                    login=f"matrix_{role}",
                    name=f"Matrix {role.replace('_', ' ').title()}",
                    groups=group,
                    email=f"matrix_{role}@cb.example.com",
                )
        cls.matrix_users["portal_a"].partner_id.parent_id = cls.client_a
        cls.matrix_users["portal_b"].partner_id.parent_id = cls.client_b
        cls.matrix_users["public"] = cls.env.ref("base.public_user")
        # an internal user no role depends on: the grantee of the data set's local role
        cls.matrix_grantee = mail_new_test_user(cls.env, login="matrix_grantee", groups="base.group_user")

    @classmethod
    def _matrix_data(cls):
        """The data set: ``_matrix_add`` a target record (and values) for every model of the addon."""

    @classmethod
    def _matrix_add(cls, model, target, other=None, create=None):
        cls.matrix_targets[model] = target
        if other is not None:
            cls.matrix_others[model] = other
        if create is not None:
            cls.matrix_create[model] = create

    # ------------------------------------------------------------------ the models, their fields and actions
    def _matrix_models(self):
        """Every concrete cert.* model defined by ``matrix_module``."""
        return sorted(
            name
            for name, model in self.env.registry.items()
            if name.startswith("cert.") and not model._abstract and model._original_module == self.matrix_module
        )

    def _matrix_key_fields(self, model):
        """state, stored computed/related read-only fields, a portal token and the keys the matrix lists."""
        keys = {
            name
            for name, field in self.env[model]._fields.items()
            if name in ("state", "access_token")
            or (field.store and (field.compute or field.related) and field.readonly)
        }
        return (keys | set(self.KEYS.get(model, ()))) - SKIP_FIELDS

    def _matrix_write_fields(self, model):
        """Every field a write can change: stored ones and those with an inverse."""
        return sorted(
            name
            for name, field in self.env[model]._fields.items()
            if name not in SKIP_FIELDS and (field.store or field.inverse)
        )

    def _matrix_read_fields(self, model):
        """What the ``read`` cell reads: every field but those restricted to groups by Odoo's own mixins."""
        return sorted(
            name
            for name, field in self.env[model]._fields.items()
            if name not in SKIP_FIELDS
            and not field.groups
            # mail.activity.mixin's fields are internal users' (they read the restricted activities)
            and not (name.startswith("activity_") and not (field._module or "").startswith("cert_"))
        )

    def _matrix_group_fields(self, model):
        """Fields of the certification addons restricted to groups: one ``read`` cell each."""
        return sorted(
            name
            for name, field in self.env[model]._fields.items()
            if field.groups and name not in SKIP_FIELDS and (field._module or "").startswith("cert_")
        )

    def _matrix_actions(self, model):
        cls = type(self.env[model])
        names = sorted(n for n in dir(cls) if n.startswith("action_") and callable(getattr(cls, n, None)))
        if not self.env[model]._active_name:
            names = [n for n in names if n not in ("action_archive", "action_unarchive")]
        return names

    # ------------------------------------------------------------------ write values
    def _matrix_other(self, comodel, exclude):
        other = self.matrix_others.get(comodel)
        if other and other not in exclude:
            return other
        if comodel == "res.partner":
            return self.client_b if self.client_b not in exclude else self.client_a
        if comodel == "res.users":
            user = self.matrix_users["portal_b"]
            return user if user not in exclude else self.matrix_grantee
        target = self.matrix_targets.get(comodel)
        if target and target not in exclude:
            return target
        return self.env[comodel].sudo().with_context(active_test=False).search([("id", "not in", exclude.ids)], limit=1)

    def _matrix_value(self, record, fname):
        """A valid, different value for ``record.fname`` (``None``: none to try)."""
        field = record._fields[fname]
        value = record.sudo()[fname]
        kind = field.type
        if kind == "boolean":
            return not value
        if kind in ("integer", "many2one_reference"):
            return (value or 0) + 1
        if kind in ("float", "monetary"):
            return (value or 0.0) + 1.0
        if kind in ("char", "text"):
            text = f"{value or ''} (matrix)"
            return text[-field.size :] if field.size else text
        if kind == "html":
            return "<p>changed by the security matrix</p>"
        if kind == "date":
            return (value or date.today()) + timedelta(days=1)
        if kind == "datetime":
            return (value or datetime(2031, 3, 3, 1, 0)) + timedelta(hours=1)
        if kind == "selection":
            others = [key for key, _label in field._description_selection(self.env) if key != value]
            return others[0] if others else None
        if kind == "binary":
            return PNG
        if kind in ("many2one", "many2many", "one2many"):
            other = self._matrix_other(field.comodel_name, value)
            if not other:
                return None
            return other.id if kind == "many2one" else [Command.link(other.id)]
        return None  # reference, properties, json: not generated

    # ------------------------------------------------------------------ the cells
    def _matrix_plan(self, role, model, transport):
        """``[(op, name, args)]``: the cells ``role`` plays on ``model`` through ``transport``."""
        target = self.matrix_targets[model]
        keys = self._matrix_key_fields(model)
        full = transport == "orm" or role in HTTP_FULL_ROLES
        offset = zlib.crc32(role.encode()) % HTTP_SAMPLE
        sampled = []  # the non-key writes and the actions, of which JSON-RPC plays a sample

        plan = [("search", None, None), ("read", None, self._matrix_read_fields(model))]
        plan += [("read", fname, [fname]) for fname in self._matrix_group_fields(model)]
        plan += [("reveal", fname, None) for fname in sorted(self.REVEAL.get(model, ()))]
        if not full and role not in self.MATRIX.get(model, {}):
            return plan  # refused everything: JSON-RPC plays its reads, the ORM every cell
        for fname in self._matrix_write_fields(model):
            value = self._matrix_value(target, fname)
            if value is not None:
                (plan if fname in keys else sampled).append(("write", fname, value))
        if model in self.matrix_create:
            plan.append(("create", None, None))
        plan.append(("unlink", None, None))
        sampled += [("action", action, None) for action in self._matrix_actions(model)]
        return plan + [cell for i, cell in enumerate(sampled) if full or i % HTTP_SAMPLE == offset]

    def _matrix_run(self, func):
        """Run ``func`` in a savepoint that is always rolled back; return its outcome."""
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            outcome = func()
            # what the end of an RPC call does: flush, then the precommit hooks (tracking) as the caller
            self.env.cr.flush()
        except Exception as exc:  # noqa: BLE001 - every exception is classified; crashes fail the cell
            outcome = classify(exc)
            if outcome == CRASH:
                self._matrix_crashes.append(f"{type(exc).__name__}: {exc}")
        finally:
            # forget the cell's cache and pending writes, then undo what reached the database
            self.env.cr.clear()
            savepoint.close(rollback=True)
        return outcome

    def _matrix_orm_cell(self, role, model, op, name, args):
        target = self.matrix_targets[model]
        # the data set is built without tracking; the cells run as an RPC call would: with it
        Model = (
            self.env[model]
            .with_user(self.matrix_users[role])
            .with_context(active_test=False, tracking_disable=False, mail_notrack=False, mail_create_nolog=False)
        )
        record = target.with_env(Model.env)
        if op == "search":
            return lambda: OK if Model.search([("id", "=", target.id)]) else HIDDEN
        if op == "read":
            return partial(_ok, record.read, args)
        if op == "reveal":
            return lambda: self._matrix_revealed(model, name, record[name])
        if op == "write":
            return partial(_ok, record.write, {name: args})
        if op == "create":
            return lambda: _ok(Model.create, self.matrix_create[model]())
        if op == "unlink":
            return partial(_ok, record.unlink)
        # button calls come with the record as active one (some mixins' actions read it)
        button = record.with_context(active_id=target.id, active_ids=target.ids, active_model=model)
        return partial(_ok, getattr(button, name))

    def _matrix_http_cell(self, role, model, op, name, args):
        target = self.matrix_targets[model]
        ids = target.ids
        user = self.matrix_users[role]
        login = None if role == "public" else user
        if op == "search":
            context = {"active_test": False}
            return lambda: self._matrix_rpc(login, model, "search", [["id", "=", target.id]], context=context)
        if op == "read":
            return lambda: self._matrix_rpc(login, model, "read", ids, args)
        if op == "reveal":
            return lambda: self._matrix_rpc(login, model, "read", ids, [name], reveal=name)
        if op == "write":
            return lambda: self._matrix_rpc(login, model, "write", ids, {name: args})
        if op == "create":
            return lambda: self._matrix_rpc(login, model, "create", self.matrix_create[model]())
        if op == "unlink":
            return lambda: self._matrix_rpc(login, model, "unlink", ids)
        context = {"active_id": target.id, "active_ids": ids, "active_model": model}
        # an @api.model method takes no ids
        on_model = getattr(getattr(type(self.env[model]), name), "_api", None) == "model"
        return lambda: self._matrix_rpc(login, model, name, *([] if on_model else [ids]), context=context)

    def _matrix_rpc(self, user, model, method, *args, reveal=None, **kwargs):
        """One JSON-RPC call (as ``user``; ``None``: unauthenticated): its outcome."""
        answer = self.call(user, model, method, *args, **kwargs)
        if "error" in answer:
            outcome = RPC_OUTCOMES.get(error_name(answer), CRASH)
            if outcome == CRASH:
                self._matrix_crashes.append(answer["error"].get("data", {}).get("message", ""))
            return outcome
        result = answer.get("result")
        if method == "search" and not result:
            return HIDDEN
        if reveal:
            return self._matrix_revealed(model, reveal, result[0][reveal])
        return OK

    def _matrix_revealed(self, model, fname, shown):
        """``clear`` when ``shown`` is the stored personal value the field shows, else ``masked``."""
        stored = self.matrix_targets[model].sudo().mapped(self.REVEAL[model][fname])
        self.assertTrue(stored and stored[0], f"{model}: the target's {fname} must show something")
        stored = stored[0]
        return CLEAR if shown == stored else MASKED

    # ------------------------------------------------------------------ comparing with the matrix
    def _matrix_check(self, transport="orm"):
        """Play every cell of every role through ``transport`` and fail listing those that differ."""
        self._matrix_crashes = []
        models = self._matrix_models()
        missing = [m for m in models if m not in self.MATRIX]
        self.assertFalse(missing, "\n".join(f"add a matrix row for {m}" for m in missing))
        untargeted = [m for m in models if m not in self.matrix_targets]
        self.assertFalse(untargeted, "\n".join(f"add a target record for {m} to the data set" for m in untargeted))
        # a model with a state moves it only through declared transitions: it must be on the workflow mixin
        stateful = [
            m
            for m in models
            if "state" in self.env[m]._fields
            and not self.env[m]._transient
            and not hasattr(self.env[m], "_workflow_transitions")
        ]
        self.assertFalse(stateful, f"models with a state outside cert.workflow.mixin: {stateful}")
        make_cell = self._matrix_orm_cell if transport == "orm" else self._matrix_http_cell
        played = []  # every cell, its outcome and expectation (CERT_MATRIX_DUMP=<file> writes them)
        self.env.cr.flush()
        started = time.time()
        failures, counts = [], Counter()
        for role in (r for r in ROLES if r in self.matrix_users):
            for model in models:
                keys = self._matrix_key_fields(model)
                for op, name, args in self._matrix_plan(role, model, transport):
                    # the database's refusals are outcomes, not errors (mail sent in a cell may flush them)
                    with mute_logger("odoo.sql_db", "odoo.addons.mail.models.mail_mail", "odoo.http"):
                        outcome = self._matrix_run(make_cell(role, model, op, name, args))
                    counts[outcome] += 1
                    want = expected(self.MATRIX[model], role, op, name, op == "write" and name in keys)
                    played.append([transport, model, role, op, name or "", outcome, sorted(want)])
                    if outcome not in want or outcome == CRASH:
                        failures.append(
                            f"{model} | {role} | {op} | {name or ''}: got {outcome}, expected {'/'.join(sorted(want))}"
                        )
        if os.environ.get("CERT_MATRIX_DUMP"):
            with open(os.environ["CERT_MATRIX_DUMP"], "a", encoding="utf-8") as out:
                out.writelines(json.dumps(cell) + "\n" for cell in played)
        _logger.info(
            "security matrix (%s, %s): %s cells in %.1fs %s",
            transport,
            self.matrix_module,
            sum(counts.values()),
            time.time() - started,
            dict(counts),
        )
        if failures:
            self.fail(
                f"{len(failures)} cells differ from the security matrix:\n"
                + "\n".join(failures)
                + "\ncrashes:\n"
                + "\n".join(sorted(set(self._matrix_crashes))[:50])
            )

    # ------------------------------------------------------------------ robustness: required empty, negatives
    def _matrix_robustness(self, user_role="manager"):
        """Required fields sent empty and numeric fields sent negative: only refusals are accepted."""
        self._matrix_crashes = []
        self.env.cr.flush()
        Model_env = self.env(user=self.matrix_users[user_role])
        failures = []
        for model in self._matrix_models():
            Model = Model_env[model]
            target = self.matrix_targets[model].with_env(Model.env)
            exempt = self.ROBUSTNESS_EXEMPT.get("*", set()) | self.ROBUSTNESS_EXEMPT.get(model, set())
            # keys are no input (the matrix checks that they are refused)
            exempt |= self._matrix_key_fields(model)
            for fname, field in Model._fields.items():
                if fname in SKIP_FIELDS or fname in exempt or not field.store or (field.compute and field.readonly):
                    continue
                numeric = field.type in ("integer", "float", "monetary")
                if numeric:
                    bad = -1
                elif field.required and field.type != "boolean":  # (an empty number is 0)
                    bad = False
                else:
                    continue
                runs = [("write", partial(target.write, {fname: bad}))]
                if model in self.matrix_create:
                    runs.append(("create", partial(self._matrix_create_with, Model, fname, bad)))
                for op, func in runs:
                    with mute_logger("odoo.sql_db", "odoo.addons.mail.models.mail_mail"):
                        outcome = self._matrix_run(partial(_ok, func))
                    # refused as bad input, or because nobody may write there at all
                    if outcome not in (USER, ACCESS):
                        failures.append(f"{model} | {op} {fname}={bad!r}: got {outcome}, expected user")
        if failures:
            self.fail(
                f"{len(failures)} bad inputs not refused with a ValidationError/UserError:\n"
                + "\n".join(failures)
                + "\ncrashes:\n"
                + "\n".join(sorted(set(self._matrix_crashes))[:50]),
            )

    def _matrix_create_with(self, Model, fname, value):
        return Model.create(dict(self.matrix_create[Model._name](), **{fname: value}))


class MatrixTests:
    """The tests of a data file's matrix class, mixed in before its data set: every cell through the ORM,
    the roles over JSON-RPC, the bad inputs."""

    # Odoo's loader takes only the tests a class defines itself unless told to take the inherited ones
    allow_inherited_tests_method = True

    def test_matrix(self):
        self._matrix_check()

    def test_matrix_http(self):
        self._matrix_check("http")

    def test_robustness(self):
        self._matrix_robustness()
