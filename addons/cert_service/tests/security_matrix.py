"""The security matrix: every role against every certification model, cell by cell (issue 10).

A *cell* is (role, model, operation[, field or action]). The runner plays it as that role on the model's
*target* record (client A's), inside a savepoint that is always rolled back, and classifies what happened:

- ``ok``: it went through (for ``search``: the target was found);
- ``hidden``: ``search`` ran but did not find the target (record rules);
- ``access``: ``AccessError``;
- ``user``: ``UserError``/``ValidationError`` — and the database's own refusals (``IntegrityError``), which
  Odoo's RPC layer answers with a translated ``ValidationError`` (``odoo.service.model.retrying``);
- ``crash``: anything else. Never expected: a crash is always a failure.

Operations: ``search``, ``read`` (every field without ``groups``; then one ``read`` cell per field that has
``groups``), ``write`` of every field one by one (values generated from ``_fields``), ``create`` (values of
the data set), ``unlink`` and every public ``action_*`` method of the model.

Expected outcomes are data (``MATRIX``), per model and role, with defaults and exceptions::

    {"cert.application": {
        "*": {...},                       # every role of this model
        "officer": {"search": OK, "read": OK, "write": OK, "write_keys": USER, "create": OK,
                    "action": RUN, "action:action_view_*": OK, "write:lead_id": USER},
    }}

Lookup of a cell: ``<op>:<name>`` (fnmatch patterns allowed), then for writes ``write_keys`` when the field is
a key, then ``<op>``, in the role's entry, then in ``"*"``, then ``DEFAULTS`` (everything refused). Key fields
are ``state``, a portal ``access_token``, stored computed/related read-only fields and the fields each matrix
lists in ``KEYS`` — data of the matrix, never read from the declarations it checks. An expected value is an
outcome or a set of them (``DENY`` = ``access`` or
``user``; ``NOSEE`` = ``access`` or ``hidden``; ``RUN`` = ``ok`` or ``user``: the caller may try, the state
decides).

A cell that differs from its expectation fails the run: there is no list of known failures to park one in.
"""

import base64
import json
import logging
import os
import time
from collections import Counter
from datetime import date
from datetime import datetime
from datetime import timedelta
from fnmatch import fnmatchcase
from functools import partial

import psycopg2

from odoo import Command
from odoo import fields
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tools import mute_logger

_logger = logging.getLogger(__name__)

OK = "ok"
HIDDEN = "hidden"
ACCESS = "access"
USER = "user"
CRASH = "crash"
DENY = frozenset({ACCESS, USER})
NOSEE = frozenset({ACCESS, HIDDEN})
RUN = frozenset({OK, USER})

ROLES = (
    "manager",
    "officer",
    "auditor_team",
    "auditor_other",
    "decision",
    "finance",
    "salesperson",
    "portal_a",
    "portal_b",
    "public",
)
ROLE_GROUPS = {
    "manager": "cert_service.group_cert_manager",
    "officer": "cert_service.group_cert_officer",
    "auditor_team": "cert_service.group_cert_auditor",
    "auditor_other": "cert_service.group_cert_auditor",
    "decision": "cert_service.group_cert_decision",
    "finance": "cert_service.group_cert_finance",
    "salesperson": "sales_team.group_sale_salesman",
    "portal_a": "base.group_portal",
    "portal_b": "base.group_portal",
}
HTTP_ROLES = ("portal_a", "auditor_team")

