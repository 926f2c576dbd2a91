{
    "name": "Certification: Signed Certificate PDFs",
    "summary": "The CB's signing identity, PAdES-signed certificate PDFs with a visible seal, and a public "
    "page that checks a received PDF",
    "version": "18.0.1.0.0",
    "category": "Services/Certification",
    "website": "https://github.com/cert-body-ops/cert-odoo",
    "author": "Certification Body Operations",
    "license": "LGPL-3",
    "depends": ["cert_service", "cert_portal"],
    "external_dependencies": {"python": ["pyhanko", "pyhanko_certvalidator"]},
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/cert_esign_key_views.xml",
        "views/cert_certificate_status_views.xml",
        "views/res_config_settings_views.xml",
        "views/check_templates.xml",
    ],
    "demo": [
        "demo/cert_esign_demo.xml",
    ],
}
