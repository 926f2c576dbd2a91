"""Every ``create``/``write`` override of the certification addons gives the same result when Odoo retries it.

Odoo runs every RPC call and HTTP request through ``odoo.service.model.retrying``: when PostgreSQL reports a
serialization failure, the transaction is rolled back and the *same* function is called again, with the *same*
argument objects. An override that changes its caller's dicts (pops a field, fills a default in place) makes
the retry a different call: an upload popped out of ``vals`` is simply not there the second time.

The models are found, not listed: every model whose ``create`` or ``write`` is defined (directly or through a
mixin) in a class of a certification addon. Each of them is called twice from the same state, as an RPC call
would be (a cursor of its own, through ``retrying``): once undisturbed, once with a real serialization failure
raised by PostgreSQL right after the ORM call. Both runs must leave the same records (the values of the fields
the call sends, the number of rows of every certification table, attachments and messages) and the caller's
arguments must be exactly what they were. A model found without a sample in ``RETRY_SAMPLES`` fails the test:
whoever adds an override adds its sample.
"""

import copy
from types import SimpleNamespace
from unittest.mock import patch

import odoo.service.model as service_model
from odoo import SUPERUSER_ID
from odoo import api
from odoo.tools import mute_logger

CERT_PREFIX = "cert_"
#: tables counted besides the certification models' own: what an override may create on the side
SIDE_MODELS = ("ir.attachment", "mail.message", "mail.followers", "mail.activity")
FAIL_ONCE = (
    "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'serialization_failure', "
    "MESSAGE = 'could not serialize access (forced by the retry-safety test)'; END $$"
)


class Sample:
    """How to call one override: as ``role`` (a matrix role; ``None``: the superuser, for what only the
    models' own code creates), with the arguments ``args(test)`` returns: a list of dicts for ``create``, a
    ``(record, vals)`` pair for ``write``. ``unlocked``: the call of the model's own code, which writes its
    keys (``cert.workflow.mixin``). ``changes`` is False for the one write that must change nothing."""

    def __init__(self, args, role="manager", unlocked=False, changes=True):
        self.args = args
        self.role = role
        self.unlocked = unlocked
        self.changes = changes


def addon_of(klass):
    parts = (klass.__module__ or "").split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["odoo", "addons"] else None


