import pytz
from markupsafe import Markup

from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import format_datetime

#: audit states the client sees in the portal (a draft is the planner's business)
PORTAL_STATES = ("planned", "confirmed", "in_progress", "reported", "closed", "cancelled")


class CertAudit(models.Model):
    _name = "cert.audit"
    _inherit = ["cert.audit", "cert.portal.page.mixin"]
    _portal_section = "audits"

    def _portal_check_client(self):
        """Refuse unless the current user reads these audits and belongs to their client company.

        The check the portal actions run right before they act as superuser (the client has no write
        right on audits, and activities are the programme manager's).
        """
        self.check_access("read")
        client = self.env.user.partner_id.commercial_partner_id
        for audit in self:
            if self.env.user._is_internal() or audit.partner_id.commercial_partner_id != client:
                raise AccessError(self.env._("Only the client's own users can do this from the portal."))
        return True

    def _portal_local(self, value):
        """A UTC datetime in the audit's own time zone, for the client (who is on site)."""
        self.ensure_one()
        return format_datetime(self.env, value, tz=self.tz or "UTC", dt_format="medium") if value else ""

    def _portal_parse_local(self, text):
        """``YYYY-MM-DDTHH:MM`` (an HTML datetime-local value) in the audit's time zone → naive UTC."""
        self.ensure_one()
        try:
            local = fields.Datetime.to_datetime((text or "").replace("T", " "))
        except ValueError:
            local = None
        if not local:
            return None
        return pytz.timezone(self.tz or "UTC").localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _portal_confirm_dates(self):
        """The client agrees the planned dates (the audit's own confirmation action)."""
        self._portal_check_client()
        # sudo: the client has no write right on audits; checked right above that it is its own audit
        return self.sudo().action_client_confirm()

    def action_client_confirm(self):
        """The client confirms the dates of its own audits (domain.md §1): called by a portal user (the page's
        button or an RPC call), it is the portal's confirmation, with the same check."""
        if not self.env.su and self.env.user._is_portal():
            return self._portal_confirm_dates()
        return super().action_client_confirm()

    def _portal_propose_dates(self, start_text, end_text, note=""):
        """The client proposes other dates: said in the chatter, and an activity for the programme manager."""
        self.ensure_one()
        self._portal_check_client()
        if self.state not in ("planned", "confirmed"):
            raise UserError(self.env._("The dates of %s can no longer be changed from the portal.", self.name))
        start, end = self._portal_parse_local(start_text), self._portal_parse_local(end_text)
        if not start or not end:
            raise ValidationError(self.env._("Give the start and the end of the dates you propose."))
        if end <= start:
            raise ValidationError(self.env._("The audit you propose must end after it starts."))
        if start <= fields.Datetime.now():
            raise ValidationError(self.env._("Propose dates in the future."))
        note = (note or "").strip()
        body = self.env._(
            "%(client)s proposes other dates for this audit: from %(start)s to %(end)s (%(tz)s).",
            client=self.env.user.partner_id.display_name,
            start=self._portal_local(start),
            end=self._portal_local(end),
            tz=self.tz,
        )
        html = Markup("<p>%s</p><p>%s</p>") % (body, note) if note else Markup("<p>%s</p>") % body
        audit = self.sudo()
        audit.message_post(body=html, subtype_xmlid="mail.mt_comment")
        audit.activity_schedule(
            "cert_portal.mail_activity_type_audit_dates_proposed",
            user_id=(audit.user_id or self.env.ref("base.user_admin")).id,
            summary=self.env._("Other dates proposed by the client"),
            note=html,
        )
        return True
