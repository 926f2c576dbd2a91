"""Every role against every cert_service model (issue 10): the expected outcome of each cell is data.

Read ``security_matrix.py`` for the cells, the outcome classes and how a cell finds its expectation.
The rows follow domain.md §1 and evidence.md (the intent), not what the code happens to do today: a cell
that differs from its row fails the run.
"""

from odoo.tests import HttpCase
from odoo.tests import tagged

from .security_matrix import ACCESS
from .security_matrix import ANY
from .security_matrix import DENY
from .security_matrix import FULL
from .security_matrix import HTTP_ROLES
from .security_matrix import OK
from .security_matrix import READ
from .security_matrix import ROLES
from .security_matrix import RUN
from .security_matrix import USER
from .security_matrix import SecurityMatrixHttpMixin
from .security_matrix import SecurityMatrixMixin

OFFICERS = ("manager", "officer")
INTERNAL = ("manager", "officer", "auditor_team", "auditor_other", "decision", "finance", "salesperson")
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
#: a wizard: whoever runs the action behind it
WIZARD = {"search": OK, "read": OK, "write": OK, "create": OK, "unlink": OK, "action": RUN}
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
        "*": {
            name: ANY for name in ("write:new_filename", "write:new_version_comment", "action:action_check_integrity")
        },
    },
    "cert.evidence.version": FOLLOWERS,
    # nor are the managers' unlock reasons
    "cert.evidence.review": {**FOLLOWERS, "portal_a": {**READ, "read:reason": ACCESS}},
    # internal referrer names and descriptions are not the client's business (issue 10 §4)
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
        "*": {"write:evidence_ids": DENY},
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
    "cert.evidence.folder": {"application_id", "partner_id"},
    "cert.evidence.share": {"folder_id", "group_id", "role", "user_id"},
    "cert.indicator": {"kind"},
    "cert.site": {"application_id"},
}


class ServiceMatrix(SecurityMatrixMixin):
    matrix_module = "cert_service"
    MATRIX = MATRIX
    KEYS = KEYS
    # the export's row count is the wizard's own figure (read-only), not input
    ROBUSTNESS_EXEMPT = {**SecurityMatrixMixin.ROBUSTNESS_EXEMPT, "cert.certificate.export": {"row_count"}}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._matrix_setup()


@tagged("security", "post_install", "-at_install")
class TestServiceSecurityMatrix(ServiceMatrix, SecurityMatrixHttpMixin, HttpCase):
    """One data set for the three runs: every role through the ORM, the client and the team auditor over
    JSON-RPC, and the bad inputs."""

    def test_matrix(self):
        self._matrix_check(ROLES, self._matrix_orm_cells)

    def test_matrix_http(self):
        self._matrix_check(HTTP_ROLES, self._matrix_http_cells, transport="http")

    def test_robustness(self):
        self._matrix_robustness()