class RetrySafetyMixin:
    """Mix into an HttpCase (the registry in test mode: ``registry.cursor()`` is a cursor of the test's
    transaction, as for the HTTP requests of the test) together with a matrix data set.

    ``retry_addons``: the addons whose models this test covers (a model of another addon, e.g.
    ``ir.attachment``, is covered by the addon of its override). ``RETRY_SAMPLES``: ``{(model, method): Sample}``.
    """

    retry_addons = ()
    RETRY_SAMPLES = {}

    # ------------------------------------------------------------------ which overrides
    def _retry_overrides(self):
        """[(model, method)] of every concrete model whose create/write a certification addon overrides."""
        found = []
        for name in sorted(self.env.registry):
            Model = self.env[name]
            if Model._abstract:
                continue
            for method in ("create", "write"):
                addons = [
                    addon_of(klass)
                    for klass in type(Model).__mro__
                    if method in vars(klass) and (addon_of(klass) or "").startswith(CERT_PREFIX)
                ]
                if not addons:
                    continue
                owner = Model._original_module if Model._original_module.startswith(CERT_PREFIX) else addons[0]
                if owner in self.retry_addons:
                    found.append((name, method))
        return found

    # ------------------------------------------------------------------ one call, as an RPC call runs
    def _retry_counts(self, env):
        """Rows of every certification table and of the side tables."""
        counts = {}
        for name in sorted(env.registry):
            Model = env[name]
            if Model._abstract or not Model._auto:
                continue
            if not (Model._original_module.startswith(CERT_PREFIX) or name in SIDE_MODELS):
                continue
            env.cr.execute(f'SELECT COUNT(*) FROM "{Model._table}"')  # noqa: S608 - a model's own table name
            counts[name] = env.cr.fetchone()[0]
        return counts

    @staticmethod
    def _retry_snapshot(records, names):
        """The values of ``names`` on ``records``, comparable between two runs (ids of new lines differ)."""
        rows = []
        for record in records.sudo():
            row = {}
            for fname in names:
                field = record._fields.get(fname)
                if field is None:
                    continue
                value = record[fname]
                if field.type == "one2many":
                    value = len(value)
                elif field.type == "many2many":
                    value = sorted(value.ids)
                elif field.type == "many2one":
                    value = value.id
                row[fname] = value
            rows.append(row)
        return rows

    def _retry_run(self, model, method, sample, args, fail):
        """Call ``model.method(*args)`` through ``retrying`` in a cursor of its own; on ``fail`` PostgreSQL
        refuses the first attempt right after the ORM call. Returns (outcome, attempts, effect)."""
        attempts = []
        with self.registry.cursor() as cr:
            uid = SUPERUSER_ID if sample.role is None else self.matrix_users[sample.role].id
            env = api.Environment(cr, uid, {})
            Model = env[model]._workflow_unlocked() if sample.unlocked else env[model]
            if method == "write":
                record, vals = args

            def call():
                attempts.append(len(attempts) + 1)
                if method == "create":
                    result = Model.create(args)
                else:
                    Model.browse(record.ids).write(vals)
                    result = Model.browse(record.ids)
                env.flush_all()  # the ORM call reached the database
                if fail and len(attempts) == 1:
                    cr.execute(FAIL_ONCE)
                return result.ids

            # Odoo's back-off between attempts is a random sleep of up to seconds: not needed here
            with patch.object(service_model, "time", SimpleNamespace(sleep=lambda seconds: None)):
                try:
                    ids = service_model.retrying(call, env)
                except Exception as error:  # noqa: BLE001 - reported by the caller with the model's name
                    return f"{type(error).__name__}: {error}", attempts, None
            env.invalidate_all()
            names = sorted({name for values in args for name in values}) if method == "create" else list(vals)
            records = env[model].browse(ids)
            effect = {"records": self._retry_snapshot(records, names), "counts": self._retry_counts(env)}
        return "ok", attempts, effect

    def _retry_isolated(self, func):
        """Run ``func`` in a savepoint of the test's transaction that is always rolled back."""
        self.env.flush_all()
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            return func()
        finally:
            self.env.cr.clear()
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    def _retry_check(self, model, method):
        sample = self.RETRY_SAMPLES.get((model, method))
        self.assertTrue(
            sample,
            f"{model}.{method} is overridden in a certification addon: add a sample to RETRY_SAMPLES "
            f"(valid arguments for the call), so that it is checked under a retry",
        )
        template = sample.args(self)
        if method == "write":
            record, template = template
            before = self._retry_isolated(
                lambda: {
                    "records": self._retry_snapshot(record, list(template)),
                    "counts": self._retry_counts(self.env),
                }
            )

        def arguments():
            # a fresh copy of the caller's arguments for each run (the record is not the caller's to change)
            return copy.deepcopy(template) if method == "create" else (record, copy.deepcopy(template))

        plain_args = arguments()
        plain = self._retry_isolated(lambda: self._retry_run(model, method, sample, plain_args, fail=False))
        self.assertEqual(plain[0], "ok", f"{model}.{method}: the sample must be a valid call ({plain[0]})")
        retried_args = arguments()
        with mute_logger("odoo.sql_db", "odoo.service.model"):
            retried = self._retry_isolated(lambda: self._retry_run(model, method, sample, retried_args, fail=True))
        self.assertEqual(retried[0], "ok", f"{model}.{method}: the retried call fails ({retried[0]})")
        self.assertEqual(retried[1], [1, 2], f"{model}.{method}: the call was retried once")
        self.assertEqual(retried[2], plain[2], f"{model}.{method}: the retry has another effect than one call")
        # the caller's arguments are what they were: a retry gets them again
        self.assertEqual(plain_args, arguments(), f"{model}.{method} changed its caller's arguments")
        self.assertEqual(retried_args, arguments(), f"{model}.{method} changed its caller's arguments")
        if method == "create":
            added = plain[2]["counts"][model] - self._retry_isolated(lambda: self._retry_counts(self.env))[model]
            self.assertEqual(added, len(template), f"{model}.create: one record per dict")
        elif sample.changes:
            self.assertNotEqual(plain[2], before, f"{model}.write: the sample must change something")

    def _retry_check_all(self):
        overrides = self._retry_overrides()
        self.assertTrue(overrides, f"no create/write override found in {self.retry_addons}")
        for model, method in overrides:
            with self.subTest(model=model, method=method):
                self._retry_check(model, method)
