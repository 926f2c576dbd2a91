from datetime import date

from odoo import Command

from ..lib import certificates
from .common import CertCase


class CertCertificateCase(CertCase):
    """CertCase plus a Chinese client with an application, and helpers to make and move certificates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Certificate = cls.env["cert.certificate"]
        # These tests make certificates without the decisions of cert_audit (which then requires one to issue).
        cls.env["ir.config_parameter"].sudo().set_param("cert_audit.issue_requires_decision", "0")
        cls.level_5 = cls.env.ref("cert_service.gbt_level_5star")
        cls.level_4 = cls.env.ref("cert_service.gbt_level_4star")
        cls.reason = {
            key: cls.env.ref(f"cert_service.reason_{key}")
            for key in (
                "suspension_surveillance",
                "suspension_client_request",
                "withdrawal_suspension_elapsed",
                "withdrawal_misuse",
                "cancellation_ceased",
            )
        }
        cls.credit_code = "91440606MA4W0F5X2" + certificates.credit_code_check("91440606MA4W0F5X2")
        cls.client_a.write(
            {
                "name": "美的售后服务有限公司",
                "street": "美的大道6号",
                "city": "佛山",
                "unified_social_credit_code": cls.credit_code,
            }
        )
        cls.app_cert_a = cls.make_cert_application(cls.client_a)

    @classmethod
    def make_cert_application(cls, partner, outlets=1):
        return cls.env["cert.application"].create(
            {
                "partner_id": partner.id,
                "scheme_id": cls.scheme.id,
                "employee_count": 80,
                "scope": "家用电器的售后服务:安装、维修、配件供应、投诉处理",
                "site_ids": [Command.create({"name": "总部 HQ", "site_type": "hq", "city": "佛山"})]
                + [
                    Command.create({"name": f"网点 Outlet {i}", "site_type": "outlet", "city": "广州"})
                    for i in range(1, outlets + 1)
                ],
            }
        )

    def make_certificate(self, app=None, level=None, issue=True, user=None, **vals):
        cert = self.Certificate.with_user(user or self.user_officer).create(
            dict({"application_id": (app or self.app_cert_a).id}, **vals)
        )
        cert.level_id = level or self.level_5
        if issue:
            cert.action_issue()
        return cert

    def move(self, cert, action, reason=None, note=None, user=None):
        """Run ``action`` through its wizard, as the officer unless told."""
        result = getattr(cert.with_user(user or self.user_officer), action)()
        wizard = (
            self.env[result["res_model"]]
            .with_user(user or self.user_officer)
            .with_context(**result["context"])
            .create({"reason_id": self.reason[reason].id if reason else False, "note": note})
        )
        wizard.action_confirm()
        return cert

    @staticmethod
    def day(*args):
        return date(*args)
