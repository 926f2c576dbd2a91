from datetime import date
from datetime import datetime
from datetime import timedelta

from odoo import Command
from odoo.addons.cert_service.tests.common import CertCase
from odoo.addons.mail.tests.common import mail_new_test_user


class CertAuditCase(CertCase):
    """CertCase plus auditors (one per test user with the auditor role), a contracted application and helpers.

    Datetimes are naive UTC, as Odoo stores them. The reference week is far in the future so that the demo
    data never overlaps.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Audit = cls.env["cert.audit"]
        cls.Auditor = cls.env["cert.auditor"]
        cls.monday = datetime(2031, 3, 3)  # a Monday
        cls.valid_from = date(2019, 1, 1)
        cls.valid_to = date(2033, 12, 31)
        cls.user_auditor_3 = mail_new_test_user(
            cls.env, login="cb_auditor_3", name="Cb Auditor 3", groups="cert_service.group_cert_auditor"
        )
        cls.user_auditor_4 = mail_new_test_user(
            cls.env, login="cb_auditor_4", name="Cb Auditor 4", groups="cert_service.group_cert_auditor"
        )
        cls.lead = cls.make_auditor(cls.user_auditor, "lead_auditor", city="Foshan")
        cls.auditor_b = cls.make_auditor(cls.user_auditor_2, "auditor", city="Guangzhou")
        cls.auditor_c = cls.make_auditor(cls.user_auditor_3, "auditor", city="Foshan")
        cls.auditor_d = cls.make_auditor(cls.user_auditor_4, "lead_auditor", city="Shanghai")
        cls.consultancy = cls.env["res.partner"].create({"name": "Referral Consulting Ltd.", "is_company": True})
        cls.app_a = cls.make_application(cls.client_a, employees=320, outlets=4, consultancy=cls.consultancy)
        cls.app_b = cls.make_application(cls.client_b, employees=40, outlets=0)

    @classmethod
    def make_auditor(cls, user, grade, city=False, qualified=True, **vals):
        auditor = cls.env["cert.auditor"].create(dict({"user_id": user.id, "grade": grade, "city": city}, **vals))
        if qualified:
            cls.qualify(auditor)
        return auditor

    @classmethod
    def qualify(cls, auditor, date_from=None, date_to=None, industries=None):
        return cls.env["cert.auditor.qualification"].create(
            {
                "auditor_id": auditor.id,
                "scheme_id": cls.scheme.id,
                "date_from": date_from or cls.valid_from,
                "date_to": date_to or cls.valid_to,
                "industry_code_ids": [Command.set(industries.ids if industries else [])],
            }
        )

    @classmethod
    def make_application(cls, partner, employees=100, outlets=0, consultancy=None, city="Foshan"):
        sites = [Command.create({"name": f"{partner.name} HQ", "site_type": "hq", "city": city})]
        sites += [
            Command.create({"name": f"Outlet {i}", "site_type": "outlet", "city": "Guangzhou", "sequence": i})
            for i in range(1, outlets + 1)
        ]
        app = cls.env["cert.application"].create(
            {
                "partner_id": partner.id,
                "scheme_id": cls.scheme.id,
                "employee_count": employees,
                "consultancy_id": consultancy.id if consultancy else False,
                "site_ids": sites,
            }
        )
        cls.contract(app)
        return app

    @classmethod
    def contract(cls, app):
        """Bring ``app`` to "contracted" through its actions: documents, submission, acceptance, signature."""
        documents = cls.env["ir.attachment"].create(
            {"name": "documents.pdf", "raw": b"%PDF-1.4 application documents", "mimetype": "application/pdf"}
        )
        app.system_start_date = date(2020, 1, 1)
        app.document_ids.filtered(lambda d: d.required and d.applicable).attachment_ids = [Command.link(documents.id)]
        app.action_submit()
        app.action_accept()
        app.action_sign_contract()

    def make_audit(self, app=None, start=None, hours=8, team=(), audit_type="initial", user=None, **vals):
        """An audit of ``app`` from ``start`` (naive UTC) for ``hours``, with ``team`` = [(auditor, role), ...]."""
        start = start or self.monday + timedelta(hours=1)
        values = dict(
            {
                "application_id": (app or self.app_a).id,
                "audit_type": audit_type,
                "date_start": start,
                "date_end": start + timedelta(hours=hours),
                "member_ids": [Command.create({"auditor_id": a.id, "role": role}) for a, role in team],
            },
            **vals,
        )
        return self.Audit.with_user(user or self.user_officer).create(values)

    def score_fully(self, audit, user=None):
        """Full points on the checklist, where the audit has one (the audit execution requires it to report)."""
        lines = audit["score_line_ids"] if "score_line_ids" in audit._fields else []
        for line in lines.with_user(user or self.user_auditor) if lines else []:
            line.write({"sample_size": 1} if line.sampled else {"points": line.max_points})
