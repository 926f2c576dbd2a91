from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from ..lib import certificates
from ..lib import dates
from .cert_certificate import IN_FORCE_INDEX


class CertCertificate(models.Model):
    """The issue of a certificate and of its successors: what a draft needs, the dates and number it gets, the
    predecessor it supersedes without a gap (one certificate in force per client, scheme and cycle)."""

    _inherit = "cert.certificate"  # pylint: disable=consider-merging-classes-inherited

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
