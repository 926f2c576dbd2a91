from odoo import Command
from odoo import models


class CertAudit(models.Model):
    """The team's calendar event of an audit: one event per scheduled audit, only ever the audit's own."""

    _inherit = "cert.audit"  # pylint: disable=consider-merging-classes-inherited

    def _calendar_event_values(self):
        self.ensure_one()
        hq = self.site_ids.filtered(lambda s: s.site_type == "hq")[:1]
        return {
            "name": self.env._(
                "%(number)s %(type)s: %(client)s",
                number=self.name,
                type=dict(self._fields["audit_type"]._description_selection(self.env))[self.audit_type],
                client=self.partner_id.display_name,
            ),
            "start": self.date_start,
            "stop": self.date_end,
            "allday": False,
            "user_id": (self.lead_auditor_id.user_id or self.user_id or self.env.user).id,
            "partner_ids": [Command.set(self.member_ids.user_id.partner_id.ids)],
            "location": ", ".join(filter(None, [hq.name, hq.street, hq.city])) if hq else False,
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "active": True,
        }

    def _own_event(self):
        """The audit's event if it is the audit's own (made for it), else an empty recordset."""
        self.ensure_one()
        event = self.sudo().with_context(active_test=False).event_id
        return event if (event.res_model, event.res_id) == (self._name, self.id) else event.browse()

    def _sync_calendar_event(self):
        """One event per scheduled audit for its team; cancelled or unscheduled audits archive theirs.

        Only the audit's own event is ever written (sudo: the planner may not be an attendee): one that
        points elsewhere is left alone and replaced by a new one.
        """
        events = self.env["calendar.event"].sudo()
        for audit in self:
            event = audit._own_event()
            scheduled = audit.state != "cancelled" and audit.date_start and audit.date_end and audit.member_ids
            if not scheduled:
                if event.active:
                    event.active = False
                continue
            vals = audit._calendar_event_values()
            if event:
                event.write(vals)
            else:
                audit._workflow_sudo_write({"event_id": events.create(vals).id})

    def _unlink_own_events(self):
        """Delete the audits' own events (never an event made for another record)."""
        own = self.env["calendar.event"].sudo()
        for audit in self:
            own |= audit._own_event()
        own.unlink()
