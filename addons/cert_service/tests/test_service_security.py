"""cert_service's security matrix: its rows, its keys, its data set, and the test that plays them.

How a row reads and how a cell finds its expectation: ``security_matrix.py``. The rows follow domain.md §1 and
evidence.md (the intent), not what the code happens to do today: a cell that differs from its row fails.
"""

import base64
from datetime import date
from datetime import datetime
from datetime import timedelta

from odoo import Command
from odoo.tests import HttpCase
from odoo.tests import tagged

from .certificate_common import issue_certificate
from .security_matrix import ACCESS
from .security_matrix import ANY
from .security_matrix import DENY
from .security_matrix import FULL
from .security_matrix import OK
from .security_matrix import READ
from .security_matrix import RUN
from .security_matrix import USER
from .security_matrix import WIZARD
from .security_matrix import MatrixTests
from .security_matrix import SecurityMatrix

OFFICERS = ("manager", "officer")
#: the internal users (the reporting officer and the impartiality committee are ones without a certification
#: group, like the salesperson)
INTERNAL = (
    "manager",
    "officer",
    "auditor_team",
    "auditor_other",
    "decision",
    "finance",
    "salesperson",
    "reporting",
    "committee",
)
#: configuration (schemes and their parts): the CB manager configures, every internal role reads
CONFIG = {"manager": FULL, **{role: READ for role in INTERNAL[1:]}}
#: the client's file (application and its parts): officers work it, the audit team, decision makers and
#: finance read it, the client reads its own; salespeople only their own applications (A's is the officer's)
CLIENT_FILE = {
    "manager": FULL,
    "officer": FULL,
    "auditor_team": READ,
    "decision": READ,
    "finance": READ,
    "portal_a": READ,
}
#: evidence (evidence.md): the client reads and adds in its own folders, the audit team reads and
#: reviews, decision makers read, CB managers do everything; nobody else without a local role
EVIDENCE_READERS = {"manager": FULL, "auditor_team": READ, "decision": READ, "portal_a": READ}
#: rows that only follow an item (versions, history, references): read with the item, written by nobody
FOLLOWERS = {"manager": READ, "auditor_team": READ, "decision": READ, "portal_a": READ}
#: the workflow fields of an evidence item, written only by its transitions
EVIDENCE_WORKFLOW = {
    f"write:{name}": USER
    for name in ("accepted_version_id", "locked", "locked_date", "reject_reason", "submitted_date", "reviewed_date")
}
#: invoices (account.move) are finance's: the others are refused the invoice fields
NO_INVOICES = {"read:invoice_*": ACCESS}
#: billable milestones are finance's, followed by the officers: the other readers are refused that field
NO_BILLING = {"read:billing_event_ids": ACCESS}
#: the officers who keep a record with a portal link renew it
ROTATE = {"action:action_rotate_access_token": RUN}
#: whoever reads a certificate downloads its PDF
PDF = {"action:action_download_pdf": OK}
EVIDENCE_WRITE = {
    **EVIDENCE_WORKFLOW,
    # versions, history and references are added by the evidence code only
    "write:version_ids": DENY,
    "write:review_ids": DENY,
    "write:reference_ids": DENY,
    # the file name and the comment alone change nothing
    "write:new_filename": ANY,
    "write:new_version_comment": ANY,
    "action:action_check_integrity": ANY,
}

#: the fields cert_compliance adds to a certificate status change: when, by whom and in which CNCA batch it was reported
CNCA_REPORTED = ("cnca_batch_id", "cnca_reported_date", "cnca_reported_by_id")

