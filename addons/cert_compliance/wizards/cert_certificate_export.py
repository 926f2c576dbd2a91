from odoo import models


class CertCertificateExport(models.TransientModel):
    """The certificate export of any period follows the certificate layout of CNCA reporting (one column
    list for both): the layout a CB corrects is the one the officers export."""

    _inherit = "cert.certificate.export"

    def _columns(self):
        layout = self.env["cert.cnca.layout"]._for("certificate")
        return [(column.code, column.header) for column in layout._columns()]

    def _event_row(self, event, labels):
        layout = self.env["cert.cnca.layout"]._for("certificate")
        return dict(layout._render(event))
