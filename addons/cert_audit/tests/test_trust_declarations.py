"""What every model declares to the workflow mixin holds for every model, generated from ``_fields`` and the
record rules, not from the declarations themselves:

- access ends when the assignment ends: for every model an auditor rule covers, cancelling the audit leaves
  its former team nothing to read or write;
- no link across clients: every relational field between two records that belong to a client refuses a
  record of another client, through the public ``write`` and through the model's own code.
"""

import base64
from datetime import date
from datetime import datetime

import psycopg2

from odoo import Command
from odoo.addons.cert_service.tests.rpc_common import RpcMixin
from odoo.addons.cert_service.tests.rpc_common import error_name
from odoo.addons.cert_service.tests.test_service_security import MatrixApplication
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import HttpCase
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from .test_audit_security_matrix import AuditMatrix

AUDITOR_GROUP = "cert_service.group_cert_auditor"
#: auditor rules that do not come from an assignment: an auditor's own declarations of interest, their own
#: qualification expiry warnings
NOT_ASSIGNMENT_RULES = {"cert.auditor.conflict", "cert.qualification.warning"}
#: models with a ``partner_id`` that is not the client they belong to: an auditor's own contact, the party of a
#: conflict of interest, and a revenue share's client *or referring consultancy* (the CB's figure about it,
#: written by the refresh job only: no role writes a share)
NOT_CLIENT_OWNED = {"cert.auditor", "cert.auditor.conflict", "cert.impartiality.share"}
PROJECT_MODULES = (
    "cert_service",
    "cert_audit",
    "cert_portal",
    "cert_compliance",
    "cert_customer_survey",
    "cert_esign",
)


def client_paths(env):
    """{model: path to its client} of every stored model of the project that belongs to a client.

    A model belongs to a client when it has a ``partner_id`` (a ``res.partner``), or a required link to a
    parent that belongs to one (a checklist line through its audit, a fee line through its contract).
    """
    models = {
        name: model
        for name, model in env.registry.items()
        if name.startswith("cert.")
        and not model._abstract
        and not model._transient
        and model._auto
        and model._original_module in PROJECT_MODULES
    }
    paths = {}
    for name, model in models.items():
        field = model._fields.get("partner_id")
        if name not in NOT_CLIENT_OWNED and field and field.type == "many2one" and field.comodel_name == "res.partner":
            paths[name] = "partner_id"
    changed = True
    while changed:
        changed = False
        for name, model in models.items():
            if name in paths or name in NOT_CLIENT_OWNED:
                continue
            for fname, field in sorted(model._fields.items()):
                if field.type == "many2one" and field.required and field.store and field.comodel_name in paths:
                    paths[name] = f"{fname}.{paths[field.comodel_name]}"
                    changed = True
                    break
    return paths


class TrustFixture(MatrixApplication):
    """A client's audit in progress whose lead auditor sits on no other team, and an officer."""

    @classmethod
    def _trust_setup(cls):
        env = cls.env
        cls.matrix_scheme = scheme = env.ref("cert_service.scheme_gbt27922")
        cls.officer = cls._trust_user("trust_officer", "cert_service.group_cert_officer")
        product = env["product.product"].create({"name": "认证申请费", "type": "service"})
        env["cert.scheme.fee"].create(
            {"scheme_id": scheme.id, "product_id": product.id, "milestone": "application_accepted", "price_unit": 3000}
        )
        cls.former = cls._trust_user("trust_former_lead", AUDITOR_GROUP)
        cls.auditor = env["cert.auditor"].create({"user_id": cls.former.id, "grade": "lead_auditor", "city": "Foshan"})
        env["cert.auditor.qualification"].create(
            {"auditor_id": cls.auditor.id, "scheme_id": scheme.id, "date_from": date(2019, 1, 1)}
        )
        partner = env["res.partner"].create({"name": "信诚家电服务有限公司", "is_company": True})
        cls.app = cls._matrix_application(partner, cls.officer, contracted=True)
        cls.audit = env["cert.audit"].create(
            {
                "application_id": cls.app.id,
                "audit_type": "initial",
                "date_start": datetime(2031, 5, 12, 1, 0),
                "date_end": datetime(2031, 5, 12, 9, 0),
                "member_ids": [Command.create({"auditor_id": cls.auditor.id, "role": "lead"})],
            }
        )
        cls.audit.action_plan()
        cls.audit.action_client_confirm()
        cls.audit.action_start()
        folder = env["cert.evidence.folder"].search(
            [("id", "child_of", cls.app.evidence_folder_id.id), ("indicator_id", "!=", False)], limit=1
        )
        env["cert.evidence"].create(
            {
                "name": "维修记录",
                "folder_id": folder.id,
                "new_file": base64.b64encode(b"repair log\n"),
                "new_filename": "log.txt",
            }
        )
        as_former = env(user=cls.former)
        as_former["cert.finding"].create(
            {"audit_id": cls.audit.id, "severity": "minor", "description": "回访记录不完整"}
        )
        as_former["cert.audit.special.deduction"].create(
            {"audit_id": cls.audit.id, "description": "一家网点无营业执照"}
        )
        as_former["cert.audit.expense"].create({"audit_id": cls.audit.id, "name": "高铁票", "amount": 240})

    @classmethod
    def _trust_user(cls, login, group):
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": login,
                    "login": login,
                    "password": f"{login}_pw",
                    "groups_id": [Command.set([cls.env.ref(group).id])],
                }
            )
        )


