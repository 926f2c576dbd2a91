from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import AccessError

OFFICER = "cert_service.group_cert_officer"
#: the audit is over for the personal data: its team no longer sees them in clear
CLOSED_STATES = ("closed", "cancelled")
#: computed lists of the audit's records: field → model (each has an ``audit_id``)
SURVEY_LISTS = {
    "service_order_ids": "cert.service.order",
    "sample_draw_ids": "cert.service.sample.draw",
    "sample_line_ids": "cert.service.sample.line",
    "mystery_visit_ids": "cert.mystery.visit",
    "survey_basis_ids": "cert.survey.basis",
    "survey_outcome_ids": "cert.survey.outcome",
}


#: who reads an audit's call-back work: the team and the officers (not the client, decision makers or finance,
#: who read the audit without it; the score lines carry what the decision reads)
CALLBACK_READERS = "cert_service.group_cert_officer,cert_service.group_cert_auditor"


class CertAudit(models.Model):
    """The audit's call-back work (回访, 暗访): the lists of its records, who may act on them (its team and the
    officers), and the erasure of its customers' personal data after the retention period."""

    _inherit = "cert.audit"

    # Lists of the audit's call-back records, computed (not one2many): the audit never writes them, and a
    # one2many would let a write of the audit link another audit's records (the records' own guards refuse it,
    # the audit's fields stay out of its writable surface)
    service_order_ids = fields.Many2many(
        "cert.service.order", compute="_compute_survey_lists", string="Service Orders", groups=CALLBACK_READERS
    )
    service_order_count = fields.Integer(
        compute="_compute_survey_counts", string="Service Orders (count)", groups=CALLBACK_READERS
    )
    sample_draw_ids = fields.Many2many(
        "cert.service.sample.draw", compute="_compute_survey_lists", string="Sample Draws", groups=CALLBACK_READERS
    )
    sample_line_ids = fields.Many2many(
        "cert.service.sample.line", compute="_compute_survey_lists", string="Call-back Sample", groups=CALLBACK_READERS
    )
    sample_count = fields.Integer(compute="_compute_survey_counts", string="Sampled Customers", groups=CALLBACK_READERS)
    sample_seed = fields.Char(compute="_compute_sample_seed", groups=CALLBACK_READERS)
    sample_fixed = fields.Boolean(
        compute="_compute_sample_fixed",
        help="A call is recorded: the sample can no longer be drawn again.",
        groups=CALLBACK_READERS,
    )
    mystery_visit_ids = fields.Many2many(
        "cert.mystery.visit", compute="_compute_survey_lists", string="Mystery Visits", groups=CALLBACK_READERS
    )
    survey_basis_ids = fields.Many2many(
        "cert.survey.basis", compute="_compute_survey_lists", string="Proposed Basis", groups=CALLBACK_READERS
    )
    survey_outcome_ids = fields.Many2many(
        "cert.survey.outcome", compute="_compute_survey_lists", string="Call-back Results", groups=CALLBACK_READERS
    )

    def _compute_survey_lists(self):
        for fname, model in SURVEY_LISTS.items():
            # the audit of each record fetched with the search, in one query: reading them afterwards would read
            # every field of tens of thousands of orders, by batches of the prefetch size
            records = self.env[model].search_fetch([("audit_id", "in", self.ids)], ["audit_id"])
            by_audit = {}
            for record in records:
                by_audit.setdefault(record.audit_id.id, []).append(record.id)
            for audit in self:
                audit[fname] = self.env[model].browse(by_audit.get(audit.id, []))

    def _survey_invalidate(self):
        """The computed lists and figures after the audit's call-back records changed."""
        self.invalidate_recordset([*SURVEY_LISTS, "service_order_count", "sample_count", "sample_seed", "sample_fixed"])

    def _compute_survey_counts(self):
        orders = dict(
            self.env["cert.service.order"]._read_group([("audit_id", "in", self.ids)], ["audit_id"], ["__count"])
        )
        lines = dict(
            self.env["cert.service.sample.line"]._read_group(
                [("audit_id", "in", self.ids), ("role", "=", "sample")], ["audit_id"], ["__count"]
            )
        )
        for audit in self:
            audit.service_order_count = orders.get(audit, 0)
            audit.sample_count = lines.get(audit, 0)

    def _compute_sample_seed(self):
        for audit in self:
            audit.sample_seed = audit.sample_draw_ids.filtered("current")[:1].seed

    def _compute_sample_fixed(self):
        called = {
            audit.id
            for [audit] in self.env["cert.service.sample.line"]._read_group(
                [("audit_id", "in", self.ids), ("call_state", "!=", "to_call")], ["audit_id"]
            )
        }
        for audit in self:
            audit.sample_fixed = audit.id in called

    # ------------------------------------------------------------------ access
    def _survey_is_team(self):
        self.ensure_one()
        return self.env.su or self.env.user in self.team_user_ids

    def _survey_check_team(self, action, states):
        """Refuse ``action`` unless the user is an officer or on the audit's team, and the audit in ``states``."""
        for audit in self:
            if not (self.env.su or self.env.user.has_group(OFFICER) or audit._survey_is_team()):
                raise AccessError(
                    self.env._(
                        "Only the audit's team or an officer can %(action)s: %(audit)s.",
                        action=action,
                        audit=audit.display_name,
                    )
                )
        self._workflow_refuse_states(states, self.env._("you cannot %s now.", action))

    def _survey_lock(self):
        """Row lock on the audits: a draw and the first call, or two replacements, never interleave."""
        self.env.cr.execute("SELECT id FROM cert_audit WHERE id IN %s FOR UPDATE", [tuple(self.ids)])
        self.invalidate_recordset(["state"])

    def _survey_personal_data_audits(self):
        """Those of these audits whose customers' personal data the user sees in clear: its team, while open."""
        if self.env.su:
            return self
        return self.filtered(lambda audit: audit.state not in CLOSED_STATES and self.env.user in audit.team_user_ids)

    # ------------------------------------------------------------------ lists of the audit's call-back records
    def action_view_service_orders(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Service Orders"),
            "res_model": "cert.service.order",
            "view_mode": "list,form",
            "domain": [("audit_id", "=", self.id)],
        }

    def action_view_mystery_visits(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mystery Visits"),
            "res_model": "cert.mystery.visit",
            "view_mode": "list,form",
            "domain": [("audit_id", "=", self.id)],
            "context": {"default_audit_id": self.id},
        }

    def action_view_survey_basis(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Proposed Basis"),
            "res_model": "cert.survey.basis",
            "view_mode": "list",
            "domain": [("audit_id", "=", self.id)],
        }

    def action_view_sample(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Call-back Sample"),
            "res_model": "cert.service.sample.line",
            "view_mode": "list,form",
            "domain": [("audit_id", "=", self.id)],
            "context": {"search_default_sample": 1},
        }

    # ------------------------------------------------------------------ personal data
    @api.model
    def _cron_erase_customer_data(self, batch=1000):
        """Erase the customers' names and phones of the audits decided longer ago than the retention period.

        Batches of orders locked with SKIP LOCKED: a second worker takes the next batch instead of waiting; the
        results (outcomes, answers without identity) stay.
        """
        days = self.env["res.config.settings"]._cert_param("cert_customer_retention_days")
        limit = fields.Date.subtract(fields.Date.context_today(self), days=days)
        self.env.flush_all()  # the selection below is SQL: decisions changed in this transaction count
        total = 0
        while True:
            self.env.cr.execute(
                """
                SELECT o.id FROM cert_service_order o
                 WHERE NOT COALESCE(o.erased, FALSE)
                   AND EXISTS (SELECT 1 FROM cert_decision d WHERE d.audit_id = o.audit_id AND d.decision_date < %s)
                   AND NOT EXISTS (SELECT 1 FROM cert_decision d
                                    WHERE d.audit_id = o.audit_id AND d.decision_date >= %s)
                 ORDER BY o.id
                 LIMIT %s
                 FOR UPDATE OF o SKIP LOCKED
                """,
                [limit, limit, batch],
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids:
                break
            self.env["cert.service.order"].browse(ids)._survey_erase()
            self.env.flush_all()  # the next selection must see these erased
            total += len(ids)
            if len(ids) < batch:
                break
        return total

    # ------------------------------------------------------------------ demo
    def _survey_demo_run(self):
        """Demo data only: a period's orders, a drawn sample, answered calls and one mystery visit."""
        self.ensure_one()
        families = "王李张刘陈杨黄赵吴周"
        outlets = self.application_id.site_ids.filtered(lambda site: site.site_type == "outlet")
        rows = [
            {
                "customer_name": f"{families[i % 10]}{'先生' if i % 2 else '女士'}",
                "customer_phone": f"139{i:08d}",
                "service_date": fields.Date.subtract(fields.Date.today(), days=30 + i % 60),
                "site_id": outlets[i % len(outlets)].id,
                "service_type": "快递派送" if i % 3 else "上门取件",
                "order_ref": f"SA{2025000 + i}",
            }
            for i in range(300)
        ]
        self._survey_import_orders(rows)
        self._survey_draw(seed="shunan-demo")
        sample = self.sample_line_ids.filtered(lambda line: line.role == "sample")
        survey = self.scheme_id.callback_survey_id
        good = {"reached": "yes", "on_time": "yes", "attitude": "good", "fixed": "na", "complaint": "na"}
        for index, line in enumerate(sample):
            answers = dict(good, satisfaction="5" if index % 4 else "4")
            if index == 0:
                answers = {"reached": "no"}
            elif index == 2:
                answers.update(on_time="no", satisfaction="2")
            elif index == 5:
                answers.update(complaint="yes")
            line.action_start_call()
            line.user_input_id._cert_demo_answer(survey, answers)
        sample[:1].action_replace()
        substitute = sample[:1].replaced_by_id
        substitute.action_start_call()
        substitute.user_input_id._cert_demo_answer(survey, dict(good, satisfaction="5"))
        visit = self.env["cert.mystery.visit"].create(
            {
                "audit_id": self.id,
                "channel": "outlet",
                "site_id": outlets[:1].id,
                "note": "工作日上午到店，等候约 5 分钟。",
            }
        )
        visit.action_open_questionnaire()
        visit.user_input_id._cert_demo_answer(
            self.scheme_id.mystery_survey_id,
            {
                "greeting": "yes",
                "information": "yes",
                "environment": "yes",
                "complaint_channel": "no",
                "satisfaction": "4",
            },
        )
        self.action_propose_basis()
        return True
