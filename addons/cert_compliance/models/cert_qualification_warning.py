from datetime import timedelta

from psycopg2 import errors

from odoo import api
from odoo import fields
from odoo import models
from odoo.modules import module

from ..lib import qualification_expiry

MANAGER = "cert_service.group_cert_manager"


class CertQualificationWarning(models.Model):
    """A warning that an auditor's qualification expires soon (90, 60 or 30 days before): one row per
    qualification, end date and stage, unique in PostgreSQL, so that each warning is given once.

    Rows are written by the daily job only; the activities they carry go to the auditor and to the
    programme manager (the setting ``cert_programme_manager_id``, else the first CB manager).
    """

    _name = "cert.qualification.warning"
    _description = "Qualification Expiry Warning"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_to, id"

    qualification_id = fields.Many2one(
        "cert.auditor.qualification", required=True, readonly=True, ondelete="cascade", index=True
    )
    auditor_id = fields.Many2one(related="qualification_id.auditor_id", store=True, index=True)
    scheme_id = fields.Many2one(related="qualification_id.scheme_id", store=True)
    stage = fields.Integer("Days Before", required=True, readonly=True)
    date_to = fields.Date("Expires On", required=True, readonly=True)

    _sql_constraints = [
        (
            "once_per_stage",
            "UNIQUE(qualification_id, date_to, stage)",
            "A qualification is warned once per stage and end date.",
        ),
    ]

    def _compute_display_name(self):
        for warning in self:
            warning.display_name = self.env._(
                "%(auditor)s: %(scheme)s until %(date)s",
                auditor=warning.auditor_id.name,
                scheme=warning.scheme_id.display_name,
                date=warning.date_to,
            )

    @api.model
    def _programme_manager(self):
        users = self.env["res.users"].sudo()
        # an archived or portal user chosen earlier is nobody's programme manager: the first CB manager then
        manager = self.env["res.config.settings"]._cert_param("cert_programme_manager_id")
        manager = manager.filtered(lambda user: user.active and not user.share)
        return manager or users.search(
            [("groups_id", "in", self.env.ref(MANAGER).id), ("share", "=", False)], order="id", limit=1
        )

    @api.model
    def _cron_warn(self, batch_size=200, commit=None):
        """Warn of the qualifications ending within the largest stage; each worker locks its rows (SKIP
        LOCKED), and the unique row per stage makes a second run, or a second worker, warn nobody again.

        :returns: the warnings given by this worker
        """
        if commit is None:
            commit = not module.current_test
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=max(qualification_expiry.DEFAULT_STAGES))
        given = self.browse()
        last_id = 0
        while True:
            ids = self._claim(today, horizon, last_id, batch_size, commit)
            if not ids:
                break
            last_id = max(ids)
            given |= self._warn(self.env["cert.auditor.qualification"].browse(ids), today)
            if commit:
                # batches are committed one by one: a long run keeps its progress and releases its locks
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return given

    @api.model
    def _claim(self, today, horizon, last_id, limit, commit):
        self.env["cert.auditor.qualification"].flush_model(["date_to"])
        query = """
            SELECT id FROM cert_auditor_qualification
             WHERE date_to BETWEEN %s AND %s AND id > %s
             ORDER BY id
             LIMIT %s
               FOR UPDATE SKIP LOCKED
        """
        for _attempt in range(3):
            try:
                self.env.cr.execute(query, (today, horizon, last_id, limit), log_exceptions=False)
                return [row[0] for row in self.env.cr.fetchall()]
            except errors.SerializationFailure:
                if not commit:
                    raise
                self.env.cr.rollback()
        return []

    @api.model
    def _warn(self, qualifications, today):
        self.env.cr.execute(
            "SELECT qualification_id, date_to, stage FROM cert_qualification_warning WHERE qualification_id = ANY(%s)",
            [qualifications.ids],
        )
        sent = {}
        for qual_id, date_to, stage in self.env.cr.fetchall():
            sent.setdefault((qual_id, date_to), set()).add(stage)
        manager = self._programme_manager()
        given = self.browse()
        for qual in qualifications:
            stage = qualification_expiry.due_stage(
                (qual.date_to - today).days, sent.get((qual.id, qual.date_to), set())
            )
            if not stage:
                continue
            self.env.cr.execute(
                """INSERT INTO cert_qualification_warning
                       (qualification_id, auditor_id, scheme_id, stage, date_to, create_uid, create_date,
                        write_uid, write_date)
                   VALUES (%s, %s, %s, %s, %s, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC')
                   ON CONFLICT (qualification_id, date_to, stage) DO NOTHING
                   RETURNING id""",
                [qual.id, qual.auditor_id.id, qual.scheme_id.id, stage, qual.date_to, self.env.uid, self.env.uid],
            )
            row = self.env.cr.fetchone()
            if not row:
                continue
            warning = self.browse(row[0])
            summary = self.env._(
                "Qualification for %(scheme)s expires on %(date)s (in %(days)s days)",
                scheme=qual.scheme_id.display_name,
                date=qual.date_to,
                days=(qual.date_to - today).days,
            )
            for user in (qual.auditor_id.user_id | manager).filtered(lambda u: not u.share):
                warning.activity_schedule(
                    "cert_compliance.mail_activity_type_qualification_expiry",
                    date_deadline=today,
                    summary=summary,
                    user_id=user.id,
                )
            given |= warning
        return given