MATRIX = {
    "cert.scheme": {
        **CONFIG,
        # the shipped scheme is active: it is retired, not deleted, and its total must stay balanced
        "manager": {**FULL, "unlink": USER, "write:total_points": USER, "write:level_ids": RUN},
        # the portal reads schemes by name; their configuration (indicators, fees, days) is internal
        "portal_a": {"search": OK, "read": frozenset({OK, ACCESS})},
        "portal_b": {"search": OK, "read": frozenset({OK, ACCESS})},
    },
    # the indicator tree of an active scheme stays balanced: moving or re-pointing an indicator is refused
    "cert.indicator": {**CONFIG, "manager": {**FULL, "unlink": RUN, "write": RUN}},
    "cert.level": {**CONFIG, "manager": {**FULL, "create": RUN}, "portal_a": READ, "portal_b": READ},
    "cert.scheme.document": CONFIG,
    "cert.scheme.auditor.day": CONFIG,
    "cert.scheme.requirement": {**CONFIG, "manager": {**FULL, "create": RUN, "write:required_scheme_id": RUN}},
    # finance keeps the fee schedules (domain.md §1)
    "cert.scheme.fee": {**CONFIG, "finance": FULL},
    "cert.application": {
        **CLIENT_FILE,
        # the audit team reads the whole file but the contract (its fees are not the auditors' business)
        "auditor_team": {**READ, "read:contract_id": ACCESS, "read:contract_ids": ACCESS},
        **{
            role: {
                **FULL,
                "unlink": USER,  # contracted
                "write:evidence_folder_id": USER,  # the cycle's folder is computed, never chosen
                "write:partner_id": RUN,  # refused once there is evidence, or it moves nothing of A's
                "write:certificate_ids": USER,  # (client B's certificate: refused)
                **ROTATE,
                # a contracted application keeps its scheme, sites, checklist and contracts
                **{
                    f"write:{name}": RUN
                    for name in ("scheme_id", "site_ids", "document_ids", "contract_ids", "audit_ids")
                },
            }
            for role in ("manager", "officer")
        },
    },
    "cert.site": CLIENT_FILE,
    # (the generated value of evidence_ids links client B's item: refused)
    "cert.application.document": {
        **CLIENT_FILE,
        **{role: {**FULL, "write:evidence_ids": USER} for role in ("manager", "officer")},
    },
    "cert.application.reject": {"manager": WIZARD, "officer": WIZARD},
    "cert.contract": {
        # signed: never deleted, its fee lines frozen
        # its milestones are registered by the billing code, never linked by hand
        "manager": {**FULL, "unlink": USER, "write:line_ids": USER, "write:billing_event_ids": USER},
        "officer": {**FULL, **NO_INVOICES, "unlink": USER, "write:line_ids": USER, "write:billing_event_ids": USER},
        "finance": {**READ, "write": OK, "write_keys": USER, "write:line_ids": USER, "write:billing_event_ids": USER},
        "decision": {**READ, **NO_INVOICES, **NO_BILLING},
        "portal_a": {**READ, **NO_INVOICES, **NO_BILLING},
    },
    # the target line belongs to a signed contract: frozen
    "cert.contract.line": {
        "manager": {**READ, "write": USER, "create": USER, "unlink": USER},
        "officer": {**READ, "write": USER, "create": USER, "unlink": USER},
        "finance": {**READ, "write": USER},
        "decision": READ,
        "portal_a": READ,
    },
    "cert.evidence.folder": {
        **EVIDENCE_READERS,
        # the local roles are granted to the CB's users: the client does not read who else reads its folders
        "portal_a": {**READ, "read:share_ids": ACCESS, "read:effective_share_ids": ACCESS},
        # not empty; the tree and the client of a folder are set by the evidence code
        "manager": {
            **FULL,
            "unlink": USER,
            **{
                f"write:{name}": USER
                for name in ("parent_id", "partner_id", "application_id", "child_ids", "share_ids", "evidence_ids")
            },
        },
    },
    "cert.evidence": {
        **EVIDENCE_READERS,
        # an upload without a file name is refused
        # (the generated folder is client B's: refused)
        "manager": {
            **FULL,
            **EVIDENCE_WRITE,
            **ROTATE,
            "write:owner_id": OK,
            "write:new_file": RUN,
            "write:folder_id": USER,
        },
        "auditor_team": {
            **READ,
            **EVIDENCE_WRITE,
            **{f"action:action_{a}": RUN for a in ("start_review", "accept", "reject")},
        },
        "decision": {**READ, **EVIDENCE_WRITE},
        # the owner of a draft edits, submits, retracts and deletes it
        "portal_a": {
            **READ,
            "write": OK,
            "write_keys": USER,
            **EVIDENCE_WRITE,
            "write:new_file": RUN,
            "write:owner_id": DENY,
            "write:folder_id": DENY,  # client B's folder
            "create": OK,
            "unlink": OK,
            "action:action_submit": RUN,
            "action:action_retract": RUN,
            "action:action_archive": RUN,
        },
    },
    "cert.evidence.version": FOLLOWERS,
    # nor are the managers' unlock reasons
    "cert.evidence.review": {**FOLLOWERS, "portal_a": {**READ, "read:reason": ACCESS}},
    # internal referrer names and descriptions are not the client's business
    "cert.evidence.reference": {
        **FOLLOWERS,
        "portal_a": {**READ, "read:referrer_name": ACCESS, "read:description": ACCESS},
    },
    "cert.evidence.share": {
        # a local role is granted, never moved or widened
        "manager": {**FULL, **{f"write:{name}": USER for name in ("folder_id", "role", "user_id", "group_id")}},
        "auditor_team": READ,
        "decision": READ,
    },
    "cert.evidence.tag": {
        **{role: {**READ, "write": OK, "create": OK} for role in INTERNAL},
        "manager": FULL,
        "portal_a": READ,
        "portal_b": READ,
    },
    # (the generated value of evidence_ids links client B's item: refused to everybody)
    "cert.document.request": {
        "manager": {**FULL, **ROTATE, "write:evidence_ids": DENY},
        "auditor_team": {**FULL, "write:evidence_ids": DENY},
        "decision": READ,
        # the client fulfils (links evidence), never cancels, re-dates or re-words
        "portal_a": {**READ, "write:evidence_ids": DENY, "action:action_fulfil": RUN},
    },
    # wizards on client A's item: only those who may act on the item open them, and none of them is moved to
    # client B's item (the generated value) unless they read it (CB managers, decision makers) or review it
    # (CB managers)
    "cert.evidence.reason": {"manager": WIZARD, "auditor_team": {**WIZARD, "write:evidence_ids": DENY}},
    "cert.evidence.upload": {
        "manager": WIZARD,
        "portal_a": {**WIZARD, "write:evidence_id": DENY},
        "auditor_team": {**WIZARD, "action": DENY, "write:evidence_id": DENY},
        "decision": {**WIZARD, "action": DENY},
    },
    "cert.evidence.diff": {
        **{role: WIZARD for role in ("manager", "decision")},
        **{role: {**WIZARD, "write:evidence_id": DENY} for role in ("auditor_team", "portal_a")},
    },
    # ---- certificates (domain.md §1, §7): officers keep them; the audit team, decision makers and finance
    # read them; the client reads its own issued ones. The target is issued: it prints what it printed
    # and is never deleted; its state moves only through the transition wizard.
    "cert.certificate": {
        **{
            role: {
                **FULL,
                **NO_INVOICES,
                **ROTATE,
                "write": RUN,
                "unlink": USER,
                "action:action_payment_override": DENY,
            }
            for role in OFFICERS
        },
        **{role: {**READ, **NO_INVOICES, **NO_BILLING, **PDF} for role in ("auditor_team", "decision", "portal_a")},
        # only finance lets a draft be issued with unpaid invoices (the CB manager includes finance)
        "finance": {**READ, **PDF, "action:action_payment_override": RUN},
        "manager": {**FULL, **PDF, **ROTATE, "write": RUN, "unlink": USER},
    },
    # the history follows the certificate: read with it, written by nobody; when, by whom and in which batch a
    # change was reported to CNCA (added by cert_compliance) is the reporting roles' (the CB manager's) only
    "cert.certificate.status": {
        "manager": READ,
        **{
            role: {**READ, **{f"read:{name}": ACCESS for name in CNCA_REPORTED}}
            for role in ("officer", "auditor_team", "decision", "finance", "portal_a")
        },
    },
    # configuration: the CB manager keeps the reasons, everybody who sees a certificate reads them
    "cert.certificate.reason": {**CONFIG, "portal_a": READ, "portal_b": READ},
    "cert.certificate.transition": {role: WIZARD for role in OFFICERS},
    "cert.certificate.export": {role: WIZARD for role in OFFICERS},
    "cert.certificate.payment.override": {role: WIZARD for role in ("manager", "finance")},
    # finance keeps the fee schedules (domain.md §1), like cert.scheme.fee
    "cert.scheme.fee.band": {**CONFIG, "finance": FULL},
    # ---- billing: finance bills, waives and reopens milestones; officers read them, not their invoices;
    # nobody moves the keys
    "cert.billing.event": {
        "officer": {**READ, "read:move_id*": ACCESS},
        **{role: {**READ, "write": OK, "write_keys": USER, "action": RUN} for role in ("manager", "finance")},
    },
    "cert.revenue.report": {role: READ for role in ("manager", "finance")},
    # private keys: read and written by server code only; no role, the CB manager included, does anything
    "cert.secret": {},
}