#: what a role may do when the matrix says nothing: nothing
DEFAULTS = {
    "search": NOSEE,
    "read": ACCESS,
    "write": DENY,
    "write_keys": DENY,
    "create": DENY,
    "unlink": DENY,
    "action": DENY,
}
ANY = frozenset({OK, ACCESS, USER})
#: every model, every role, unless the matrix says otherwise
GLOBAL = {
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
# Profiles the matrices combine.
READ = {"search": OK, "read": OK}

EDIT = {**READ, "write": OK, "write_keys": USER, "action": RUN}
FULL = {**EDIT, "create": OK, "unlink": OK}

#: magic columns the ORM writes itself (and silently drops from ``write``)
SKIP_FIELDS = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date", "parent_path"}
PNG = base64.b64encode(b"changed by the security matrix\n")


def classify(exc):
    """The outcome class of an exception raised by a cell (``None``: it went through)."""
    if exc is None:
        return OK
    if isinstance(exc, AccessError):
        return ACCESS
    if isinstance(exc, UserError | psycopg2.IntegrityError):
        return USER
    return CRASH


def classify_rpc(error):
    """The outcome class of a JSON-RPC error answer."""
    name = error.get("data", {}).get("name", "")
    if name == "odoo.exceptions.AccessError":
        return ACCESS
    if name in (
        "odoo.exceptions.UserError",
        "odoo.exceptions.ValidationError",
        "odoo.exceptions.MissingError",
        "odoo.exceptions.RedirectWarning",
    ):
        return USER
    return CRASH


def _lookup(entry, key):
    """``entry[key]``, ``key`` matched against the fnmatch patterns of ``entry`` when it names a field/action."""
    if key is None:
        return None
    if ":" not in key:
        return entry.get(key)
    for pattern, expected in entry.items():
        if ":" in pattern and fnmatchcase(key, pattern):
            return expected
    return None


def _as_set(expected):
    return expected if isinstance(expected, frozenset) else frozenset({expected})


class SecurityMatrixMixin:
    """Fixtures (a user per role, a data set per model) and the cell runner. Mix into a TransactionCase.

    Subclasses set ``matrix_module`` (the addon whose models are covered), ``MATRIX``, ``KEYS`` and
    ``ROBUSTNESS_EXEMPT``, and may extend ``_matrix_data`` (call super) to add targets of their models.
    """

    matrix_module = None
    MATRIX = {}
    #: {model: the fields only the model's own actions write (besides state, tokens and stored computations)}
    KEYS = {}
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
            cls.matrix_users[role] = mail_new_test_user(
                cls.env,
                login=f"matrix_{role}",
                name=f"Matrix {role.replace('_', ' ').title()}",
                groups=group,
                email=f"matrix_{role}@cb.example.com",
                password=f"matrix_{role}_pw",
            )
        cls.matrix_users["portal_a"].partner_id.parent_id = cls.client_a
        cls.matrix_users["portal_b"].partner_id.parent_id = cls.client_b
        cls.matrix_users["public"] = cls.env.ref("base.public_user")
        # an internal user no role depends on: the grantee of the data set's local role
        cls.matrix_grantee = mail_new_test_user(cls.env, login="matrix_grantee", groups="base.group_user")

    @classmethod
    def _matrix_add(cls, model, target, other=None, create=None):
        cls.matrix_targets[model] = target
        if other is not None:
            cls.matrix_others[model] = other
        if create is not None:
            cls.matrix_create[model] = create

    @classmethod
    def _matrix_data(cls):
        """cert_service's data set: two clients' applications, contracts, sites, evidence; the schemes."""
        env = cls.env
        scheme = env.ref("cert_service.scheme_gbt27922")
        cls.matrix_scheme = scheme
        users = cls.matrix_users
        product = env["product.product"].create({"name": "Matrix application fee", "type": "service"})
        fee = env["cert.scheme.fee"].create(
            {"scheme_id": scheme.id, "product_id": product.id, "milestone": "application_accepted", "price_unit": 10}
        )
        cls.app_a = cls._matrix_application(cls.client_a, users["officer"], contracted=True)
        cls.app_b = cls._matrix_application(cls.client_b, users["manager"], contracted=True)
        cls._matrix_assign_team_auditor(cls.app_a, users["auditor_team"])
        contract_a = cls.app_a.contract_id
        contract_b = cls.app_b.contract_id

        def app_values():
            return {"partner_id": cls.client_a.id, "scheme_id": scheme.id, "user_id": users["officer"].id}

        cls._matrix_add("cert.application", cls.app_a, cls.app_b, app_values)
        cls._matrix_add(
            "cert.site",
            cls.app_a.site_ids.filtered(lambda s: s.site_type == "hq"),
            cls.app_b.site_ids[:1],
            lambda: {"application_id": cls.app_a.id, "name": "Matrix outlet", "site_type": "outlet"},
        )
        cls._matrix_add(
            "cert.application.document",
            cls.app_a.document_ids[:1],
            cls.app_b.document_ids[:1],
            lambda: {"application_id": cls.app_a.id, "name": "Matrix extra document"},
        )
        cls._matrix_add(
            "cert.contract",
            contract_a,
            contract_b,
            lambda: {"application_id": cls.app_a.id, "partner_id": cls.client_a.id},
        )
        cls._matrix_add(
            "cert.contract.line",
            contract_a.line_ids[:1],
            contract_b.line_ids[:1],
            lambda: {
                "contract_id": contract_a.id,
                "product_id": product.id,
                "name": "Matrix line",
                "milestone": "application_accepted",
            },
        )
        cls._matrix_add(
            "cert.application.reject",
            env["cert.application.reject"].create({"application_ids": [Command.set(cls.app_a.ids)], "reason": "x"}),
            create=lambda: {"application_ids": [Command.set(cls.app_a.ids)], "reason": "Matrix reason"},
        )
        # ---- schemes (configuration)
        cls._matrix_add(
            "cert.scheme",
            scheme,
            env.ref("cert_service.scheme_sbt10401_production", raise_if_not_found=False) or scheme.copy(),
            lambda: {"name": "Matrix scheme", "code": "MATRIX"},
        )
        indicator = env.ref("cert_service.gbt_repair")
        cls._matrix_add(
            "cert.indicator",
            indicator,
            env.ref("cert_service.gbt_delivery", raise_if_not_found=False) or indicator.parent_id,
            lambda: {"scheme_id": scheme.id, "parent_id": indicator.parent_id.id, "name": "Matrix indicator"},
        )
        cls._matrix_add(
            "cert.level",
            scheme.level_ids[:1],
            scheme.level_ids[1:2],
            lambda: {"scheme_id": scheme.id, "name": "Matrix level", "min_score": 99.5},
        )
        cls._matrix_add(
            "cert.scheme.document",
            scheme.document_ids[:1],
            scheme.document_ids[1:2],
            lambda: {"scheme_id": scheme.id, "name": "Matrix document"},
        )
        cls._matrix_add(
            "cert.scheme.fee",
            fee,
            create=lambda: {"scheme_id": scheme.id, "product_id": product.id, "milestone": "application_accepted"},
        )
        cls._matrix_add(
            "cert.scheme.auditor.day",
            scheme.auditor_day_ids[:1],
            scheme.auditor_day_ids[1:2],
            lambda: {"scheme_id": scheme.id, "employees_max": 99999, "days": 9},
        )
        cteas = env["cert.scheme.requirement"].search([], limit=2)
        cls._matrix_add(
            "cert.scheme.requirement",
            cteas[:1],
            cteas[1:2],
            lambda: {"scheme_id": cteas[:1].scheme_id.id, "required_scheme_id": scheme.id},
        )
        cls._matrix_evidence_data()
        cls._matrix_certificate_data(fee)

    @classmethod
    def _matrix_certificate_data(cls, fee):
        """Client A's issued certificate (as the certificate tests make it: without cert_audit's decision),
        its history, the wizards on it, the billing events of both contracts and the revenue of A's invoice."""
        env, users = cls.env, cls.matrix_users
        env["ir.config_parameter"].sudo().set_param("cert_audit.issue_requires_decision", "0")
        Cert = env["cert.certificate"]

        def issued(app):
            cert = Cert.with_user(users["officer"]).create({"application_id": app.id}).with_env(env)
            cert.level_id = env.ref("cert_service.gbt_level_5star")
            cert.action_issue()
            return cert

        cls.cert_a, cls.cert_b = issued(cls.app_a), issued(cls.app_b)
        cls._matrix_add("cert.certificate", cls.cert_a, cls.cert_b, lambda: {"application_id": cls.app_a.id})
        cls._matrix_add("cert.certificate.status", cls.cert_a.status_ids[:1], cls.cert_b.status_ids[:1])
        reason = env.ref("cert_service.reason_suspension_surveillance")
        cls._matrix_add("cert.certificate.reason", reason, env.ref("cert_service.reason_withdrawal_misuse"))
        transition = {
            "certificate_ids": [Command.set(cls.cert_a.ids)],
            "action": "action_suspend",
            "reason_id": reason.id,
        }
        cls._matrix_add(
            "cert.certificate.transition",
            env["cert.certificate.transition"].create(transition),
            create=lambda: dict(transition),
        )
        cls._matrix_add("cert.certificate.export", env["cert.certificate.export"].create({}), create=dict)
        override = {"certificate_ids": [Command.set(cls.cert_a.ids)], "reason": "Matrix: paid in cash"}
        cls._matrix_add(
            "cert.certificate.payment.override",
            env["cert.certificate.payment.override"].create(override),
            create=lambda: dict(override),
        )
        band = {"fee_id": fee.id, "threshold": 100, "price_unit": 20}
        cls._matrix_add(
            "cert.scheme.fee.band",
            env["cert.scheme.fee.band"].create(band),
            env["cert.scheme.fee.band"].create(dict(band, threshold=500)),
            lambda: dict(band, threshold=1000),
        )
        Event = env["cert.billing.event"]
        event_a = Event.search([("contract_id", "=", cls.app_a.contract_id.id)], limit=1)
        cls._matrix_add(
            "cert.billing.event", event_a, Event.search([("contract_id", "=", cls.app_b.contract_id.id)], limit=1)
        )
        # the revenue report reads posted invoices: bill A's application fee (a chart of accounts first)
        if not env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1):
            env["account.chart.template"].try_loading("generic_coa", env.company, install_demo=False)
        env["ir.config_parameter"].sudo().set_param("cert_service.billing_auto_post", "1")
        event_a.with_user(users["finance"]).action_invoice()
        Report = env["cert.revenue.report"]
        cls._matrix_add("cert.revenue.report", Report.search([("contract_id", "=", cls.app_a.contract_id.id)], limit=1))

    @classmethod
    def _matrix_evidence_data(cls):
        env, users = cls.env, cls.matrix_users
        Folder = env["cert.evidence.folder"]
        indicator = env.ref("cert_service.gbt_repair")

        def indicator_folder(app):
            return Folder.search([("id", "child_of", app.evidence_folder_id.id), ("indicator_id", "=", indicator.id)])

        folder_a, folder_b = indicator_folder(cls.app_a), indicator_folder(cls.app_b)
        Evidence = env["cert.evidence"]

        def upload(user, folder, name, content):
            return (
                Evidence.with_user(user)
                .create(
                    {
                        "name": name,
                        "folder_id": folder.id,
                        "new_file": base64.b64encode(content),
                        "new_filename": "log.txt",
                    }
                )
                .with_env(env)
            )

        item_a = upload(users["portal_a"], folder_a, "Matrix repair log A", b"repair log A\n")
        item_b = upload(users["portal_b"], folder_b, "Matrix repair log B", b"repair log B\n")
        # an accepted item that a record relies on: referenced and locked
        item_ref = upload(users["portal_a"], folder_a, "Matrix licence A", b"licence A\n")
        item_ref.action_submit()
        item_ref.action_start_review()
        item_ref.action_accept()
        item_ref._cert_lock_evidence(cls.app_a, "Matrix reference")
        cls.item_a, cls.item_b, cls.folder_a, cls.folder_b = item_a, item_b, folder_a, folder_b
        cls._matrix_add(
            "cert.evidence.folder",
            folder_a,
            folder_b,
            lambda: {"name": "Matrix sub-folder", "parent_id": folder_a.id},
        )
        cls._matrix_add(
            "cert.evidence",
            item_a,
            item_b,
            lambda: {
                "name": "Matrix new item",
                "folder_id": folder_a.id,
                "new_file": base64.b64encode(b"new item\n"),
                "new_filename": "new.txt",
            },
        )
        cls._matrix_add(
            "cert.evidence.version",
            item_a.version_ids[:1],
            item_b.version_ids[:1],
            lambda: {
                "evidence_id": item_a.id,
                "version_number": 9,
                "name": "v9.txt",
                "attachment_id": item_a.version_ids[:1].attachment_id.id,
            },
        )
        cls._matrix_add(
            "cert.evidence.review",
            item_a.review_ids[:1],
            item_b.review_ids[:1],
            lambda: {"evidence_id": item_a.id, "action": "accept"},
        )
        cls._matrix_add(
            "cert.evidence.reference",
            item_ref.reference_ids[:1],
            create=lambda: {"evidence_id": item_a.id, "res_model": "cert.application", "res_id": cls.app_a.id},
        )
        share_values = {"folder_id": cls.app_a.evidence_folder_id.id, "user_id": cls.matrix_grantee.id}
        share_b = {"folder_id": cls.app_b.evidence_folder_id.id, "user_id": cls.matrix_grantee.id}
        cls._matrix_add(
            "cert.evidence.share",
            env["cert.evidence.share"].create(share_values),
            env["cert.evidence.share"].create(share_b),
            lambda: dict(share_values, role="reviewer"),
        )
        tag = env["cert.evidence.tag"].create({"name": "Matrix tag"})
        cls._matrix_add(
            "cert.evidence.tag",
            tag,
            env["cert.evidence.tag"].create({"name": "Matrix tag B"}),
            lambda: {"name": "Matrix new tag"},
        )
        Request = env["cert.document.request"]
        request_values = {
            "application_id": cls.app_a.id,
            "indicator_id": indicator.id,
            "description": "Matrix: the repair records of March",
            "due_date": date.today() + timedelta(days=14),
            "requested_by_id": users["auditor_team"].id,
        }
        request_b = dict(request_values, application_id=cls.app_b.id, requested_by_id=users["manager"].id)
        cls._matrix_add("cert.document.request", Request.create(request_values), Request.create(request_b))
        cls.matrix_create["cert.document.request"] = lambda: dict(request_values)
        cls._matrix_add(
            "cert.evidence.reason",
            env["cert.evidence.reason"].create(
                {"evidence_ids": [Command.set(item_a.ids)], "action": "reject", "reason": "x"}
            ),
            create=lambda: {"evidence_ids": [Command.set(item_a.ids)], "action": "reject", "reason": "Matrix"},
        )
        upload_values = {"evidence_id": item_a.id, "file": base64.b64encode(b"second\n"), "filename": "log2.txt"}
        cls._matrix_add(
            "cert.evidence.upload",
            env["cert.evidence.upload"].create(upload_values),
            create=lambda: dict(upload_values),
        )
        cls._matrix_add(
            "cert.evidence.diff",
            env["cert.evidence.diff"].create({"evidence_id": item_a.id}),
            create=lambda: {"evidence_id": item_a.id},
        )

    @classmethod
    def _matrix_application(cls, partner, salesperson, contracted):
        """An application of ``partner`` brought to ``contracted`` (or left draft) through its actions."""
        env = cls.env
        app = env["cert.application"].create(
            {
                "partner_id": partner.id,
                "scheme_id": cls.matrix_scheme.id,
                "user_id": salesperson.id,
                "employee_count": 120,
                "declared_outlet_count": 1,
                "system_start_date": date.today() - timedelta(days=800),
                "scope": "After-sales service of household appliances",
                "site_ids": [
                    Command.create({"name": f"{partner.name} HQ", "site_type": "hq", "city": "Foshan"}),
                    Command.create({"name": f"{partner.name} outlet", "site_type": "outlet", "city": "Guangzhou"}),
                ],
            }
        )
        attachment = env["ir.attachment"].create(
            {"name": "documents.pdf", "raw": b"%PDF-1.4 matrix", "res_model": app._name, "res_id": app.id}
        )
        app.document_ids.write({"attachment_ids": [Command.link(attachment.id)]})
        if contracted:
            app.action_submit()
            app.action_accept()
            # (the signing action was renamed by the integrity work of issue 10)
            sign = getattr(app, "action_sign_contract", None) or app.action_contract
            sign()
        return app

    @classmethod
    def _matrix_assign_team_auditor(cls, app, user):
        """Put ``user`` on the team of an audit of ``app``: cert_audit's data set creates the audit.

        Without cert_audit nothing assigns auditors: the stored relation is written directly (as the
        evidence tests do).
        """
        if "cert.audit" in cls.env:
            cls._matrix_audit_data(app, user)
        else:
            cls.env.cr.execute(
                "INSERT INTO cert_application_auditor_user_rel (application_id, user_id) VALUES (%s, %s)",
                [app.id, user.id],
            )
            cls.env.invalidate_all()

    @classmethod
    def _matrix_audit_data(cls, app, user):
        """cert_audit's data set: auditors, an audit of ``app`` with ``user`` as lead auditor (planned)."""
        env, users = cls.env, cls.matrix_users
        scheme = cls.matrix_scheme

        def auditor(login_user, grade):
            record = env["cert.auditor"].create({"user_id": login_user.id, "grade": grade, "city": "Foshan"})
            env["cert.auditor.qualification"].create(
                {
                    "auditor_id": record.id,
                    "scheme_id": scheme.id,
                    "date_from": date(2019, 1, 1),
                    "date_to": date(2039, 12, 31),
                }
            )
            return record

        cls.auditor_team = auditor(user, "lead_auditor")
        cls.auditor_other = auditor(users["auditor_other"], "lead_auditor")
        Audit = env["cert.audit"]

        def planned_audit(application, lead, start):
            audit = Audit.create(
                {
                    "application_id": application.id,
                    "audit_type": "initial",
                    "date_start": start,
                    "date_end": start + timedelta(hours=8),
                    "member_ids": [Command.create({"auditor_id": lead.id, "role": "lead"})],
                }
            )
            audit.action_plan()
            return audit

        cls.audit_a = planned_audit(app, cls.auditor_team, datetime(2031, 3, 3, 1, 0))
        cls.audit_b = planned_audit(cls.app_b, cls.auditor_other, datetime(2031, 3, 17, 1, 0))
        cls._matrix_add(
            "cert.audit",
            cls.audit_a,
            cls.audit_b,
            lambda: {"application_id": app.id, "audit_type": "surveillance"},
        )
        cls._matrix_add(
            "cert.audit.member",
            cls.audit_a.member_ids[:1],
            cls.audit_b.member_ids[:1],
            lambda: {"audit_id": cls.audit_a.id, "auditor_id": cls.auditor_other.id, "role": "auditor"},
        )
        cls._matrix_add(
            "cert.auditor",
            cls.auditor_team,
            cls.auditor_other,
            lambda: {"name": "Matrix new auditor", "grade": "auditor"},
        )
        Conflict = env["cert.auditor.conflict"]
        consultancy = env["res.partner"].create({"name": "Matrix Consulting Ltd.", "is_company": True})
        conflict_values = {
            "auditor_id": cls.auditor_team.id,
            "partner_id": consultancy.id,
            "date_from": date(2015, 1, 1),
        }
        cls._matrix_add(
            "cert.auditor.conflict",
            Conflict.create(dict(conflict_values, date_to=date(2016, 1, 1))),
            Conflict.create(dict(conflict_values, auditor_id=cls.auditor_other.id)),
            lambda: dict(conflict_values),
        )
        cls._matrix_add(
            "cert.auditor.qualification",
            cls.auditor_team.qualification_ids[:1],
            cls.auditor_other.qualification_ids[:1],
            lambda: {"auditor_id": cls.auditor_team.id, "scheme_id": scheme.id, "date_from": date(2020, 1, 1)},
        )
        Code = env["cert.industry.code"]
        cls._matrix_add(
            "cert.industry.code",
            Code.create({"code": "MX01", "name": "Matrix appliances"}),
            Code.create({"code": "MX02", "name": "Matrix logistics"}),
            lambda: {"code": "MX03", "name": "Matrix retail"},
        )
        wizard = env["cert.audit.find.auditor"].create({"audit_id": cls.audit_a.id})
        cls._matrix_add("cert.audit.find.auditor", wizard, create=lambda: {"audit_id": cls.audit_a.id})
        cls._matrix_add(
            "cert.audit.find.auditor.line",
            wizard.line_ids[:1],
            create=lambda: {"wizard_id": wizard.id, "auditor_id": cls.auditor_other.id},
        )

    # ------------------------------------------------------------------ the models and their cells
    def _matrix_models(self):
        """Every concrete cert.* model defined by ``matrix_module``."""
        return sorted(
            name
            for name, model in self.env.registry.items()
            if name.startswith("cert.") and not model._abstract and model._original_module == self.matrix_module
        )

    def _matrix_key_fields(self, model):
        """state, stored computed/related read-only fields, a portal token and the keys the matrix lists.

        The keys are the matrix's own data (``KEYS``), never read from the model's declarations: a key a
        model forgets to declare is a writable cell the matrix catches.
        """
        Model = self.env[model]
        keys = {
            name
            for name, field in Model._fields.items()
            if name in ("state", "access_token")
            or (field.store and (field.compute or field.related) and field.readonly)
        }
        return (keys | set(self.KEYS.get(model, ()))) - SKIP_FIELDS

    def _matrix_write_fields(self, model):
        """Every field a write can change: stored ones and those with an inverse (a write of a computed
        field that is neither stored nor inverted only touches the cache)."""
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
        Model = self.env[model]
        cls = type(Model)
        names = sorted(n for n in dir(cls) if n.startswith("action_") and callable(getattr(cls, n, None)))
        if not Model._active_name:
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
        Model = self.env[comodel].sudo().with_context(active_test=False)
        return Model.search([("id", "not in", exclude.ids)], limit=1)

    def _matrix_value(self, record, fname):
        """A valid, different value for ``record.fname`` (``None``: none to try)."""
        field = record._fields[fname]
        value = record.sudo()[fname]
        kind = field.type
        if kind == "boolean":
            return not value
        if kind == "integer":
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
            keys = [key for key, _label in field._description_selection(self.env)]
            others = [key for key in keys if key != value]
            return others[0] if others else None
        if kind == "binary":
            return PNG
        if kind == "many2one_reference":
            return (value or 0) + 1
        if kind in ("many2one", "many2many", "one2many"):
            other = self._matrix_other(field.comodel_name, value)
            if not other:
                return None
            return other.id if kind == "many2one" else [Command.link(other.id)]
        return None  # reference, properties, json: not generated

    # ------------------------------------------------------------------ running cells
    def _matrix_run(self, func):
        """Run ``func`` in a savepoint that is always rolled back; return its outcome class."""
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            result = func()
            # what the end of an RPC call does: flush, then the precommit hooks (tracking) as the caller
            self.env.cr.flush()
            outcome = OK if result is not HIDDEN else HIDDEN
        except Exception as exc:  # noqa: BLE001 - every exception is classified; crashes fail the cell
            outcome = classify(exc)
            if outcome == CRASH:
                self._matrix_crashes.append(f"{type(exc).__name__}: {exc}")
        finally:
            # forget the cell's cache and pending writes, then undo what reached the database
            self.env.cr.clear()
            savepoint.close(rollback=True)
        return outcome

    def _matrix_orm_cells(self, role, model):
        """Yield ``(op, name, outcome)`` for every cell of ``role`` on ``model`` through the ORM."""
        user = self.matrix_users[role]
        target = self.matrix_targets[model]
        # the data set is built without tracking; the cells run as an RPC call would: with it
        Model = (
            self.env[model]
            .with_user(user)
            .with_context(active_test=False, tracking_disable=False, mail_notrack=False, mail_create_nolog=False)
        )
        record = target.with_env(Model.env)
        plain = self._matrix_read_fields(model)
        # button calls come with the record as active one (some mixins' actions read it)
        button = record.with_context(active_id=target.id, active_ids=target.ids, active_model=model)

        def search():
            return OK if Model.search([("id", "=", target.id)]) else HIDDEN

        yield "search", None, self._matrix_run(search)
        outcome = self._matrix_run(lambda: record.read(plain))
        if outcome == ACCESS and self._matrix_run(lambda: record.read(["id"])) == OK:
            # the record is readable, some fields are not: name them in the report
            denied = [f for f in plain if self._matrix_run(lambda f=f: record.read([f])) != OK]
            self._matrix_notes[(model, role, "read")] = f"fields refused: {', '.join(denied)}"
        yield "read", None, outcome
        for fname in self._matrix_group_fields(model):
            yield "read", fname, self._matrix_run(lambda fname=fname: record.read([fname]))
        for fname in self._matrix_write_fields(model):
            value = self._matrix_value(target, fname)
            if value is not None:
                yield "write", fname, self._matrix_run(lambda fname=fname, value=value: record.write({fname: value}))
        if model in self.matrix_create:
            yield "create", None, self._matrix_run(lambda: Model.create(self.matrix_create[model]()))
        yield "unlink", None, self._matrix_run(record.unlink)
        for action in self._matrix_actions(model):
            yield "action", action, self._matrix_run(lambda action=action: getattr(button, action)())

    # ------------------------------------------------------------------ expectations
    def _matrix_expected(self, model, role, op, name):
        """The expected outcomes of a cell. Precedence: the role's ``<op>:<name>``, ``GLOBAL``'s, the role's
        ``write_keys`` and ``<op>``; then the same in the model's ``"*"`` entry; then ``DEFAULTS``."""
        rows = self.MATRIX.get(model)
        if rows is None:
            return None
        specific = f"{op}:{name}" if name else None
        generic = []
        if op == "write" and name in self._matrix_key_fields(model):
            generic.append("write_keys")
        generic.append(op)
        lookups = []
        for entry in (rows.get(role, {}), rows.get("*", {})):
            lookups += [(entry, specific), (GLOBAL, specific)] + [(entry, key) for key in generic]
        for entry, key in lookups:
            found = _lookup(entry, key)
            if found is not None:
                return _as_set(found)
        return _as_set(DEFAULTS[op])

    def _matrix_check(self, roles, cells, transport="orm"):
        """Compare every cell of ``roles`` with the matrix; fail listing the cells that differ."""
        self._matrix_crashes = []
        self._matrix_notes = {}
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
        self.env.cr.flush()
        started = time.time()
        failures, counts = [], Counter()
        dump = {}
        for role in roles:
            for model in models:
                # the database's refusals are outcomes, not errors (mail sent in a cell may flush them)
                with mute_logger("odoo.sql_db", "odoo.addons.mail.models.mail_mail"):
                    results = list(cells(role, model))
                for op, name, outcome in results:
                    counts[outcome] += 1
                    dump.setdefault((model, role), {}).setdefault(op, {}).setdefault(outcome, []).append(name or "")
                    expected = self._matrix_expected(model, role, op, name)
                    cell = (
                        f"{model} | {role} | {op} | {name or ''}: got {outcome}, expected {'/'.join(sorted(expected))}"
                    )
                    note = self._matrix_notes.pop((model, role, op), None)
                    if note:
                        cell += f" ({note})"
                    if outcome not in expected or outcome == CRASH:
                        failures.append(cell)
        elapsed = time.time() - started
        if os.environ.get("CERT_MATRIX_DUMP"):
            with open(os.environ["CERT_MATRIX_DUMP"], "a", encoding="utf-8") as out:
                for (model, role), ops in sorted(dump.items()):
                    out.write(f"{transport} {model} {role}: {json.dumps(ops, sort_keys=True)}\n")
        _logger.info(
            "security matrix (%s, %s): %s cells in %.1fs %s",
            transport,
            self.matrix_module,
            sum(counts.values()),
            elapsed,
            dict(counts),
        )
        crashes = "\n".join(sorted(set(self._matrix_crashes))[:50])
        if failures:
            self.fail(
                f"{len(failures)} cells differ from the security matrix:\n"
                + "\n".join(failures)
                + "\ncrashes:\n"
                + crashes,
            )

    # ------------------------------------------------------------------ robustness: required empty, negatives
    def _matrix_robustness(self, user_role="manager"):
        """Required fields sent empty and numeric fields sent negative: only ``user`` outcomes are accepted."""
        self._matrix_crashes = []
        self.env.cr.flush()
        user = self.matrix_users[user_role]
        failures = []
        for model in self._matrix_models():
            Model = self.env[model].with_user(user)
            target = self.matrix_targets[model].with_env(Model.env)
            exempt = self.ROBUSTNESS_EXEMPT.get("*", set()) | self.ROBUSTNESS_EXEMPT.get(model, set())
            # keys are no input (the matrix checks that they are refused)
            exempt |= self._matrix_key_fields(model)
            for fname, field in Model._fields.items():
                if fname in SKIP_FIELDS or fname in exempt or not field.store:
                    continue
                if field.compute and field.readonly:
                    continue  # computed: never given
                numeric = field.type in ("integer", "float", "monetary")
                if field.required and field.type != "boolean" and not numeric:  # an empty number is 0
                    bad = False
                elif numeric:
                    bad = -1
                else:
                    continue
                runs = [("write", partial(target.write, {fname: bad}))]
                if model in self.matrix_create:
                    runs.append(("create", partial(self._matrix_create_with, Model, fname, bad)))
                for op, func in runs:
                    with mute_logger("odoo.sql_db", "odoo.addons.mail.models.mail_mail"):
                        outcome = self._matrix_run(func)
                    # refused as bad input, or because nobody may write there at all
                    refused = outcome in (USER, ACCESS)
                    if not refused:
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


