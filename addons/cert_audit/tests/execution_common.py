import base64
from datetime import timedelta

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import CertAuditCase

#: a full score of GB/T 27922 except the samples 5.1.2 (1 of 10 bad: 5.40), 5.2.4 (1 of 8: 7.00), 5.3.2 (2 of 13:
#: 11.00), with 5.2.6 excluded
#: → 91.40 / 95 = 96.2105… − 1 special deduction = 95.2 → 五星
E2E_ROWS = [
    {"code": "5.1.1", "points": 6},
    {"code": "5.1.2", "sample_size": 10, "nonconforming": 1, "note": "1 of 10 staff files incomplete."},
    {"code": "5.1.3", "points": 6},
    {"code": "5.1.4", "points": 6},
    {"code": "5.1.5", "points": 5},
    {"code": "5.1.6", "points": 5},
    {"code": "5.1.7", "points": 6},
    {"code": "5.2.1", "points": 5},
    {"code": "5.2.2", "points": 6},
    {"code": "5.2.3", "sample_size": 20, "nonconforming": 0},
    {"code": "5.2.4", "sample_size": 8, "nonconforming": 1, "note": "Repair times not always recorded."},
    {"code": "5.2.5", "points": 6},
    {"code": "5.2.6", "excluded": "yes", "exclusion_reason": "Nothing is recycled: a pure service provider."},
    {"code": "5.3.1", "sample_size": 12, "nonconforming": 0},
    {"code": "5.3.2", "sample_size": 13, "nonconforming": 2, "note": "2 of 13 complaints closed late."},
]


class CertExecutionCase(CertAuditCase):
    """An audit of a Chinese client started by the officer, with a lead auditor and an auditor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_cn = cls.env["res.partner"].create({"name": "佛山市美家电器有限公司", "is_company": True})
        cls.user_portal_cn = mail_new_test_user(
            cls.env, login="meijia_portal", name="Meijia Portal", groups="base.group_portal"
        )
        cls.user_portal_cn.partner_id.parent_id = cls.client_cn
        cls.app_cn = cls.make_application(cls.client_cn, employees=120, outlets=1)
        cls.Line = cls.env["cert.audit.score.line"]
        cls.Finding = cls.env["cert.finding"]
        cls.Decision = cls.env["cert.decision"]
        cls.level_five = cls.env.ref("cert_service.gbt_level_5star")
        cls.level_four = cls.env.ref("cert_service.gbt_level_4star")

    @classmethod
    def start_audit(cls, app=None, start=None, team=None):
        # make_audit is an instance helper of CertAuditCase that uses only class attributes.
        audit = CertAuditCase.make_audit(
            cls, app=app or cls.app_cn, start=start, team=team or [(cls.lead, "lead"), (cls.auditor_b, "auditor")]
        )
        audit.action_plan()
        audit.action_client_confirm()
        audit.action_start()
        return audit

    def line(self, audit, code):
        return audit.score_line_ids.filtered(lambda line: line.code == code)

    def make_evidence(self, app, content=b"closure proof\n", name="proof.txt", user=None):
        return (
            self.env["cert.evidence"]
            .with_user(user or self.user_portal_cn)
            .create(
                {
                    "name": name,
                    "folder_id": app.evidence_folder_id.id,
                    "new_file": base64.b64encode(content),
                    "new_filename": name,
                }
            )
        )

    @classmethod
    def later(cls, days):
        return cls.monday + timedelta(days=days, hours=1)
