from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from ..lib import availability
from ..models.cert_audit_member import ROLES


class CertAuditFindAuditor(models.TransientModel):
    """Propose the auditors who may take a role in an audit: qualified, impartial, free; least booked first."""

    _name = "cert.audit.find.auditor"
    _description = "Find Available Auditors"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade")
    role = fields.Selection(ROLES, required=True, default="auditor")
    period_start = fields.Date(compute="_compute_period", string="Workload From")
    period_end = fields.Date(compute="_compute_period", string="Workload Until")
    show_unavailable = fields.Boolean("Show Unavailable Auditors")
    line_ids = fields.One2many("cert.audit.find.auditor.line", "wizard_id", string="Auditors")

    @api.depends("audit_id.date_start")
    def _compute_period(self):
        for wizard in self:
            start = wizard.audit_id._local_date(wizard.audit_id.date_start) or fields.Date.context_today(wizard)
            wizard.period_start = start.replace(day=1)
            wizard.period_end = wizard.period_start + relativedelta(months=1, days=-1)

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        # From the form the proposals come with the user's choice; from code they are computed here.
        wizards.filtered(lambda w: not w.line_ids)._fill_lines()
        return wizards

    @api.onchange("audit_id", "role", "show_unavailable")
    def _onchange_role(self):
        if self.audit_id:
            self.line_ids = [Command.clear(), *[Command.create(vals) for vals in self._line_values()]]

    def action_refresh(self):
        self._fill_lines()
        return self._reopen()

    def _fill_lines(self):
        for wizard in self:
            wizard.line_ids = [Command.clear(), *[Command.create(vals) for vals in wizard._line_values()]]

    def _workloads(self, auditors):
        """{auditor id: auditor-days booked in the month of the audit} in one grouped query."""
        self.ensure_one()
        start = fields.Datetime.to_datetime(self.period_start)
        end = fields.Datetime.to_datetime(self.period_end + relativedelta(days=1))
        groups = (
            self.env["cert.audit.member"]
            .sudo()
            ._read_group(
                [
                    ("auditor_id", "in", auditors.ids),
                    ("audit_state", "!=", "cancelled"),
                    ("audit_id", "!=", self.audit_id.id),
                    ("date_start", ">=", start),
                    ("date_start", "<", end),
                ],
                ["auditor_id"],
                ["days:sum"],
            )
        )
        return {auditor.id: days for auditor, days in groups}

    def _line_values(self):
        self.ensure_one()
        audit = self.audit_id
        if not audit:
            return []
        on_team = audit.member_ids.auditor_id
        auditors = self.env["cert.auditor"].sudo().search([("user_id", "!=", False), ("id", "not in", on_team.ids)])
        refusals = audit._auditor_refusals(auditors, self.role)
        workloads = self._workloads(auditors)
        city = (audit.hq_city or "").strip().lower()
        candidates = [
            availability.Candidate(
                key=a.id,
                name=a.name,
                workload=workloads.get(a.id, 0.0),
                same_city=bool(city) and (a.city or "").strip().lower() == city,
            )
            for a in auditors
        ]
        ranked = availability.rank(candidates)
        refused = {a.id: reasons for a, reasons in refusals.items()}
        lines = []
        rank = 0
        for cand in ranked:
            reasons = refused.get(cand.key)
            if reasons and not self.show_unavailable:
                continue
            if not reasons:
                rank += 1
            lines.append(
                {
                    "auditor_id": cand.key,
                    "rank": rank if not reasons else 0,
                    "workload": cand.workload,
                    "same_city": cand.same_city,
                    "available": not reasons,
                    "reason": "; ".join(reasons or []),
                }
            )
        lines.sort(key=lambda vals: (not vals["available"], vals["rank"]))
        return lines

    def action_add(self):
        """Put the selected auditors on the team in the wizard's role (the rules are checked again on save)."""
        self.ensure_one()
        chosen = self.line_ids.filtered(lambda line: line.selected)
        if not chosen:
            raise UserError(self.env._("Select at least one auditor to add to the team."))
        if chosen.filtered(lambda line: not line.available):
            raise UserError(
                self.env._(
                    "These auditors are not available: %s.",
                    ", ".join(chosen.filtered(lambda line: not line.available).auditor_id.mapped("name")),
                )
            )
        self.audit_id.write(
            {"member_ids": [Command.create({"auditor_id": line.auditor_id.id, "role": self.role}) for line in chosen]}
        )
        return {"type": "ir.actions.act_window_close"}

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Find Available Auditors"),
        }


class CertAuditFindAuditorLine(models.TransientModel):
    _name = "cert.audit.find.auditor.line"
    _description = "Auditor Proposal"
    _order = "available desc, rank, id"

    wizard_id = fields.Many2one("cert.audit.find.auditor", required=True, ondelete="cascade")
    auditor_id = fields.Many2one("cert.auditor", required=True, readonly=True)
    grade = fields.Selection(related="auditor_id.grade")
    city = fields.Char(related="auditor_id.city")
    rank = fields.Integer(readonly=True)
    workload = fields.Float("Booked Auditor-Days", digits=(5, 1), readonly=True, help="In the month of the audit.")
    same_city = fields.Boolean("Same City as HQ", readonly=True)
    available = fields.Boolean(readonly=True)
    reason = fields.Char("Why Not", readonly=True)
    selected = fields.Boolean("Add")