@tagged("security", "post_install", "-at_install")
class TestAccessEndsWithAssignment(TrustFixture, TransactionCase):
    """Cancel an audit in progress: its former team reads none of its records any more and writes none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._trust_setup()

    def _assignment_models(self):
        """Models of the auditors' record rules, and those of the evidence store's local roles (global rules
        on ``permission_*``, which give the audit team the cycle's evidence)."""
        Rule = self.env["ir.rule"]
        rules = Rule.search([("groups", "in", self.env.ref(AUDITOR_GROUP).ids)]) | Rule.search(
            [("global", "=", True), ("domain_force", "like", "permission_read")]
        )
        return sorted(
            {rule.model_id.model for rule in rules if rule.model_id.model.startswith("cert.")} - NOT_ASSIGNMENT_RULES
        )

    def _domain(self, model):
        fields_ = self.env[model]._fields
        if model == "cert.audit":
            return [("id", "=", self.audit.id)]
        if "audit_id" in fields_:
            return [("audit_id", "=", self.audit.id)]
        if model == "cert.application":
            return [("id", "=", self.app.id)]
        if "application_id" in fields_:
            return [("application_id", "=", self.app.id)]
        if "certificate_id" in fields_:
            return [("certificate_id.application_id", "=", self.app.id)]
        if "evidence_id" in fields_:
            return [("evidence_id.application_id", "=", self.app.id)]
        if "folder_id" in fields_:
            return [("folder_id.application_id", "=", self.app.id)]
        if "visit_id" in fields_:
            return [("visit_id.audit_id", "=", self.audit.id)]
        self.fail(f"{model}: say how its records belong to an audit")

    def test_the_former_team_reads_and_writes_nothing(self):
        models = self._assignment_models()
        self.assertIn("cert.finding", models)
        self.assertIn("cert.audit.score.line", models)
        seen = {}
        for model in models:
            records = self.env[model].with_user(self.former).search(self._domain(model))
            seen[model] = records.with_env(self.env)
        for model in ("cert.audit", "cert.audit.member", "cert.audit.score.line", "cert.finding", "cert.application"):
            self.assertTrue(seen[model], f"{model}: the team reads its audit's records while it is on it")
        self.assertTrue(seen["cert.audit.special.deduction"] and seen["cert.audit.expense"])
        self.assertTrue(seen["cert.evidence"] and seen["cert.evidence.version"], "the team reads the cycle's evidence")

        self.audit.with_user(self.officer).action_cancel()

        for model in models:
            Model = self.env[model].with_user(self.former)
            self.assertFalse(Model.search(self._domain(model)), f"{model}: the former team still reads rows")
            for record in seen[model]:
                with self.assertRaises(AccessError, msg=f"{model}: the former team still reads {record}"):
                    record.with_user(self.former).read(["display_name"])
                with self.assertRaises(AccessError, msg=f"{model}: the former team still writes {record}"):
                    record.with_user(self.former).check_access("write")


class NoLinkAcrossClients:
    """Every relational field between two records that belong to a client refuses another client's record.

    Mixed with a matrix's data set (its targets are client A's records), in the test module of each addon: the
    links of the models of ``link_modules`` are tried, each addon with the data set that has its models.
    """

    link_modules = ()

    @classmethod
    def _link_setup(cls):
        # client B's executed audit: its checklist, finding, deduction, expense and decision are the foreign
        # records offered to client A's
        executed = cls._matrix_executed_audit(
            cls.client_b, "auditor_other", cls.auditor_other, datetime(2031, 4, 21, 1, 0)
        )
        for record in executed.values():
            cls.matrix_others.setdefault(record._name, record)

    def _client_of(self, record, paths):
        return record.sudo().mapped(paths[record._name]).commercial_partner_id

    def _refused(self, write, values):
        """Whether ``write(values)`` (then the flush) was refused: by the ORM's checks or by the database's
        constraints (which RPC answers as a ValidationError); nothing of it stays either way."""
        try:
            with self.env.cr.savepoint():
                write(values)
                self.env.flush_all()
        except (UserError, psycopg2.IntegrityError):
            return True
        finally:
            self.env.invalidate_all()
        return False

    def _owner_fields(self, record, paths):
        """The fields through which ``record`` belongs to its client (writing them moves it, which only the
        model's own actions do: the public write is tried above)."""
        first = paths[record._name].split(".")[0]
        field = record._fields[first]
        return {first, field.related.split(".")[0]} if field.related else {first}

    def _foreign(self, comodel, paths, client):
        """A record of ``comodel`` that belongs to ``client`` (the matrix's others first)."""
        other = self.matrix_others.get(comodel)
        if other and self._client_of(other, paths) == client:
            return other
        Model = self.env[comodel].sudo().with_context(active_test=False)
        return Model.search([(paths[comodel], "=", client.id)], limit=1)

    def _cases(self):
        paths = client_paths(self.env)
        self.assertIn("cert.audit.score.line", paths)
        self.assertIn("cert.contract.line", paths)
        for model in sorted(m for m in paths if self.env[m]._original_module in self.link_modules):
            target = self.matrix_targets.get(model)
            self.assertTrue(target, f"{model} belongs to a client: add a target record of client A to the data set")
            own = self._client_of(target, paths)
            self.assertEqual(own, self.client_a, f"{model}: the target must be client A's")
            for fname, field in sorted(target._fields.items()):
                # a one2many link is a write of its inverse many2one, tried on the child's own model
                if field.type not in ("many2one", "many2many") or not (field.store or field.inverse):
                    continue
                if field.comodel_name not in paths or fname == paths[model].split(".")[0] == "partner_id":
                    continue
                foreign = self._foreign(field.comodel_name, paths, self.client_b)
                self.assertTrue(foreign, f"{model}.{fname}: add a record of client B of {field.comodel_name}")
                yield model, target, fname, field, foreign

    def _check_every_client_model_declares_its_client(self):
        paths = client_paths(self.env)
        self.assertTrue(paths)
        missing = [m for m in paths if not hasattr(self.env[m], "_workflow_client_field")]
        self.assertFalse(missing, f"not on cert.workflow.mixin: {missing}")
        forgot = [m for m in paths if not self.env[m]._workflow_client_field()]
        self.assertFalse(forgot, f"declare _workflow_client_field(): {forgot}")

    def _check_no_link_to_another_clients_record(self, minimum):
        manager = self.matrix_users["manager"]
        paths = client_paths(self.env)
        tried = 0
        for model, target, fname, field, foreign in self._cases():
            value = foreign.id if field.type == "many2one" else [Command.link(foreign.id)]
            before = target.sudo()[fname]
            # through the public write, as the CB manager (who may write nearly everything)
            self.assertTrue(
                self._refused(target.with_user(manager).write, {fname: value}),
                f"{model}.{fname}: linked client B's {foreign}",
            )
            self.assertEqual(target.sudo()[fname], before, f"{model}.{fname}: changed")
            if fname not in self._owner_fields(target, paths):
                # through the model's own code (keys unlocked): the client rule itself refuses the link
                self.assertTrue(
                    self._refused(target._workflow_unlocked().sudo().write, {fname: value}),
                    f"{model}.{fname}: the model's code linked client B's record",
                )
            tried += 1
        self.assertGreaterEqual(tried, minimum)


@tagged("security", "post_install", "-at_install")
class TestNoLinkAcrossClients(NoLinkAcrossClients, AuditMatrix, TransactionCase):
    """No link across clients, for cert_service's, cert_audit's and cert_portal's models (the other addons'
    test modules try theirs); every client-owned model of the project declares its client."""

    link_modules = ("cert_service", "cert_audit", "cert_portal")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._link_setup()

    def test_every_client_model_declares_its_client(self):
        self._check_every_client_model_declares_its_client()

    @mute_logger("odoo.sql_db")
    def test_no_link_to_another_clients_record(self):
        self._check_no_link_to_another_clients_record(minimum=20)

    def test_the_refusal_names_the_other_client(self):
        """Client B's evidence linked to client A's finding: refused, saying why."""
        finding = self.matrix_targets["cert.finding"]
        evidence_b = self._foreign("cert.evidence", client_paths(self.env), self.client_b)
        with self.assertRaisesRegex(UserError, "another client"):
            with self.env.cr.savepoint():
                finding.write({"evidence_ids": [Command.link(evidence_b.id)]})


@tagged("security", "post_install", "-at_install")
class TestKeysOverRpc(RpcMixin, TrustFixture, HttpCase):
    """Tokens and a team member's copies of the audit are keys: no caller writes them over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._trust_setup()
        cls.member = cls.audit.member_ids
        cls.intruder = cls._trust_user("trust_intruder", AUDITOR_GROUP)

    def _call(self, login, model, method, args):
        """``method`` over JSON-RPC as ``login``: the error's class name, or ``None`` when it went through."""
        return error_name(self.call(login, model, method, *args))

    def _assert_refused(self, login, record, values):
        for name, value in values.items():
            before = record.sudo()[name]
            error = self._call(login, record._name, "write", [record.ids, {name: value}])
            self.assertIn(
                error,
                ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError", "odoo.exceptions.AccessError"),
                f"{record._name}.{name} written by {login}",
            )
            record.invalidate_recordset()
            self.assertEqual(record.sudo()[name], before, f"{record._name}.{name} changed")

    def test_the_team_auditor_cannot_choose_the_audits_token(self):
        self._assert_refused(self.former.login, self.audit, {"access_token": "chosen-by-the-auditor"})
        self.authenticate(None, None)
        response = self.url_open(f"/my/certification/audits/{self.audit.id}?access_token=chosen-by-the-auditor")
        # no page of the audit: neither its number nor its team
        self.assertNotIn(self.audit.name.encode(), response.content)
        self.assertNotIn(b"trust_former_lead", response.content)

    def test_an_officer_cannot_choose_a_token_either(self):
        self._assert_refused(self.officer.login, self.audit, {"access_token": "chosen-by-the-officer"})
        self._assert_refused(self.officer.login, self.app, {"access_token": "chosen-by-the-officer"})
        certificate = self.env["cert.certificate"].with_user(self.officer).create({"application_id": self.app.id})
        # the portal link and the QR code's verification token
        self._assert_refused(
            self.officer.login, certificate, {"access_token": "chosen-by-the-officer", "token": "chosen-qr-token"}
        )

    def test_the_token_is_rotated_by_its_action_only(self):
        token = self.audit.sudo()._portal_ensure_token()
        self.assertTrue(token)
        self.assertEqual(
            self._call(self.former.login, "cert.audit", "action_rotate_access_token", [self.audit.ids]),
            "odoo.exceptions.AccessError",
        )
        self.assertIsNone(self._call(self.officer.login, "cert.audit", "action_rotate_access_token", [self.audit.ids]))
        self.audit.invalidate_recordset()
        self.assertTrue(self.audit.access_token)
        self.assertNotEqual(self.audit.access_token, token)

    def test_a_team_members_copies_of_the_audit_are_keys(self):
        self._assert_refused(
            self.officer.login,
            self.member,
            {
                "user_id": self.intruder.id,
                "audit_state": "draft",
                "date_start": "2031-05-13 01:00:00",
                "date_end": "2031-05-13 09:00:00",
                "role_sequence": 7,
                "partner_id": self.env["res.partner"].create({"name": "另一家公司", "is_company": True}).id,
                "audit_id": self.env["cert.audit"].search([("id", "!=", self.audit.id)], limit=1).id,
                "days": -3,
            },
        )
        # the auditor's user is untouched, and the intruder reads nothing of the audit
        self.assertEqual(self.auditor.user_id, self.former)
        self.assertFalse(self.env["cert.audit"].with_user(self.intruder).search([("id", "=", self.audit.id)]))
