{
    "name": "Certification Portal",
    "summary": "Client portal for certification (applications, requests, evidence, audits, findings, certificates) "
    "and public certificate verification",
    "version": "18.0.1.0.0",
    "category": "Services/Certification",
    "website": "https://github.com/cert-body-ops/cert-odoo",
    "author": "Certification Body Operations",
    "license": "LGPL-3",
    "depends": ["cert_audit", "portal"],
    # PyJWT signs the verification answers (detached JWS, EdDSA)
    "external_dependencies": {"python": ["PyJWT"]},
    "data": [
        "security/ir.model.access.csv",
        "security/cert_portal_security.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "data/cert_portal_signing_key_data.xml",
        "views/cert_portal_templates.xml",
        "views/cert_application_portal_templates.xml",
        "views/cert_evidence_portal_templates.xml",
        "views/cert_audit_portal_templates.xml",
        "views/cert_finding_portal_templates.xml",
        "views/cert_certificate_portal_templates.xml",
        "views/certificate_public_templates.xml",
        "views/cert_audit_views.xml",
        "views/res_config_settings_views.xml",
        "views/cert_portal_signing_key_views.xml",
    ],
    "demo": [
        "demo/cert_portal_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "cert_portal/static/src/js/cert_portal_upload.js",
            "cert_portal/static/src/scss/cert_portal.scss",
        ],
        "web.assets_tests": [
            "cert_portal/static/tests/tours/cert_portal_tour.js",
        ],
    },
}
