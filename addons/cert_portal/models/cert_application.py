from odoo import fields
from odoo import models

from ..lib import timeline

#: application states in which the client completes its document checklist
DOCUMENT_STATES = ("draft", "submitted")


class CertApplication(models.Model):
    _inherit = "cert.application"

    def _compute_access_url(self):  # pylint: disable=missing-return
        # the application's page of the client's portal (cert.application has portal.mixin already, so
        # it does not take cert.portal.page.mixin, whose URL scheme this is)
        super()._compute_access_url()
        for app in self:
            app.access_url = f"/my/certification/applications/{app.id}"

    # ------------------------------------------------------------------ portal: timeline and to-dos
    def _portal_timeline_facts(self):
        """What the timeline needs (lib/timeline.py); extended by the pages of the models that exist."""
        self.ensure_one()
        app = self.sudo()
        contract = app.contract_id
        return {
            "state": app.state,
            "submit_date": app.submit_date or None,
            "accept_date": app.accept_date or None,
            "contract_date": (contract.write_date if contract.state == "signed" else None) or None,
            "audits": [
                timeline.Audit(a.audit_type, a.state, a.date_start or None, a.date_end or None)
                for a in app.audit_ids.sorted(lambda a: (a.date_start or fields.Datetime.now(), a.id))
            ],
            "findings_open": self.env["cert.finding"]
            .sudo()
            .search_count([("application_id", "=", app.id), ("state", "not in", ("action_accepted", "closed"))]),
            "decision_date": self.env["cert.decision"]
            .sudo()
            .search([("application_id", "=", app.id), ("state", "=", "confirmed")], order="decision_date desc", limit=1)
            .decision_date
            or None,
            "certificate_date": self.env["cert.certificate"]
            .sudo()
            .search([("application_id", "=", app.id), ("state", "!=", "draft")], order="issue_date desc", limit=1)
            .issue_date
            or None,
        }

    def _portal_timeline(self):
        """[{key, label, status, date}] for the portal page, labels in the reader's language: a step that
        happened says so, any other says what is awaited (lib/timeline.py, ``label_form``)."""
        self.ensure_one()
        labels = self._portal_step_labels()
        return [
            {
                "key": step.key,
                "label": labels[timeline.label_form(step.status)][step.key],
                "status": step.status,
                "date": step.date,
            }
            for step in timeline.steps(self._portal_timeline_facts())
        ]

    def _portal_step_labels(self):
        return {
            "done": {
                "submitted": self.env._("Application submitted"),
                "reviewed": self.env._("Application reviewed"),
                "contracted": self.env._("Contract signed"),
                "document_review": self.env._("Document review done"),
                "audit_planned": self.env._("Audit planned"),
                "audit_confirmed": self.env._("Audit dates confirmed"),
                "audit_done": self.env._("Audit done"),
                "findings": self.env._("Findings answered"),
                "decision": self.env._("Certification decision taken"),
                "certificate": self.env._("Certificate issued"),
            },
            "awaited": {
                "submitted": self.env._("Submit the application"),
                "reviewed": self.env._("Application review"),
                "contracted": self.env._("Contract to sign"),
                "document_review": self.env._("Document review"),
                "audit_planned": self.env._("Audit to plan"),
                "audit_confirmed": self.env._("Audit dates to confirm"),
                "audit_done": self.env._("Audit to carry out"),
                "findings": self.env._("Findings to answer"),
                "decision": self.env._("Certification decision"),
                "certificate": self.env._("Certificate to issue"),
            },
        }

    def _portal_next_steps(self):
        """What the client has to do next: [{text, url}] (read with the client's own rights)."""
        self.ensure_one()
        todo = []
        missing = self._missing_documents() if self.state in DOCUMENT_STATES else self.env["cert.application.document"]
        for doc in missing:  # the checklist on the page has an upload form for each
            todo.append(
                {"text": self.env._("Provide the document: %s", doc._portal_name()), "url": doc._portal_anchor_url()}
            )
        requests = self.env["cert.document.request"].search([("application_id", "=", self.id), ("state", "=", "open")])
        for req in requests:
            todo.append(
                {
                    "text": self.env._(
                        "Upload the requested evidence %(name)s by %(date)s", name=req.name, date=req.due_date
                    ),
                    "url": req.access_url,
                }
            )
        audits = self.env["cert.audit"].search([("application_id", "=", self.id), ("state", "=", "planned")])
        for audit in audits:
            todo.append(
                {
                    "text": self.env._("Confirm the dates of the audit %s, or propose others", audit.name),
                    "url": audit.access_url,
                }
            )
        findings = self.env["cert.finding"].search(
            [("application_id", "=", self.id), ("state", "in", ("open", "rejected"))]
        )
        for finding in findings:
            if finding.due_date:
                text = self.env._(
                    "Answer the finding %(name)s (root cause, correction, corrective action) by %(date)s",
                    name=finding.name,
                    date=finding.due_date,
                )
            else:
                text = self.env._("Answer the finding %s (root cause, correction, corrective action)", finding.name)
            todo.append({"text": text, "url": finding.access_url})
        # the client's rejected items: of this application, and those filed in the client's own folders
        # outside any application (they concern every application of the client)
        rejected = self.env["cert.evidence"].search(
            [
                ("state", "=", "rejected"),
                "|",
                ("application_id", "=", self.id),
                "&",
                ("application_id", "=", False),
                ("partner_id", "=", self.partner_id.commercial_partner_id.id),
            ]
        )
        for item in rejected:
            todo.append(
                {
                    "text": self.env._("Upload a new version of the rejected evidence %s", item.name),
                    "url": item.access_url,
                }
            )
        return todo
