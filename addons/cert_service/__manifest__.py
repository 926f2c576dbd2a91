{
    "name": "Certification Services",
    "summary": "After-sales service certification (GB/T 27922-2011): schemes, scoring, "
    "applications from CRM, certificates, fees and evidence",
    "version": "18.0.1.0.0",
    "category": "Services/Certification",
    "website": "https://github.com/cert-body-ops/cert-odoo",
    "author": "Certification Body Operations",
    "license": "LGPL-3",
    "depends": ["crm", "account", "mail", "portal"],
    "data": [
        "security/cert_security.xml",
        "security/ir.model.access.csv",
        "data/cert_scheme_gbt27922.xml",
        "data/cert_scheme_sbt10401.xml",
        "data/cert_scheme_cteas.xml",
        "report/cert_scheme_scoring_sheet.xml",
        "views/cert_menus.xml",
        "views/cert_scheme_views.xml",
        "views/cert_indicator_views.xml",
        "views/cert_level_views.xml",
    ],
    "application": True,
}
