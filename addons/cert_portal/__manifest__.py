{
    "name": "Certification Portal",
    "summary": "Client portal for certification (applications, audits, findings, evidence, certificates) "
    "and public certificate verification",
    "version": "18.0.1.0.0",
    "category": "Services/Certification",
    "website": "https://github.com/cert-body-ops/cert-odoo",
    "author": "Certification Body Operations",
    "license": "LGPL-3",
    "depends": ["cert_audit", "portal"],
}