#: the fields only each model's own actions write (besides state, a portal token and stored computations):
#: the matrix's own list, never read from the models' declarations
KEYS = {
    "cert.application": {"accept_date", "evidence_folder_id", "name", "reject_reason", "submit_date"},
    "cert.application.document": {"application_id"},
    "cert.billing.event": {
        "audit_id",
        "certificate_id",
        "contract_id",
        "date_due",
        "milestone",
        "move_id",
        "move_ids",
        "period",
        "waive_reason",
    },
    "cert.certificate": {
        "application_id",
        "company_id",
        "cycle",
        "decision_id",
        "expiry_date",
        "issue_date",
        "name",
        "partner_id",
        "payment_override_date",
        "payment_override_reason",
        "payment_override_user_id",
        "pdf_attachment_id",
        "scheme_id",
        "state_date",
        "state_note",
        "state_reason_id",
        "supersedes_id",
        "surveillance_anchor_date",
        "surveillance_checked_date",
        "surveillance_done",
        "surveillance_due",
        "surveillance_number",
        "surveillance_reminded",
        "surveillance_window_end",
        "surveillance_window_start",
        "suspended_date",
        "token",
    },
    "cert.contract": {"application_id", "company_id", "date_signed", "name", "partner_id"},
    "cert.contract.line": {"contract_id"},
    "cert.document.request": {"application_id", "fulfilled_date", "is_overdue", "name"},
    "cert.evidence": {
        "accepted_version_id",
        "locked",
        "locked_date",
        "purge_candidate",
        "reject_reason",
        "retention_until",
        "reviewed_date",
        "submitted_date",
    },
    # (mystery_visit_folder: added by cert_customer_survey, set by the visit that makes the folder)
    "cert.evidence.folder": {"application_id", "partner_id", "mystery_visit_folder"},
    "cert.evidence.share": {"folder_id", "group_id", "role", "user_id"},
    "cert.indicator": {"kind"},
    "cert.site": {"application_id"},
    # the SHA-256 of the signed PDF a change of status produced (added by cert_esign): its signing only
    "cert.certificate.status": {"pdf_sha256"},
}