class SecurityMatrixHttpMixin(SecurityMatrixMixin):
    """The same cells over JSON-RPC (``/web/dataset/call_kw``) as a logged-in user. Mix into an HttpCase."""

    def _matrix_rpc(self, model, method, args, kwargs=None):
        """One call_kw in a savepoint rolled back afterwards; returns (outcome, result)."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
        savepoint = self.env.cr.savepoint()
        try:
            response = self.url_open(
                f"/web/dataset/call_kw/{model}/{method}",
                data=json.dumps(payload, default=_json_default),
                headers={"Content-Type": "application/json"},
            )
            answer = response.json()
        finally:
            savepoint.close(rollback=True)
        if "error" in answer:
            outcome = classify_rpc(answer["error"])
            if outcome == CRASH:
                self._matrix_crashes.append(answer["error"].get("data", {}).get("message", ""))
            return outcome, None
        return OK, answer.get("result")

    def _matrix_http_cells(self, role, model):
        user = self.matrix_users[role]
        if getattr(self, "_matrix_session_role", None) != role:
            self.authenticate(user.login, f"matrix_{role}_pw")
            self._matrix_session_role = role
        target = self.matrix_targets[model]
        ids = target.ids
        context = {"active_test": False}
        button = {"context": {"active_id": target.id, "active_ids": ids, "active_model": model}}
        plain = self._matrix_read_fields(model)
        outcome, result = self._matrix_rpc(model, "search", [[["id", "=", target.id]]], {"context": context})
        yield "search", None, (HIDDEN if outcome == OK and not result else outcome)
        yield "read", None, self._matrix_rpc(model, "read", [ids, plain])[0]
        for fname in self._matrix_group_fields(model):
            yield "read", fname, self._matrix_rpc(model, "read", [ids, [fname]])[0]
        for fname in self._matrix_write_fields(model):
            value = self._matrix_value(target, fname)
            if value is not None:
                yield "write", fname, self._matrix_rpc(model, "write", [ids, {fname: value}])[0]
        if model in self.matrix_create:
            yield "create", None, self._matrix_rpc(model, "create", [self.matrix_create[model]()])[0]
        yield "unlink", None, self._matrix_rpc(model, "unlink", [ids])[0]
        for action in self._matrix_actions(model):
            # an @api.model method takes no ids
            args = [] if getattr(getattr(type(self.env[model]), action), "_api", None) == "model" else [ids]
            yield "action", action, self._matrix_rpc(model, action, args, button)[0]


def _json_default(value):
    if isinstance(value, datetime):
        return fields.Datetime.to_string(value)
    if isinstance(value, date):
        return fields.Date.to_string(value)
    if isinstance(value, bytes):
        return value.decode()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
