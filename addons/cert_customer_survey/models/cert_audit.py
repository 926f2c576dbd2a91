import csv
import io
import secrets

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.cert_service.lib import upload as upload_rules
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from ..lib import callback
from ..lib import sampling
from ..lib import service_import

OFFICER = "cert_service.group_cert_officer"
#: problems listed in the refusal (the rest counted)
SHOWN_PROBLEMS = 30
#: what a service-order file may be: the client's spreadsheet, saved as CSV or XLSX
ORDER_FILE_EXTENSIONS = "csv,xlsx"
ORDER_FILE_MIMETYPES = "text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: the states in which an audit takes service orders at all (the sample is drawn from them before the calls)
ORDER_STATES = ("planned", "confirmed", "in_progress")
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
            if audit.state not in states:
                raise UserError(
                    self.env._(
                        "%(audit)s is %(state)s: you cannot %(action)s now.",
                        audit=audit.display_name,
                        state=audit._workflow_state_label(audit.state),
                        action=action,
                    )
                )

    def _survey_lock(self):
        """Row lock on the audits: a draw and the first call, or two replacements, never interleave."""
        self.env.cr.execute("SELECT id FROM cert_audit WHERE id IN %s FOR UPDATE", [tuple(self.ids)])
        self.invalidate_recordset(["state"])

    def _survey_personal_data_audits(self):
        """Those of these audits whose customers' personal data the user sees in clear: its team, while open."""
        if self.env.su:
            return self
        return self.filtered(lambda audit: audit.state not in CLOSED_STATES and self.env.user in audit.team_user_ids)

    # ------------------------------------------------------------------ service orders
    def action_open_service_order_import(self):
        self.ensure_one()
        self._survey_check_team(self.env._("import service orders"), ("planned", "confirmed", "in_progress"))
        return {
            "type": "ir.actions.act_window",
            "res_model": "cert.service.order.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_audit_id": self.id},
        }

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

    # ------------------------------------------------------------------ sample
    def action_draw_sample(self):
        """Draw the call-back sample; drawing again asks for the reason (wizard)."""
        self.ensure_one()
        if self.sample_draw_ids:
            return {
                "type": "ir.actions.act_window",
                "res_model": "cert.service.sample.redraw",
                "view_mode": "form",
                "target": "new",
                "context": {"default_audit_id": self.id},
            }
        self._survey_draw()
        return True

    def _survey_draw(self, reason=None, seed=None):
        """Draw the stratified sample and its reserve list from a new (or given) seed, and record the draw.

        A constant number of queries whatever the number of orders and outlets: one read of the population
        (order and outlet together, no search per outlet), one insert of the draw, one insert of the lines.
        """
        self.ensure_one()
        self._survey_check_team(self.env._("draw the call-back sample"), ("planned", "confirmed", "in_progress"))
        self._survey_lock()
        self._survey_invalidate()
        # sudo: the team or an officer of the audit (checked above) replaces the audit's sample; the draw and its
        # lines are the model's own records, never written from outside
        Draw = self.env["cert.service.sample.draw"]._workflow_unlocked().sudo()
        Line = self.env["cert.service.sample.line"]._workflow_unlocked().sudo()
        old = Draw.search([("audit_id", "=", self.id), ("current", "=", True)])
        if old and not (reason or "").strip():
            raise UserError(self.env._("The sample was drawn already: give the reason for drawing it again."))
        if self.sample_fixed:
            raise UserError(
                self.env._("%s: a call is recorded, the sample is fixed and cannot be drawn again.", self.display_name)
            )
        self.env.cr.execute("SELECT id, site_id FROM cert_service_order WHERE audit_id = %s", [self.id])
        population = self.env.cr.fetchall()
        if not population:
            raise UserError(self.env._("%s has no service orders to sample: import them first.", self.display_name))
        scheme = self.scheme_id
        size = sampling.sample_size(len(population), scheme.callback_sample_size, scheme.callback_sample_minimum)
        seed = seed or secrets.token_hex(8)
        drawn = sampling.draw(population, seed, size)
        Line.search([("audit_id", "=", self.id)]).unlink()
        old._workflow_sudo_write({"current": False})
        draw = Draw.create(
            {
                "audit_id": self.id,
                "seed": seed,
                "population": len(population),
                "sample_size": size,
                "reserve_size": len(drawn) - size,
                "reason": reason,
                "drawn_by_id": self.env.uid,
                "current": True,
            }
        )
        Line._survey_insert(self, draw, drawn)
        if reason:
            body = self.env._(
                "Call-back sample drawn again (seed %(seed)s, %(size)s of %(population)s orders). Reason: %(reason)s",
                seed=seed,
                size=size,
                population=len(population),
                reason=reason,
            )
        else:
            body = self.env._(
                "Call-back sample drawn (seed %(seed)s, %(size)s of %(population)s orders).",
                seed=seed,
                size=size,
                population=len(population),
            )
        self.message_post(body=body)
        self._survey_invalidate()
        return draw

    # ------------------------------------------------------------------ results
    def _survey_responses(self):
        """(outlet id, answers, sample line, visit) of the reached call-backs and the done visits."""
        self.ensure_one()
        # sudo: the answers of this audit's questionnaires, read for its results by its team (checked by the
        # caller); the survey app's records are not the auditors' to read one by one
        answers = self.env["survey.user_input"].sudo().search([("cert_audit_id", "=", self.id), ("state", "=", "done")])
        responses = []
        for answer in answers:
            line, visit = answer.cert_sample_line_id, answer.cert_visit_id
            if line and line.call_state == "reached":
                responses.append((line.site_id.id, answer._cert_answers(), line, visit))
            elif visit:
                responses.append((visit.site_id.id, answer._cert_answers(), line, visit))
        return responses

    def action_propose_basis(self):
        """Aggregate the answers per outlet and indicator, and propose the basis of the mapped checklist lines."""
        for audit in self:
            audit._survey_check_team(self.env._("propose the basis from the call-backs"), ("in_progress",))
            audit._survey_lock()
            mapping = audit.scheme_id.survey_indicator_map_ids._as_mapping()
            responses = audit._survey_responses()
            totals, _per_outlet = callback.aggregate([(site, answers) for site, answers, _l, _v in responses], mapping)
            # sudo: the results and the proposals are the audit's own records, rebuilt by its team (checked above)
            Outcome = self.env["cert.survey.outcome"]._workflow_unlocked().sudo()
            Outcome.search([("audit_id", "=", audit.id)]).unlink()
            rows = []
            for site, answers, line, visit in responses:
                for indicator, bad in callback.outcomes(answers, mapping).items():
                    rows.append(
                        {
                            "audit_id": audit.id,
                            "site_id": site or False,
                            "indicator_id": indicator,
                            "source": "mystery" if visit else "callback",
                            "sample_line_id": line.id,
                            "visit_id": visit.id,
                            "nonconforming": bad,
                            "nonconforming_count": int(bad),
                        }
                    )
            Outcome.create(rows)
            Basis = self.env["cert.survey.basis"]._workflow_unlocked().sudo()
            existing = {basis.indicator_id.id: basis for basis in audit.sudo().survey_basis_ids}
            lines = {line.indicator_id.id: line for line in audit.score_line_ids}
            for indicator, (cases, bad) in totals.items():
                values = {
                    "sample_size": cases,
                    "nonconforming_count": bad,
                    "score_line_id": lines.get(indicator, Basis.score_line_id).id,
                }
                basis = existing.pop(indicator, None)
                if basis:
                    if (basis.sample_size, basis.nonconforming_count) != (cases, bad):
                        basis._workflow_sudo_write(dict(values, state="proposed"))
                else:
                    Basis.create(dict(values, audit_id=audit.id, indicator_id=indicator))
            for basis in existing.values():
                basis.unlink()
            audit._survey_invalidate()
        return True

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

    def _survey_import_orders(self, values):
        """Create checked rows (``lib/service_import.py``) as the audit's service orders, in batches; returns how many."""
        self.ensure_one()
        self._survey_check_team(self.env._("import service orders"), ("planned", "confirmed", "in_progress"))
        # sudo: the team or an officer of the audit (checked above) imports; the orders carry personal data
        # that nobody but the import writes
        Order = self.env["cert.service.order"]._workflow_unlocked().sudo().with_context(mail_notrack=True)
        for start in range(0, len(values), 5000):
            Order.create([dict(row, audit_id=self.id) for row in values[start : start + 5000]])
        self._survey_invalidate()
        return len(values)

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

    # ------------------------------------------------------------------ import of the client's service-order file
    def _survey_import_file(self, data, filename, author=None):
        """Import the service orders of one CSV or XLSX file (its bytes): every row or none; returns the count.

        The file is checked as the evidence store checks an upload (a clean name, the size limit of the
        settings, content that really is CSV or XLSX), then every row (``lib/service_import.py``); any problem
        refuses the whole file with a ``ValidationError`` naming each bad row. The callers (the wizard, the
        portal) check who imports into this audit and that it takes orders now, under ``_survey_lock``.
        """
        self.ensure_one()
        self._survey_check_order_file(data, filename)
        # sudo: the references of the audit's orders only, to refuse an order imported twice (the callers
        # checked the importer; the portal's client does not read the orders themselves)
        existing = {
            row["order_ref"]
            for row in self.env["cert.service.order"].sudo().search_read([("audit_id", "=", self.id)], ["order_ref"])
        }
        outlets = {site.name: site.id for site in self.sudo().application_id.site_ids}
        values, problems = service_import.parse_rows(self._survey_read_rows(data, filename), outlets, None, existing)
        if problems:
            lines = [self._survey_problem_text(problem) for problem in problems[:SHOWN_PROBLEMS]]
            if len(problems) > SHOWN_PROBLEMS:
                lines.append(self.env._("… and %s more problems.", len(problems) - SHOWN_PROBLEMS))
            raise ValidationError(
                self.env._(
                    "Nothing was imported from %(file)s:\n%(problems)s", file=filename or "", problems="\n".join(lines)
                )
            )
        count = self._survey_import_orders(values)
        self.message_post(
            body=self.env._("%(count)s service orders imported from %(file)s.", count=count, file=filename or ""),
            author_id=(author or self.env.user.partner_id).id,
        )
        return count

    def _survey_check_order_file(self, data, filename):
        settings = self.env["res.config.settings"]
        policy = upload_rules.UploadPolicy.from_settings(
            ORDER_FILE_EXTENSIONS, ORDER_FILE_MIMETYPES, settings._cert_param("cert_evidence_max_size_mb")
        )
        try:
            upload_rules.check_upload(data, filename, policy)
        except upload_rules.UploadError as error:
            if error.code in ("extension", "content", "mismatch"):
                raise ValidationError(
                    self.env._("%s is not a CSV or XLSX file: save the spreadsheet as one of them.", filename)
                ) from None
            raise ValidationError(self.env["cert.evidence"]._cert_upload_message(error)) from None

    def _survey_problem_text(self, problem):
        column_labels = {
            "customer_name": self.env._("customer"),
            "customer_phone": self.env._("phone"),
            "service_date": self.env._("date"),
            "outlet": self.env._("outlet"),
            "service_type": self.env._("service type"),
            "order_ref": self.env._("order reference"),
        }
        value = column_labels.get(problem.value, problem.value)
        texts = {
            "empty": self.env._("the file has no service orders"),
            "missing_column": self.env._("the column %s is missing", value),
            "missing": self.env._("the %s is empty", value),
            "bad_date": self.env._("%s is not a date (use YYYY-MM-DD)", value),
            "outside_period": self.env._("%s is outside the period", value),
            "bad_phone": self.env._("%s is not a phone number", value),
            "unknown_outlet": self.env._("%s is not a site of the application", value),
            "duplicate_ref": self.env._("the order reference %s appears twice", value),
            "existing_ref": self.env._("the order reference %s is imported already", value),
            "unreadable": self.env._("the file cannot be read as CSV or XLSX"),
        }
        text = texts[problem.code]
        return self.env._("Row %(row)s: %(problem)s", row=problem.row, problem=text) if problem.row else text

    def _survey_read_rows(self, data, filename):
        """The file's rows (lists of cell values), the header first."""
        if (filename or "").lower().endswith(".xlsx"):
            import openpyxl  # declared in the manifest's external dependencies

            try:
                book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            except Exception as exc:  # openpyxl raises many kinds on a broken file
                raise ValidationError(self._survey_problem_text(service_import.Problem(0, "unreadable"))) from exc
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")  # what Chinese Excel writes as "CSV"
            except UnicodeDecodeError as exc:
                raise ValidationError(self._survey_problem_text(service_import.Problem(0, "unreadable"))) from exc
        return list(csv.reader(io.StringIO(text)))

    # ------------------------------------------------------------------ the client's portal upload
    def _survey_takes_client_orders(self):
        """The client uploads orders until the sample is drawn: the sample is drawn from what was received."""
        self.ensure_one()
        # sudo: whether a draw exists, not what it holds (the client never reads the sample)
        drawn = self.env["cert.service.sample.draw"].sudo().search_count([("audit_id", "=", self.id)], limit=1)
        return self.state in ORDER_STATES and not drawn

    def _portal_import_service_orders(self, files):
        """The client's portal user uploads its service orders of the period ([(file name, bytes)], one file)."""
        self.ensure_one()
        self.check_access("read")  # the record rules: an audit of the user's own company
        user = self.env.user
        if not user._is_portal() or user.partner_id.commercial_partner_id != self.partner_id.commercial_partner_id:
            raise AccessError(self.env._("Only the audited client uploads its service orders here."))
        if len(files) != 1:
            raise UserError(self.env._("Choose one CSV or XLSX file of your service orders."))
        self._survey_lock()
        if not self._survey_takes_client_orders():
            raise UserError(
                self.env._(
                    "%s takes no more service orders: the call-back sample is drawn from those received.",
                    self.name,
                )
            )
        filename, raw = files[0]
        # sudo: the audit's own client (checked above) adds orders to an audit that takes them; the orders (personal
        # data) and the audit's chatter are not the portal user's to write, and the file is checked row by row
        return self.sudo()._survey_import_file(raw, filename, author=user.partner_id)
