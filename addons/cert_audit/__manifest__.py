{
    "name": "Certification Audits",
    "summary": "Audit programme, auditor competence, impartiality and scheduling, checklists and scoring, "
    "findings, corrective actions and certification decisions",
    "version": "18.0.1.0.0",
    "category": "Services/Certification",
    "website": "https://github.com/cert-body-ops/cert-odoo",
    "author": "Certification Body Operations",
    "license": "LGPL-3",
    "depends": ["cert_service", "calendar", "resource"],
}
