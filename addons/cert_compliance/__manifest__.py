{
    "name": "Certification Compliance",
    "summary": "What the accreditor (ISO/IEC 17065) and CNCA ask of a certification body: complaints and appeals "
    "register, audit mode and the basis of the auditor-days, "
    "qualification expiry warnings, auditors' ID numbers for CNCA reporting",
    "version": "18.0.1.0.0",
    "category": "Services/Certification",
    "website": "https://github.com/cert-body-ops/cert-odoo",
    "author": "Certification Body Operations",
    "license": "LGPL-3",
    "depends": ["cert_audit", "cert_portal"],
    "data": [
        "security/cert_compliance_groups.xml",
        "security/ir.model.access.csv",
        "security/cert_compliance_security.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/cert_complaint_views.xml",
        "views/cert_audit_views.xml",
        "views/cert_qualification_warning_views.xml",
        "views/cert_auditor_views.xml",
        "views/cert_certificate_transition_views.xml",
        "report/cert_audit_report.xml",
        "views/complaint_public_templates.xml",
        "views/complaint_portal_templates.xml",
        "views/cert_compliance_menus.xml",
    ],
    "demo": [
        "demo/cert_complaint_demo.xml",
        "demo/cert_audit_demo.xml",
    ],
}
