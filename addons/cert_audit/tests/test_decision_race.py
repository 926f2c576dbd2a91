import threading
import uuid
from datetime import datetime
from datetime import timedelta

from odoo import SUPERUSER_ID
from odoo import Command
from odoo import api
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase
from odoo.tests import tagged
from odoo.tools import mute_logger

from .execution_common import E2E_ROWS
from .issuing import issue_through_decision
from .issuing import remove_chatter
from .issuing import remove_committed


@tagged("post_install", "-at_install")
class TestDecisionRace(TransactionCase):
    """Two decision makers confirm their own grants on one audit at the same moment; two officers issue two
    certificates of one client's cycle at the same moment: the database keeps one in force.

    Each user works in a real transaction of their own (a cursor per thread, REPEATABLE READ, as under
    ``--workers``): both pass the Python checks, only the partial unique indexes see both. The fixture is
    committed in another cursor and removed afterwards. The demo application is the client's file.
    """

    def setUp(self):
        super().setUp()
        if not self.env.ref("cert_audit.application_demo_shunan", raise_if_not_found=False):
            self.skipTest("needs the demo application")
        self.fixture = {}
        self.addCleanup(self._drop_fixture)
        self._commit_fixture()

    def _env(self, cr, uid=SUPERUSER_ID):
        return api.Environment(cr, uid, {"tracking_disable": True, "no_reset_password": True})

    def _commit_fixture(self):
        tag = uuid.uuid4().hex[:8]
        fixture = self.fixture
        with self.registry.cursor() as cr:
            env = self._env(cr)

            def users(group, *names):
                return env["res.users"].create(
                    [
                        {
                            "name": name,
                            "login": f"{name.lower().replace(' ', '_')}_{tag}",
                            "email": f"{name.lower().replace(' ', '.')}.{tag}@cb.example.com",
                            "groups_id": [Command.set(group.ids)],
                        }
                        for name in names
                    ]
                )

            deciders = users(env.ref("cert_service.group_cert_decision"), "Race Decider 1", "Race Decider 2")
            officers = users(env.ref("cert_service.group_cert_officer"), "Race Issuer 1", "Race Issuer 2")
            auditor_user = users(env.ref("cert_service.group_cert_auditor"), "Race Lead")
            fixture["users"] = (deciders | officers | auditor_user).ids
            fixture["partners"] = (deciders | officers | auditor_user).partner_id.ids
            fixture["deciders"], fixture["officers"] = deciders.ids, officers.ids
            # a reported audit of the demo client, led by an auditor of its own (no other booking to meet)
            app = env.ref("cert_audit.application_demo_shunan")
            today = datetime.combine(datetime.today().date(), datetime.min.time())
            auditor = env["cert.auditor"].create({"user_id": auditor_user.id, "grade": "lead_auditor"})
            fixture["auditor"] = auditor.id
            env["cert.auditor.qualification"].create(
                {
                    "auditor_id": auditor.id,
                    "scheme_id": app.scheme_id.id,
                    "date_from": today.date() - timedelta(days=10),
                    "date_to": today.date() + timedelta(days=900),
                    "industry_code_ids": [Command.set(app.industry_code_id.ids)],
                }
            )
            start = today + timedelta(days=700, hours=1)
            audit = env["cert.audit"].create(
                {
                    "application_id": app.id,
                    "audit_type": "initial",
                    "date_start": start,
                    "date_end": start + timedelta(hours=8),
                    "member_ids": [Command.create({"auditor_id": auditor.id, "role": "lead"})],
                }
            )
            fixture["audit"] = audit.id
            audit.action_plan()
            audit.action_client_confirm()
            audit.action_start()
            audit._apply_checklist_rows([dict(row) for row in E2E_ROWS])
            audit.action_report()
            fixture["decisions"] = [
                env["cert.decision"]
                .with_user(decider)
                .create({"audit_id": audit.id, "outcome": "grant", "level_id": audit.proposed_level_id.id})
                .id
                for decider in deciders
            ]
            # two drafts of one client, scheme and cycle, each drafted by the grant on an audit of its own, as
            # two officers would issue them
            client = env["res.partner"].create({"name": f"Race Client {tag}", "is_company": True})
            fixture["client"] = client.id
            race_app = env["cert.application"].create(
                {
                    "partner_id": client.id,
                    "scheme_id": app.scheme_id.id,
                    "scope": "After-sales service",
                    "site_ids": [Command.create({"name": "HQ", "site_type": "hq", "city": "Foshan"})],
                }
            )
            fixture["application"] = race_app.id
            level = env.ref("cert_service.gbt_level_5star")
            officer = officers[:1]
            fixture["certificates"] = [
                issue_through_decision(env, race_app, level, officer, issue=False).id for _draft in range(2)
            ]

    def _drop_fixture(self):
        fixture = self.fixture
        with self.registry.cursor() as cr:
            env = self._env(cr)
            # the race's application with all that issuing made for it
            remove_committed(env, env["cert.application"].browse(fixture.get("application")).exists())
            audit = env["cert.audit"].browse(fixture.get("audit")).exists()
            decisions = env["cert.decision"].search([("audit_id", "in", audit.ids)])
            certs = env["cert.certificate"].search(
                ["|", ("id", "in", fixture.get("certificates", [])), ("decision_id", "in", decisions.ids)]
            )
            remove_chatter(certs, decisions, audit)
            # issued certificates and confirmed decisions cannot be deleted through the ORM, on purpose
            if certs:
                cr.execute("DELETE FROM cert_certificate WHERE id IN %s", [tuple(certs.ids)])
            if decisions:
                cr.execute("DELETE FROM cert_decision WHERE id IN %s", [tuple(decisions.ids)])
            if audit:
                audit._own_event().unlink()
                # the milestone its report registered (never invoiced here)
                cr.execute("DELETE FROM cert_billing_event WHERE audit_id = %s", [audit.id])
                cr.execute("DELETE FROM cert_audit WHERE id = %s", [audit.id])
            env["cert.auditor"].browse(fixture.get("auditor")).exists().unlink()
            env["res.users"].browse(fixture.get("users", [])).exists().unlink()
            env["res.partner"].browse(fixture.get("partners", []) + [fixture.get("client")]).exists().unlink()

    # ------------------------------------------------------------------ two users at the same moment
    def _act(self, uid, job, first, results, done, started):
        """One user's transaction: ``job(env)``; the first user's waits, uncommitted, for the second's."""
        threading.current_thread().testing = True  # no real e-mail from this thread
        cr = self.registry.cursor()
        # The test runner holds the registry lock that looking the registry up by name takes: give it.
        cr.transaction = api.Transaction(self.registry)
        try:
            env = self._env(cr, uid)
            job(env, snapshot=True)  # this transaction's snapshot starts here, before either one acts
            started.wait(timeout=30)
            if not first:
                done.wait(timeout=30)
            try:
                job(env)
                env.flush_all()
            except (UserError, ValidationError) as error:
                cr.rollback()
                results[uid] = str(error)
                return
            if first:
                done.set()
                # let the second user's transaction pass its Python checks and meet the database's
                threading.Event().wait(1.0)
            # this thread's own cursor, not the test's
            cr.commit()  # pylint: disable=invalid-commit
            results[uid] = "committed"
        finally:
            done.set()
            cr.close()

    def _race(self, jobs):
        """Run ``[(uid, job)]`` at the same moment; {uid: "committed" or the refusal}."""
        results, done, started = {}, threading.Event(), threading.Barrier(len(jobs))
        threads = [
            threading.Thread(target=self._act, args=(uid, job, index == 0, results, done, started))
            for index, (uid, job) in enumerate(jobs)
        ]
        with mute_logger("odoo.sql_db"):  # the refused UPDATE is logged as a bad query
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=90)
        return results

    def test_two_grants_on_one_audit_at_once(self):
        def confirm(decision_id):
            def job(env, snapshot=False):
                decision = env["cert.decision"].browse(decision_id)
                if snapshot:
                    decision.read(["state"])
                else:
                    decision.action_confirm()

            return job

        decider_1, decider_2 = self.fixture["deciders"]
        first, second = self.fixture["decisions"]
        results = self._race([(decider_1, confirm(first)), (decider_2, confirm(second))])
        self.assertEqual(results.get(decider_1), "committed")
        self.assertIn("was confirmed at the same moment", results.get(decider_2, ""))
        with self.registry.cursor() as cr:
            env = self._env(cr)
            decisions = env["cert.decision"].search([("audit_id", "=", self.fixture["audit"])])
            self.assertEqual(
                sorted((d.id, d.state) for d in decisions), [(first, "confirmed"), (second, "draft")], "one in force"
            )
            certs = env["cert.certificate"].search([("decision_id", "in", decisions.ids)])
            self.assertEqual([(c.decision_id.id, c.state) for c in certs], [(first, "draft")], "one certificate")

    def test_two_issues_in_one_cycle_at_once(self):
        def issue(cert_id):
            def job(env, snapshot=False):
                cert = env["cert.certificate"].browse(cert_id)
                if snapshot:
                    cert.read(["state"])
                else:
                    cert.action_issue()

            return job

        officer_1, officer_2 = self.fixture["officers"]
        first, second = self.fixture["certificates"]
        results = self._race([(officer_1, issue(first)), (officer_2, issue(second))])
        self.assertEqual(results.get(officer_1), "committed")
        self.assertIn("in force in cycle 1 (issued at the same moment)", results.get(officer_2, ""))
        with self.registry.cursor() as cr:
            env = self._env(cr)
            certs = env["cert.certificate"].browse(self.fixture["certificates"])
            self.assertEqual([c.state for c in certs], ["valid", "draft"], "one certificate in force")
            self.assertFalse(certs[1].status_ids, "no history row for the refused issue")
            self.assertFalse(certs[1].name, "no number drawn for the refused issue")
