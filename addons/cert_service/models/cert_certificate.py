from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools import sql

STATES = [
    ("draft", "Draft"),
    ("valid", "Valid"),
    ("suspended", "Suspended"),
    ("withdrawn", "Withdrawn"),
    ("cancelled", "Cancelled"),
    ("expired", "Expired"),
    ("superseded", "Superseded"),
]
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
    state_date = fields.Date("Status Since", readonly=True, copy=False)
    state_reason_id = fields.Many2one("cert.certificate.reason", string="Status Reason", readonly=True, copy=False)
    state_note = fields.Text("Status Note", readonly=True, copy=False)
    suspended_date = fields.Date(readonly=True, copy=False, help="Start of the current suspension.")
    status_ids = fields.One2many("cert.certificate.status", "certificate_id", string="Status History")
    user_id = fields.Many2one(
        "res.users", string="Programme Manager", default=lambda self: self.env.user, tracking=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    # 十二星 continuity of the client (domain.md §3)
    continuity_summary = fields.Text("Consecutive Years", compute="_compute_continuity")
    twelve_star = fields.Boolean("十二星 Held", compute="_compute_continuity")

    _sql_constraints = [
        ("name_unique", "unique(name, company_id)", "The certificate number must be unique."),
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
