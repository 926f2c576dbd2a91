from odoo import SUPERUSER_ID
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError

from .cert_evidence import REVIEWING


class CertEvidence(models.Model):
    """The life of an evidence item: review workflow and history, unlock, activities, retention.

    The transitions themselves are declared with the item's fields (``_workflow_transitions``).
    """

    _inherit = "cert.evidence"  # pylint: disable=consider-merging-classes-inherited

    def _cert_move(self, action, comment=None, values=None):
        """Run the declared transition ``action`` (state checked), log it. Callers check the roles first."""
        transition = self._workflow_check(action)
        for item in self:
            if item.locked:
                raise UserError(self._cert_locked_message(item))
        for item in self:
            previous = item.state
            # sudo: the caller's role on the folder was checked by the action (reviewers cannot write)
            item._workflow_sudo_write(dict(values or {}, state=transition.target))
            item._cert_log(action.removeprefix("action_"), previous, comment)
        self.activity_update()
        return True

    def _cert_log(self, action, from_state, comment=None, version=None):
        # sudo: the history is read-only for everybody; the workflow writes it
        history = self.env["cert.evidence.review"].sudo()
        return history.create(
            [
                {
                    "evidence_id": item.id,
                    "action": action,
                    "from_state": from_state,
                    "to_state": item.state,
                    "reason": comment or False,
                    "version_id": (version or item.current_version_id).id,
                    "user_id": self.env.uid,
                }
                for item in self
            ]
        )

    def action_submit(self):
        """Owner, contributor or editor: a draft with a file goes to the reviewers."""
        self._workflow_check("action_submit")
        self._cert_check_permission("write")
        for item in self:
            if not item.version_ids:
                raise UserError(self.env._("%(item)s has no file yet: upload one before submitting.", item=item.name))
        return self._cert_move("action_submit", values={"submitted_date": fields.Datetime.now()})

    def action_retract(self):
        """Take a submitted item back to draft (before the review starts)."""
        self._workflow_check("action_retract")
        for item in self:
            if item.owner_id != self.env.user and not item.permission_write:
                raise AccessError(self.env._("Only the owner or an editor retracts %(item)s.", item=item.name))
        return self._cert_move("action_retract")

    def action_start_review(self):
        self._workflow_check("action_start_review")
        self._cert_check_permission("review")
        return self._cert_move("action_start_review")

    def action_accept(self, comment=None):
        self._workflow_check("action_accept")
        self._cert_check_permission("review")
        for item in self:
            values = {"accepted_version_id": item.current_version_id.id, "reviewed_date": fields.Datetime.now()}
            item._cert_move("action_accept", comment, values)
        return True

    def action_reject(self):
        self._workflow_check("action_reject")
        self._cert_check_permission("review")
        return self._cert_reason_wizard("reject", self.env._("Reject Evidence"))

    def _cert_reject(self, reason):
        self._workflow_check("action_reject")
        self._cert_check_permission("review")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the rejection: the client is told."))
        self._cert_move("action_reject", reason, {"reject_reason": reason, "reviewed_date": fields.Datetime.now()})
        for item in self:
            item.sudo().message_post(body=self.env._("Rejected: %s", reason), subtype_xmlid="mail.mt_comment")
        return True

    def action_unlock(self):
        if not self._cert_is_manager():
            raise AccessError(self.env._("Only a CB manager unlocks evidence."))
        return self._cert_reason_wizard("unlock", self.env._("Unlock Evidence"))

    def _cert_unlock(self, reason):
        """The documented unlock path: a CB manager, a reason, logged in the (internal) chatter and history."""
        if not self.env.su and not self._cert_is_manager():
            raise AccessError(self.env._("Only a CB manager unlocks evidence."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for unlocking the evidence."))
        for item in self.filtered("locked"):
            item._workflow_sudo_write({"locked": False, "locked_date": False})  # sudo: a manager, checked above
            item._cert_log("unlock", item.state, reason)
            item.sudo().message_post(
                body=self.env._("Unlocked by %(user)s: %(reason)s", user=self.env.user.name, reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _cert_reason_wizard(self, action, title):
        context = {"default_evidence_ids": self.ids, "default_action": action}
        return self._cert_open_wizard("cert.evidence.reason", title, context)

    # ------------------------------------------------------------------ activities
    def _cert_reviewers(self):
        """Internal users who review this item: the cycle's auditors and the folder's Reviewers."""
        self.ensure_one()
        users = self.folder_id.sudo().reviewer_user_ids | self.application_id.sudo().auditor_user_ids
        return users.filtered(lambda user: user.active and not user.share)

    def activity_update(self):
        """The one place that schedules and closes the "evidence to review" activities of the items."""
        xmlid = "cert_service.mail_activity_type_evidence_review"
        activity_type = self.env.ref(xmlid)
        # sudo: reviewers get activities on items they may not write; called after the workflow's checks
        for item in self.sudo():
            if item.state in REVIEWING:
                scheduled = item.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
                for user in item._cert_reviewers() - scheduled.user_id:
                    item.activity_schedule(xmlid, user_id=user.id, summary=item.name)
            elif item.state in ("accepted", "rejected"):
                item.activity_feedback([xmlid], feedback=item._workflow_state_label(item.state))
            else:
                item.activity_unlink([xmlid])
        return True

    # ------------------------------------------------------------------ API for cert_audit: references lock
    def _cert_lock_evidence(self, referrer, description=None):
        """``referrer`` (a score line, a finding, a decision…) relies on these items: lock them.

        See ``cert.evidence.reference._cert_lock``; or inherit ``cert.evidence.referrer.mixin``.
        """
        return self.env["cert.evidence.reference"]._cert_lock(self, referrer, description)

    def _cert_release_evidence(self, referrer):
        """Drop the references of ``referrer`` (e.g. when it is deleted). The lock stays: a manager unlocks."""
        return self.env["cert.evidence.reference"]._cert_release(self, referrer)

    # ------------------------------------------------------------------ retention
    @api.model
    def _cron_retention(self):
        """Flag what may be purged (kept ≥ N years after the end of the cycle) and tell the managers."""
        years = self.env["res.config.settings"]._cert_param("cert_evidence_retention_years")
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            "SELECT id FROM cert_evidence WHERE application_id IS NOT NULL ORDER BY id FOR UPDATE SKIP LOCKED"
        )
        items = self.sudo().with_context(active_test=False).browse([row[0] for row in self.env.cr.fetchall()])
        ends = {app: app._cert_evidence_cycle_end() for app in items.application_id}
        newly = self.browse()
        for item in items:
            end = ends.get(item.application_id)
            until = end and fields.Date.add(end, years=years)
            candidate = bool(
                until and until < today and not item.reference_ids.filtered(lambda r: r._cert_referrer_active())
            )
            if item.retention_until != until or item.purge_candidate != candidate:
                if candidate and not item.purge_candidate:
                    newly |= item
                item._workflow_write({"retention_until": until or False, "purge_candidate": candidate})
        if newly:
            managers = self.env.ref("cert_service.group_cert_manager").users.filtered(
                lambda u: not u.share and u.active and u.id != SUPERUSER_ID
            )
            for item in newly:
                for user in managers:
                    item.activity_schedule(
                        "cert_service.mail_activity_type_evidence_retention",
                        user_id=user.id,
                        summary=self.env._("Retention period over: decide whether to purge"),
                        note=self.env._(
                            "Kept %(years)s years after the end of the cycle: it may now be purged. "
                            "Nothing is purged automatically.",
                            years=years,
                        ),
                    )
        return newly
