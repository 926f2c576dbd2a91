from odoo import models

from ..lib import callback


class CertAudit(models.Model):
    """The audit's call-back results: the answers of the reached calls and the done mystery visits, aggregated per
    outlet and indicator into the proposed basis of the checklist lines."""

    _inherit = "cert.audit"  # pylint: disable=consider-merging-classes-inherited

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
