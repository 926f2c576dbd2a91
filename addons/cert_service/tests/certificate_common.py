from datetime import date

from odoo import Command

from ..lib import certificates
from .common import CertCase


def portal_installed(env):
    """The client portal is in the registry: it publishes the certificates' verification pages."""
    return "cert.portal.signing.key" in env


def issue_certificate(env, app, level, officer, issue=True, supersedes=None, recertification=False, **vals):
    """``app``'s certificate at ``level``, issued by ``officer`` (unless not ``issue``) as users issue it in the
    database of ``env``.

    With the audits installed, a certificate is issued on the confirmed grant decision that drafted it: the
    audits' test helper takes that road (audit, full score, decision). Alone, the officer drafts and issues
    it. With ``supersedes``, the certificate succeeds that one: a level change or, with
    ``recertification``, the next cycle.
    """
    if "cert.decision" in env:
        # imported here: this addon does not depend on cert_audit, whose tests module exists only when it is
        # installed (its post_install tests run this in the same registry as these)
        from odoo.addons.cert_audit.tests.issuing import issue_through_decision

        return issue_through_decision(
            env, app, level, officer, issue=issue, supersedes=supersedes, recertification=recertification, **vals
        )
    if supersedes:
        cert = supersedes.with_user(officer)._create_successor(level=level, recertification=recertification)
        if vals:
            cert.write(vals)
    else:
        cert = env["cert.certificate"].with_user(officer).create(dict({"application_id": app.id}, **vals))
        cert.level_id = level
    if issue:
        cert.action_issue()
    return cert


class CertCertificateCase(CertCase):
    """CertCase plus a Chinese client with an application, and helpers to make and move certificates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Certificate = cls.env["cert.certificate"]
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
        return issue_certificate(
            self.env, app or self.app_cert_a, level or self.level_5, user or self.user_officer, issue=issue, **vals
        )

    def make_successor(self, cert, level=None, recertification=False, issue=True):
        """``cert``'s successor at ``level`` (its own unless told), as users make it in this database."""
        return issue_certificate(
            self.env,
            cert.application_id,
            level or cert.level_id,
            self.user_officer,
            issue=issue,
            supersedes=cert,
            recertification=recertification,
        )

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
