import secrets

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools import sql
from odoo.tools.translate import LazyTranslate

from ..lib import certificates
from ..lib import dates
from .cert_workflow_mixin import Transition

_lt = LazyTranslate(__name__)

STATES = [
    ("draft", "Draft"),
    ("valid", "Valid"),
    ("suspended", "Suspended"),
    ("withdrawn", "Withdrawn"),
    ("cancelled", "Cancelled"),
    ("expired", "Expired"),
    ("superseded", "Superseded"),
]
#: the reason list each transition picks from (domain.md §7); the others need none
REASON_KIND = {"action_suspend": "suspension", "action_withdraw": "withdrawal", "action_cancel": "cancellation"}
OFFICERS = ("cert_service.group_cert_officer", "cert_service.group_cert_manager")
#: what the certificate prints about the client: copied at issue, kept when the partner changes later
PRINTED_FIELDS = ("partner_name", "partner_address", "credit_code", "standard", "scope", "site_ids", "level_id")
#: the partial unique index (``init``) that keeps one certificate in force per client, scheme and cycle
IN_FORCE_INDEX = "cert_certificate_one_in_force_per_cycle"


class CertCertificate(models.Model):
    """A certificate (认证证书): what a client shows in a tender, honest for its whole validity."""

    _name = "cert.certificate"
    _description = "Certificate"
    _inherit = ["cert.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "issue_date desc, id desc"

    # the number is drawn from the sequence at issue, so that refused drafts leave no gap in the register
    name = fields.Char("Number", readonly=True, copy=False, index="trigram")
    state = fields.Selection(STATES, default="draft", required=True, tracking=True, copy=False, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, tracking=True, domain=[("is_company", "=", True)]
    )
    partner_name = fields.Char("Organisation (as issued)", help="Printed on the certificate; kept as issued.")
    partner_address = fields.Text("Address (as issued)")
    credit_code = fields.Char("Unified Social Credit Code", help="统一社会信用代码, as issued.")
    application_id = fields.Many2one("cert.application", index="btree_not_null", ondelete="restrict", tracking=True)
    scheme_id = fields.Many2one("cert.scheme", required=True, index=True, ondelete="restrict")
    standard = fields.Char(help="The normative document as printed (from the scheme).")
    level_id = fields.Many2one(
        "cert.level", ondelete="restrict", tracking=True, domain="[('scheme_id', '=', scheme_id)]"
    )
    stars = fields.Integer(related="level_id.stars", store=True)
    stars_display = fields.Char(related="level_id.stars_display")
    scope = fields.Text(translate=True, help="Services and products covered, as printed (both languages).")
    site_ids = fields.Many2many("cert.site", string="Sites Covered", domain="[('partner_id', '=', partner_id)]")
    issue_date = fields.Date(tracking=True, copy=False, index=True)
    expiry_date = fields.Date(tracking=True, copy=False, index=True)
    cycle = fields.Integer(
        default=1, copy=False, help="Certification cycle: 1 for an initial certification, +1 at each recertification."
    )
    supersedes_id = fields.Many2one("cert.certificate", index="btree_not_null", copy=False)
    successor_ids = fields.One2many("cert.certificate", "supersedes_id", string="Superseded By")
    token = fields.Char(
        "Verification Token", readonly=True, copy=False, default=lambda self: secrets.token_urlsafe(24), index=True
    )
    verification_url = fields.Char(compute="_compute_verification_url")
    pdf_download_url = fields.Char("PDF Download Link", compute="_compute_pdf_download_url")
    state_date = fields.Date("Status Since", readonly=True, copy=False)
    state_reason_id = fields.Many2one("cert.certificate.reason", string="Status Reason", readonly=True, copy=False)
    state_note = fields.Text("Status Note", readonly=True, copy=False)
    suspended_date = fields.Date(readonly=True, copy=False, help="Start of the current suspension.")
    status_ids = fields.One2many("cert.certificate.status", "certificate_id", string="Status History")
    pdf_attachment_id = fields.Many2one("ir.attachment", string="Certificate PDF", readonly=True, copy=False)
    user_id = fields.Many2one(
        "res.users", string="Programme Manager", default=lambda self: self.env.user, tracking=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    # 十二星 continuity of the client (domain.md §3)
    continuity_summary = fields.Text("Consecutive Years", compute="_compute_continuity")
    twelve_star = fields.Boolean("十二星 Held", compute="_compute_continuity")

    _sql_constraints = [
        ("name_unique", "unique(name, company_id)", "The certificate number must be unique."),
        ("token_unique", "unique(token)", "The verification token must be unique."),
        # the partial unique index made by init(); declared here for its message (Odoo's RPC layer shows it)
        (
            "one_in_force_per_cycle",
            "",
            "A client holds one certificate in force (valid or suspended) per scheme and certification cycle: "
            "a new certificate of the cycle is issued as the successor of the one in force, which it supersedes.",
        ),
    ]

    def init(self):
        # Two officers issuing two certificates of one cycle at the same moment both pass the Python checks;
        # only the database sees both. A successor enters the cycle after its predecessor left it (action_issue).
        if not sql.index_exists(self.env.cr, IN_FORCE_INDEX):
            self._check_no_two_in_force()
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON cert_certificate (partner_id, scheme_id, cycle) "
                "WHERE state IN ('valid', 'suspended')",
                SQL.identifier(IN_FORCE_INDEX),
            )
        )

    def _check_no_two_in_force(self):
        """Before the index exists (an upgrade): name the certificates that break the rule, for the operator
        to withdraw, cancel or supersede the extra ones, rather than a bare index error."""
        self.env.cr.execute(
            """SELECT string_agg(COALESCE(name, id::text), ', ' ORDER BY id) FROM cert_certificate
                WHERE state IN ('valid', 'suspended') GROUP BY partner_id, scheme_id, cycle HAVING count(*) > 1"""
        )
        clashes = [row[0] for row in self.env.cr.fetchall()]
        if clashes:
            raise UserError(
                self.env._(
                    "Certificates in force in the same cycle of a client and scheme (keep one of each group, end "
                    "the others): %s",
                    "; ".join(clashes),
                )
            )

    # ------------------------------------------------------------------ workflow declarations
    def _workflow_transitions(self):
        return {
            "action_issue": Transition(("draft",), "valid", OFFICERS, _lt("issue")),
            "action_suspend": Transition(("valid",), "suspended", OFFICERS, _lt("suspend")),
            "action_restore": Transition(("suspended",), "valid", OFFICERS, _lt("restore")),
            "action_withdraw": Transition(("valid", "suspended"), "withdrawn", OFFICERS, _lt("withdraw")),
            "action_cancel": Transition(("valid", "suspended"), "cancelled", OFFICERS, _lt("cancel")),
            "action_expire": Transition(("valid", "suspended"), "expired", OFFICERS, _lt("expire")),
            # a suspended certificate is replaced too (recertification, level change): never two in force
            "action_supersede": Transition(certificates.IN_FORCE, "superseded", OFFICERS, _lt("supersede")),
        }

    def _transition_problems(self, action):
        """Translated reasons why ``action`` cannot run on this certificate today: the condition each
        transition states besides its source states and groups (``lib/certificates.transition_blocker``).
        The reasons and notes a move asks for are checked by ``_move``."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        pending = bool(self.successor_ids.filtered(lambda s: s.state == "draft"))
        blocker = certificates.transition_blocker(action, today, self.expiry_date, pending)
        if blocker == "not_expired":
            return [
                self.env._(
                    "%(cert)s is valid until %(date)s: it expires on that date (the daily job expires it). To end "
                    "it earlier, withdraw or cancel it with the reason.",
                    cert=self.display_name,
                    date=self.expiry_date or "-",
                )
            ]
        if blocker == "expired":
            return [
                self.env._(
                    "%(cert)s expires on %(date)s: a certificate past its expiry date is expired, never valid.",
                    cert=self.display_name,
                    date=self.expiry_date,
                )
            ]
        if blocker == "no_successor":
            return [self.env._("A certificate is superseded by issuing the certificate that replaces it.")]
        return []

    def _check_transition(self, action):
        """Refuse ``action`` on any of these certificates whose condition does not hold today."""
        for cert in self:
            problems = cert._transition_problems(action)
            if problems:
                raise UserError("\n".join(problems))

    def _workflow_allowed_actions(self, state):
        # "Possible now" names only the moves whose condition holds today (no "expire" in the middle of
        # the validity, no "supersede" without a successor)
        allowed = super()._workflow_allowed_actions(state)
        if len(self) != 1 or self.state != state:
            return allowed
        blocked = {
            str(transition.label)
            for action, transition in self._workflow_transitions().items()
            if state in transition.sources and self._transition_problems(action)
        }
        return [label for label in allowed if label not in blocked]

    def _workflow_client_field(self):
        return "partner_id"

    def _workflow_key_fields(self):
        return {
            "name",
            "partner_id",
            "application_id",
            "scheme_id",
            "issue_date",
            "expiry_date",
            "cycle",
            "supersedes_id",
            "token",
            "state_date",
            "state_reason_id",
            "state_note",
            "suspended_date",
            "pdf_attachment_id",
            "company_id",
        }

    def _workflow_create_fields(self):
        # never the number (the sequence's, at issue) nor the token (random, never chosen)
        return {"partner_id", "application_id", "scheme_id", "company_id"}

    # ------------------------------------------------------------------ computes
    @api.depends("name", "partner_name")
    def _compute_display_name(self):
        for cert in self:
            cert.display_name = cert.name or self.env._("Draft certificate of %s", cert.partner_name or "")

    def _compute_verification_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "").rstrip("/")
        for cert in self:
            cert.verification_url = f"{base}/certificate/{cert.token}" if cert.token else False

    def _compute_continuity(self):
        info = self.partner_id._cert_continuity()
        for cert in self:
            summary, twelve = info.get(cert.partner_id.id, ("", False))
            cert.continuity_summary = summary
            cert.twelve_star = twelve

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]  # copies: Odoo retries a call with the same dicts
        for vals in vals_list:
            if vals.get("application_id"):
                app = self.env["cert.application"].browse(vals["application_id"])
                vals.setdefault("partner_id", app.partner_id.id)
                vals.setdefault("scheme_id", app.scheme_id.id)
                vals.setdefault("scope", app.scope)
                vals.setdefault("site_ids", [fields.Command.set(app.site_ids.filtered("active").ids)])
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals.setdefault("partner_name", partner.name)
                vals.setdefault("partner_address", partner._display_address(without_company=True).strip())
                vals.setdefault("credit_code", partner.unified_social_credit_code)
            if vals.get("scheme_id"):
                vals.setdefault("standard", self.env["cert.scheme"].browse(vals["scheme_id"]).standard)
        return super().create(vals_list)

    def write(self, vals):
        printed = set(PRINTED_FIELDS) & set(vals)
        if printed and not self._workflow_is_unlocked() and any(cert.state != "draft" for cert in self):
            raise UserError(
                self.env._("What a certificate prints cannot be changed once it is issued: issue a new certificate.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(cert.state != "draft" for cert in self):
            raise UserError(self.env._("Only draft certificates can be deleted; an issued one keeps its history."))

    @api.constrains("level_id", "scheme_id")
    def _check_level(self):
        for cert in self:
            if cert.level_id and cert.level_id.scheme_id != cert.scheme_id:
                raise ValidationError(self.env._("%s: the level must belong to the scheme.", cert.display_name))

    # ------------------------------------------------------------------ issue
    def _issue_problems(self):
        """Translated reasons why this draft cannot be issued yet (the fees addon adds its payment gate)."""
        self.ensure_one()
        problems = []
        if not self.level_id:
            problems.append(self.env._("The level is not set."))
        if not (self.scope or "").strip():
            problems.append(self.env._("The scope of certification is empty."))
        if not (self.partner_name or "").strip():
            problems.append(self.env._("The organisation's name is empty."))
        if self.scheme_id.state != "active":
            problems.append(self.env._("The scheme %s is not active.", self.scheme_id.display_name))
        # sudo: the issue is checked above (officers' group and draft state); the cycle counts every certificate
        in_force = self.sudo().search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("scheme_id", "=", self.scheme_id.id),
                ("cycle", "=", self.cycle),
                ("state", "in", certificates.IN_FORCE),
                ("id", "not in", (self | self.supersedes_id).ids),
            ],
            limit=1,
        )
        if in_force:
            problems.append(
                self.env._(
                    "%(client)s already holds %(cert)s of this scheme in force in cycle %(cycle)s: a new certificate "
                    "of the cycle is issued as the successor of the one in force.",
                    client=self.partner_id.display_name,
                    cert=in_force.name,
                    cycle=self.cycle,
                )
            )
        previous = self.supersedes_id
        if previous and previous.state in ("superseded", "withdrawn", "cancelled"):
            problems.append(
                self.env._(
                    "The certificate it replaces, %(previous)s, is %(state)s: this draft can no longer be issued.",
                    previous=previous.display_name,
                    state=previous._workflow_state_label(previous.state),
                )
            )
        return problems

    def _issue_values(self):
        """Dates, cycle and number of a certificate being issued today (a successor keeps its cycle's dates)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        scheme = self.scheme_id
        previous = self.supersedes_id
        values = {"issue_date": self.issue_date or today}
        if previous.state in certificates.IN_FORCE and self.cycle > previous.cycle:
            # recertification decided before expiry: no gap, the new cycle follows the old one's dates
            values["expiry_date"] = self.expiry_date or dates.add_months(previous.expiry_date, scheme.validity_months)
        elif previous.state in certificates.IN_FORCE:
            # level change after a surveillance: same cycle, same expiry (and surveillance programme)
            values["expiry_date"] = previous.expiry_date
        else:
            values["expiry_date"] = self.expiry_date or dates.add_months(values["issue_date"], scheme.validity_months)
        # checked before the number is drawn: a refused issue leaves no gap in the register
        self._check_issue_dates(values)
        if not self.name:
            values["name"] = self.env["ir.sequence"].next_by_code("cert.certificate") or "/"
        return values

    def action_issue(self):
        """Draft → valid; a certificate it supersedes is superseded the same day, without a gap.

        The predecessor leaves its cycle before its successor enters it, in the same transaction: the
        database keeps one certificate in force per client, scheme and cycle (``IN_FORCE_INDEX``).
        """
        self._workflow_check("action_issue")
        self._lock_predecessors()
        self._check_ready(
            lambda cert: cert._issue_problems(), self.env._("%(record)s cannot be issued yet:\n%(problems)s")
        )
        for cert in self:
            values = cert._issue_values()
            previous = cert.supersedes_id
            if previous.state in certificates.IN_FORCE:
                previous._move(
                    "action_supersede",
                    note=self.env._("Superseded by %s.", values.get("name") or cert.name),
                    check_group=False,
                )
                # written before the successor's state: the index sees the predecessor out of the cycle
                previous.flush_recordset(["state"])
            cert._move("action_issue", values=values)
        return True

    def _lock_predecessors(self):
        """Lock the certificates these drafts replace: a second issue replacing the same one waits here,
        then fails as a serialization error that the RPC layer retries, and the retry sees it replaced."""
        previous = self.supersedes_id
        if previous:
            self.env.cr.execute("SELECT id FROM cert_certificate WHERE id IN %s FOR UPDATE", [tuple(previous.ids)])

    def _check_issue_dates(self, values):
        """A certificate is never issued past its expiry date (a successor keeping its cycle's expiry)."""
        self.ensure_one()
        blocker = certificates.transition_blocker(
            "action_issue", fields.Date.context_today(self), fields.Date.to_date(values.get("expiry_date"))
        )
        if blocker:
            raise UserError(
                self.env._(
                    "%(cert)s cannot be issued: it would expire on %(date)s, which is already reached.",
                    cert=self.display_name,
                    date=values.get("expiry_date"),
                )
            )

    def _flush_in_force(self):
        """Write these certificates' new state now: a translated refusal when another certificate of the
        client, scheme and cycle came in force in a transaction committed meanwhile (the index refuses)."""
        if self._workflow_flush_refused(IN_FORCE_INDEX):
            cert = self[:1]
            raise ValidationError(
                self.env._(
                    "%(client)s already holds a certificate of %(scheme)s in force in cycle %(cycle)s (issued at "
                    "the same moment): %(cert)s stays a draft. A new certificate of a cycle is issued as the "
                    "successor of the one in force.",
                    client=cert.partner_id.display_name,
                    scheme=cert.scheme_id.display_name,
                    cycle=cert.cycle,
                    cert=cert.display_name,
                )
            )

    # ------------------------------------------------------------------ transitions with a reason
    def _move(self, action, reason=None, note=None, values=None, check_group=True):
        """Run ``action`` with its reason, date and user, record the history row, regenerate the PDF.

        :param check_group: False only for moves the model makes itself as a consequence of a checked
            one (the old certificate superseded by the issue of its successor, the daily job's moves)
        """
        transition = self._workflow_transitions()[action]
        # state and group first (the caller's "possible now"), then the transition's own condition
        (self if check_group else self.sudo())._workflow_check(action)
        self._check_transition(action)
        kind = REASON_KIND.get(action)
        reason = reason or self.env["cert.certificate.reason"]
        if kind and (not reason or reason.kind != kind):
            raise UserError(
                self.env._(
                    "Give the reason for this change (%(kind)s).",
                    kind=dict(self.env["cert.certificate.reason"]._fields["kind"]._description_selection(self.env))[
                        kind
                    ],
                )
            )
        today = fields.Date.context_today(self)
        froms = {cert.id: cert.state for cert in self}
        values = dict(values or {}, state_date=today, state_reason_id=reason.id, state_note=note or False)
        if transition.target == "suspended":
            values["suspended_date"] = today
        elif transition.target == "valid":
            values["suspended_date"] = False
        if check_group:
            self._workflow_move(action, values)
        else:
            # the model's own consequence of a checked move: state and condition checked above, not the
            # caller's group
            self._workflow_sudo_write(dict(values, state=transition.target))
        if transition.target in certificates.IN_FORCE:
            self._flush_in_force()
        # History rows are written only here, right after the checked move above.
        self.env["cert.certificate.status"].sudo().create(
            [
                {
                    "certificate_id": cert.id,
                    "from_state": froms[cert.id],
                    "to_state": transition.target,
                    "date": today,
                    "user_id": self.env.uid,
                    "reason_id": reason.id,
                    "note": note or False,
                }
                for cert in self
            ]
        )
        label = dict(self._fields["state"]._description_selection(self.env))[transition.target]
        for cert in self:
            body = self.env._("Certificate status: %(state)s.", state=label)
            if reason:
                body += " " + self.env._("Reason: %s", reason.name)
            if note:
                body += " " + note
            cert.message_post(body=body)
        # a move the job makes on its own must not wait for a font on the server: it is logged instead
        self._render_pdf(raise_on_missing_font=check_group)
        return label

    def _open_transition_wizard(self, action):
        self._workflow_check(action)
        self._check_transition(action)
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.certificate.transition",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Change of Certificate Status"),
            "context": {"default_certificate_ids": self.ids, "default_action": action},
        }

    def action_suspend(self):
        return self._open_transition_wizard("action_suspend")

    def action_restore(self):
        return self._open_transition_wizard("action_restore")

    def action_withdraw(self):
        return self._open_transition_wizard("action_withdraw")

    def action_cancel(self):
        return self._open_transition_wizard("action_cancel")

    def action_expire(self):
        """Expire once the expiry date is reached, before the daily job does (never earlier)."""
        self._move("action_expire", note=self.env._("Validity ended."))
        return True

    def action_supersede(self):
        raise UserError(self.env._("A certificate is superseded by issuing the certificate that replaces it."))

    # ------------------------------------------------------------------ successors
    def _prepare_successor(self, level=None, recertification=False):
        """Values of the certificate that replaces this one (level change, or recertification)."""
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "application_id": self.application_id.id,
            "scheme_id": self.scheme_id.id,
            "level_id": (level or self.level_id).id,
            "scope": self.scope,
            "site_ids": [fields.Command.set(self.site_ids.ids)],
            "supersedes_id": self.id,
            "cycle": self.cycle + 1 if recertification else self.cycle,
        }

    def _create_successor(self, level=None, recertification=False):
        """The draft that replaces this valid certificate when it is issued."""
        if self.state not in ("valid", "suspended"):
            raise UserError(self.env._("%s is not valid: a new certificate is an initial certification.", self.name))
        # supersedes_id and cycle are keys: set by the model's code only
        successor = self._workflow_unlocked().create(self._prepare_successor(level, recertification))
        return successor.with_env(self.env)

    def action_view_status_history(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.certificate.status",
            "view_mode": "list",
            "domain": [("certificate_id", "=", self.id)],
            "name": self.env._("Status History"),
        }
