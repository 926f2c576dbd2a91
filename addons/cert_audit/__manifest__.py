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
    "data": [
        "security/ir.model.access.csv",
        "security/cert_audit_security.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "views/cert_audit_views.xml",
        "views/cert_auditor_views.xml",
        "views/cert_auditor_conflict_views.xml",
        "views/cert_audit_member_views.xml",
        "views/cert_application_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/cert_audit_find_auditor_views.xml",
        "views/cert_audit_menus.xml",
    ],
    "demo": [
        "demo/cert_audit_demo.xml",
    ],
}
