import logging

from psycopg2 import errors

from odoo import fields
from odoo import models
from odoo.addons.cert_service.lib import billing
from odoo.addons.cert_service.lib import certificates
from odoo.modules import module

from .cert_application import AUDITABLE_STATES

_logger = logging.getLogger(__name__)


class CertCertificate(models.Model):
    """The daily surveillance job of the certificates (domain.md §8).

    For each valid or suspended certificate, once a day: expire on the expiry date; count a reported
    surveillance audit and move to the next window (restoring a certificate suspended for it); remind the
    client and the programme manager before the window opens; create the surveillance audit in draft;
    suspend when the window closed without a reported audit; withdraw when the suspension reached its
    maximum; plan the recertification audit before expiry. Workers take their rows with
    ``FOR UPDATE SKIP LOCKED`` and mark them done for the day, so that a second run changes nothing.
    """

    _inherit = "cert.certificate"

    decision_id = fields.Many2one(
        "cert.decision",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        copy=False,
        help="The grant decision this certificate comes from.",
    )
    audit_ids = fields.One2many("cert.audit", "certificate_id", string="Programme Audits")
    audit_count = fields.Integer(compute="_compute_audit_count")

    def _workflow_key_fields(self):
        return super()._workflow_key_fields() | {"decision_id"}

    def _issue_problems(self):
        """A certificate is issued on a confirmed grant decision at its level (domain.md §7)."""
        problems = super()._issue_problems()
        decision = self.sudo().decision_id
        if not decision:
            problems.append(self.env._("There is no grant decision for this certificate."))
        elif decision.state != "confirmed" or decision.outcome != "grant":
            problems.append(self.env._("The decision %s is not a confirmed grant.", decision.name))
        elif decision.level_id != self.level_id:
            problems.append(
                self.env._(
                    "The decision %(decision)s grants %(granted)s, not %(level)s.",
                    decision=decision.name,
                    granted=decision.level_id.name,
                    level=self.level_id.name,
                )
            )
        return problems

    def _compute_audit_count(self):
        counts = dict(
            self.env["cert.audit"]._read_group(
                [("certificate_id", "in", self.ids), ("state", "!=", "cancelled")], ["certificate_id"], ["__count"]
            )
        )
        for cert in self:
            cert.audit_count = counts.get(cert, 0)

    def action_view_audits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cert_audit.action_cert_audit")
        action["domain"] = [("certificate_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------ the job
    def _cron_surveillance(self, batch_size=200, commit=None):
        """Process today's certificates in batches (committed one by one outside tests).

        :returns: the number of certificates processed by this worker
        """
        if commit is None:
            commit = not module.current_test
        today = fields.Date.context_today(self)
        done = 0
        while True:
            ids = self._surveillance_claim(today, batch_size, commit)
            if not ids:
                break
            self.browse(ids)._surveillance_run(today)
            done += len(ids)
            if commit:
                self.env["ir.cron"]._notify_progress(done=done, remaining=0)
                # batches are committed one by one on purpose: a long run keeps its progress and releases
                # its row locks; outside tests only
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return done

    def _surveillance_claim(self, today, limit, commit):
        """Lock up to ``limit`` certificates not yet processed today; rows another worker holds are skipped."""
        self.env["cert.certificate"].flush_model(["state", "surveillance_checked_date"])
        query = """
            SELECT id FROM cert_certificate
             WHERE state IN ('valid', 'suspended')
               AND (surveillance_checked_date IS NULL OR surveillance_checked_date < %s)
             ORDER BY id
             LIMIT %s
               FOR UPDATE SKIP LOCKED
        """
        for _attempt in range(3):
            try:
                self.env.cr.execute(query, (today, limit), log_exceptions=False)
                return [row[0] for row in self.env.cr.fetchall()]
            except errors.SerializationFailure:
                # another worker committed a row between our snapshot and our lock: start a new transaction
                if not commit:
                    raise
                self.env.cr.rollback()
        return []

    def _surveillance_run(self, today):
        """One batch: every decision is read from the certificate and its audits, so a rerun is a no-op."""
        audits = (
            self.env["cert.audit"]
            .sudo()
            .search_fetch(
                [("certificate_id", "in", self.ids), ("state", "!=", "cancelled")],
                ["certificate_id", "audit_type", "surveillance_number", "state", "date_end"],
            )
        )
        by_cert = {}
        for audit in audits:
            by_cert.setdefault(audit.certificate_id.id, []).append(audit)
        to_create = []
        for cert in self:
            cert._surveillance_step(today, by_cert.get(cert.id, []), to_create)
        if to_create:
            # the programme's own audits: created by this job's code (certificate and number are its keys)
            self.env["cert.audit"].sudo().with_context(mail_create_nolog=True)._workflow_unlocked().create(to_create)
        self._workflow_sudo_write({"surveillance_checked_date": today})

    def _surveillance_step(self, today, audits, to_create):
        self.ensure_one()
        scheme = self.scheme_id
        if self.state == "valid" and self._surveillance_suspend_unpaid(today):
            return
        if self.expiry_date and today >= self.expiry_date:
            self._move("action_expire", note=self.env._("Validity ended."), check_group=False)
            return
        self._surveillance_count_reported(today, audits)
        if self.state == "suspended":
            if self.suspended_date and certificates.suspension_elapsed(
                today, self.suspended_date, scheme.suspension_max_months
            ):
                self._move(
                    "action_withdraw",
                    reason=self.env.ref("cert_service.reason_withdrawal_suspension_elapsed"),
                    note=self.env._("Suspended since %s without the cause removed.", self.suspended_date),
                    check_group=False,
                )
            return
        number = self.surveillance_number
        window = self._surveillance_window()
        if window:
            actions = certificates.surveillance_actions(
                today,
                window,
                (scheme.surveillance_reminder_first_days, scheme.surveillance_reminder_second_days),
                scheme.surveillance_plan_days,
                self.surveillance_reminded,
            )
            if actions["overdue"]:
                self._move(
                    "action_suspend",
                    reason=self.env.ref("cert_service.reason_suspension_surveillance"),
                    note=self.env._(
                        "Surveillance %(number)s not reported by the end of its window (%(end)s).",
                        number=number,
                        end=self.surveillance_window_end,
                    ),
                    check_group=False,
                )
                return
            planned = any(a.audit_type == "surveillance" and a.surveillance_number == number for a in audits)
            if actions["plan"] and not planned and self._surveillance_can_plan():
                to_create.append(self._programme_audit_values("surveillance", number))
            if actions["remind"] is not None:
                self._surveillance_remind()
                self._workflow_sudo_write({"surveillance_reminded": actions["remind"] + 1})
        recertification = any(a.audit_type == "recertification" for a in audits)
        if (
            not recertification
            and not self.successor_ids
            and certificates.recertification_due(today, self.expiry_date, scheme.recertification_lead_months)
            and self._surveillance_can_plan()
        ):
            to_create.append(self._programme_audit_values("recertification", 0))

    def _surveillance_suspend_unpaid(self, today):
        """Suspend a valid certificate whose certificate, annual or surveillance fee is unpaid beyond the
        grace period (a suspension reason of domain.md §7); True when it did."""
        unpaid = self._unpaid_invoices(today, milestones=billing.CERTIFICATE_FEES)
        if not unpaid:
            return False
        self._move(
            "action_suspend",
            reason=self.env.ref("cert_service.reason_suspension_fee_unpaid"),
            note=self.env._("Unpaid after the grace period: %s.", ", ".join(unpaid.mapped("name"))),
            check_group=False,
        )
        return True

    def _surveillance_count_reported(self, today, audits):
        """A reported (or closed) surveillance audit counts: the next window is counted from its last day."""
        number = self.surveillance_number
        reported = [
            a
            for a in audits
            if a.audit_type == "surveillance" and a.surveillance_number == number and a.state in ("reported", "closed")
        ]
        if not number or not reported:
            return
        audit = reported[0]
        last_day = audit._local_date(audit.date_end) if audit.date_end else today
        self._workflow_sudo_write({"surveillance_done": number, "surveillance_anchor_date": min(last_day, today)})
        self._surveillance_schedule()
        if self.state == "suspended" and self.state_reason_id == self.env.ref(
            "cert_service.reason_suspension_surveillance"
        ):
            self._move(
                "action_restore",
                note=self.env._("Surveillance audit %s reported.", audit.name),
                check_group=False,
            )

    def _surveillance_can_plan(self):
        """Audits are planned only on a contracted application: one closed or cancelled by an officer is
        skipped (logged) rather than failing the whole batch every day."""
        app = self.application_id
        if app and app.state in AUDITABLE_STATES:
            return True
        _logger.warning("Certificate %s: no audit planned, its application %s is %s.", self.name, app.name, app.state)
        return False

    def _programme_audit_values(self, audit_type, number):
        self.ensure_one()
        return {
            "application_id": self.application_id.id,
            "audit_type": audit_type,
            "certificate_id": self.id,
            "surveillance_number": number,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
        }

    def _surveillance_remind(self):
        """Mail the client (template) and give the programme manager an activity (once per window)."""
        self.ensure_one()
        template = self.env.ref("cert_audit.mail_template_surveillance_reminder", raise_if_not_found=False)
        if template:
            self.message_post_with_source(template, subtype_xmlid="mail.mt_comment", partner_ids=self.partner_id.ids)
        activity_type = self.env.ref("cert_audit.mail_activity_type_surveillance")
        if not self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
            self.activity_schedule(
                "cert_audit.mail_activity_type_surveillance",
                date_deadline=self.surveillance_window_start,
                summary=self.env._(
                    "Surveillance %(number)s of %(client)s: window %(start)s – %(end)s",
                    number=self.surveillance_number,
                    client=self.partner_name,
                    start=self.surveillance_window_start,
                    end=self.surveillance_window_end,
                ),
                user_id=self.user_id.id or self.env.uid,
            )


class CertAudit(models.Model):
    """The audits the surveillance programme of a certificate plans (domain.md §8)."""

    _inherit = "cert.audit"  # pylint: disable=consider-merging-classes-inherited

    certificate_id = fields.Many2one(
        "cert.certificate",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        copy=False,
        help="The certificate whose surveillance or recertification this audit is.",
    )
    surveillance_number = fields.Integer(
        readonly=True, copy=False, help="Which surveillance of the cycle (1, 2, …); 0 for a recertification."
    )

    def _workflow_key_fields(self):
        # the surveillance job counts a reported audit by these: only the job (and the decision glue) sets them
        return super()._workflow_key_fields() | {"certificate_id", "surveillance_number"}

    def init(self):
        # One live audit per surveillance (or recertification) of a certificate, whatever the number of
        # workers planning at the same time: the database refuses the second one.
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS cert_audit_certificate_programme_uniq
               ON cert_audit (certificate_id, audit_type, surveillance_number)
               WHERE certificate_id IS NOT NULL AND state != 'cancelled'"""
        )
