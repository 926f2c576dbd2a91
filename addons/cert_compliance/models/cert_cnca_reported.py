from odoo import fields
from odoo import models

REPORTING = "cert_compliance.group_cert_reporting_officer"


def _last_submitted(env, dataset, records):
    """Record id → its latest line in a submitted batch (the lines are the reporting roles' to read)."""
    lines = env["cert.cnca.batch.line"].search(
        [("dataset", "=", dataset), ("res_id", "in", records.ids), ("batch_state", "=", "submitted")],
        order="period, id",
    )
    return {line.res_id: line for line in lines}


class CertAudit(models.Model):
    """Whether, when, by whom and in which batch the audit's plan and its result were reported to CNCA (read
    from the batch lines, never written), and the values the layouts name that are not plain fields."""

    _inherit = "cert.audit"  # pylint: disable=consider-merging-classes-inherited

    cnca_plan_batch_id = fields.Many2one(
        "cert.cnca.batch", "Plan Reported In", compute="_compute_cnca_reported", groups=REPORTING
    )
    cnca_plan_reported_date = fields.Datetime("Plan Reported On", compute="_compute_cnca_reported", groups=REPORTING)
    cnca_plan_reported_by_id = fields.Many2one(
        "res.users", "Plan Reported By", compute="_compute_cnca_reported", groups=REPORTING
    )
    cnca_result_batch_id = fields.Many2one(
        "cert.cnca.batch", "Result Reported In", compute="_compute_cnca_reported", groups=REPORTING
    )
    cnca_result_reported_date = fields.Datetime(
        "Result Reported On", compute="_compute_cnca_reported", groups=REPORTING
    )
    cnca_result_reported_by_id = fields.Many2one(
        "res.users", "Result Reported By", compute="_compute_cnca_reported", groups=REPORTING
    )

    def _compute_cnca_reported(self):
        plans = _last_submitted(self.env, "audit_plan", self)
        results = _last_submitted(self.env, "audit_result", self)
        for audit in self:
            plan, result = plans.get(audit.id), results.get(audit.id)
            audit.cnca_plan_batch_id = plan.batch_id if plan else False
            audit.cnca_plan_reported_date = plan.batch_id.submitted_date if plan else False
            audit.cnca_plan_reported_by_id = plan.batch_id.submitted_by_id if plan else False
            audit.cnca_result_batch_id = result.batch_id if result else False
            audit.cnca_result_reported_date = result.batch_id.submitted_date if result else False
            audit.cnca_result_reported_by_id = result.batch_id.submitted_by_id if result else False

    # ------------------------------------------------------------------ value functions of the layouts
    def _cnca_local_date(self, value):
        if not value:
            return False
        return fields.Datetime.context_timestamp(self.with_context(tz=self.tz or "Asia/Shanghai"), value).date()

    def _cnca_value_start_date(self):
        return self._cnca_local_date(self.date_start)

    def _cnca_value_end_date(self):
        return self._cnca_local_date(self.date_end)

    def _cnca_members(self):
        return self.member_ids.sorted(lambda m: (m.role_sequence, m.id))

    def _cnca_value_team_names(self):
        return ";".join(self._cnca_members().mapped("auditor_id.name"))

    def _cnca_value_team_id_numbers(self):
        """The team's ID numbers (证件号码, 市监认证(司)函〔2021〕102号) in the order of the names."""
        return ";".join(m.auditor_id.id_number or "" for m in self._cnca_members())

    def _cnca_value_team_registration_numbers(self):
        return ";".join(m.auditor_id.registration_number or "" for m in self._cnca_members())

    def _cnca_value_sites(self):
        sites = self.site_ids or self.application_id.site_ids
        return ";".join(sites.mapped("display_name"))

    def _cnca_value_certificate_numbers(self):
        certificates = self.env["cert.certificate"].search([("decision_id.audit_id", "=", self.id)], order="id")
        return ";".join(certificates.filtered("name").mapped("name"))


class CertCertificateStatus(models.Model):
    """A certificate status change as the certificate table reports it; whether, when, by whom and in which
    batch it was reported (from the batch lines)."""

    _inherit = "cert.certificate.status"

    cnca_batch_id = fields.Many2one(
        "cert.cnca.batch", "Reported In", compute="_compute_cnca_reported", groups=REPORTING
    )
    cnca_reported_date = fields.Datetime("Reported On", compute="_compute_cnca_reported", groups=REPORTING)
    cnca_reported_by_id = fields.Many2one(
        "res.users", "Reported By", compute="_compute_cnca_reported", groups=REPORTING
    )

    def _compute_cnca_reported(self):
        lines = _last_submitted(self.env, "certificate", self)
        for status in self:
            line = lines.get(status.id)
            status.cnca_batch_id = line.batch_id if line else False
            status.cnca_reported_date = line.batch_id.submitted_date if line else False
            status.cnca_reported_by_id = line.batch_id.submitted_by_id if line else False

    def _cnca_value_organisation(self):
        return self.certificate_id.partner_name or self.certificate_id.partner_id.name

    def _cnca_value_scheme(self):
        return " ".join(filter(None, [self.certificate_id.standard, self.certificate_id.scheme_id.name]))

    def _cnca_value_reason(self):
        return self.reason_id.name or self.note or ""