class MatrixApplication:
    """The data sets' applications (the trust tests' fixture makes its own with it)."""

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
            app.action_sign_contract()
        return app


class ServiceMatrix(MatrixApplication, SecurityMatrix):
    """cert_service's data set: two clients' contracted applications (A's with the team auditor on an audit
    when cert_audit is installed), their evidence, issued certificates and billing; the shipped schemes."""

    matrix_module = "cert_service"
    MATRIX = MATRIX
    KEYS = KEYS
    # the export's row count is the wizard's own figure (read-only), not input
    ROBUSTNESS_EXEMPT = {**SecurityMatrix.ROBUSTNESS_EXEMPT, "cert.certificate.export": {"row_count"}}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "cert.audit" not in cls.env:
            # cert_service alone: no audit puts an auditor on a team, so the team's auditor is any auditor
            cls.MATRIX = {
                model: {
                    **{role: row for role, row in rows.items() if role != "auditor_team"},
                    **({"auditor_team": rows["auditor_other"]} if "auditor_other" in rows else {}),
                }
                for model, rows in MATRIX.items()
            }
        cls._matrix_setup()

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
        cls._matrix_team_data(cls.app_a, users["auditor_team"])
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
        # as the settings screen stores a signing key: through the model's own door
        Secret = env["cert.secret"]
        Secret._cert_secret_put("matrix.key.a", b"-----BEGIN PRIVATE KEY----- matrix A")
        Secret._cert_secret_put("matrix.key.b", b"-----BEGIN PRIVATE KEY----- matrix B")
        # sudo: the data set finds the two secrets it has just stored (no group may search them)
        secrets = Secret.sudo().search([("name", "in", ("matrix.key.a", "matrix.key.b"))], order="name")
        cls._matrix_add(
            "cert.secret",
            secrets[0].with_env(env),
            secrets[1].with_env(env),
            lambda: {"name": "matrix.key.c", "value": base64.b64encode(b"matrix C")},
        )

    @classmethod
    def _matrix_issue_certificate(cls, app):
        """``app``'s issued five-star certificate: the one place the data set issues certificates.

        As the certificate tests make one, as users issue it in this database: through cert_audit's grant
        decision where it is installed, by the officer alone otherwise.
        """
        env = cls.env
        cert = issue_certificate(env, app, env.ref("cert_service.gbt_level_5star"), cls.matrix_users["officer"])
        return cert.with_env(env)

    @classmethod
    def _matrix_certificate_data(cls, fee):
        """Both clients' issued certificates, A's history, the wizards on it, the billing events of both
        contracts and the revenue of A's invoice."""
        env, users = cls.env, cls.matrix_users
        cls.cert_a, cls.cert_b = cls._matrix_issue_certificate(cls.app_a), cls._matrix_issue_certificate(cls.app_b)
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
    def _matrix_team_data(cls, app, user):
        """Put ``user`` on the team of ``app``: with cert_audit, the lead auditor of a planned audit of ``app``
        (and the other auditor the lead of one of client B's application); without it nothing puts an auditor on a
        team, and the team's auditor is one more auditor."""
        if "cert.audit" not in cls.env:
            return
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


@tagged("security", "post_install", "-at_install")
class TestServiceSecurityMatrix(MatrixTests, ServiceMatrix, HttpCase):
    """One data set for the three runs: every cell through the ORM, the roles over JSON-RPC, the bad inputs."""
