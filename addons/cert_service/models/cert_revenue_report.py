from odoo import fields
from odoo import models
from odoo import tools
from odoo.tools import SQL

from .cert_scheme_fee import MILESTONES


class CertRevenueReport(models.Model):
    """Certification revenue per scheme, month and fee type: posted invoice lines net of credit notes."""

    _name = "cert.revenue.report"
    _description = "Certification Revenue"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    contract_id = fields.Many2one("cert.contract", readonly=True)
    scheme_id = fields.Many2one("cert.scheme", readonly=True)
    product_id = fields.Many2one("product.product", string="Fee Type", readonly=True)
    milestone = fields.Selection(MILESTONES, readonly=True)
    quantity = fields.Float(readonly=True)
    amount = fields.Monetary("Revenue (excl. VAT)", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Revenue is the credit of the income lines: a credit note's lines count negative.
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT aml.id, aml.date, aml.move_id, move.commercial_partner_id AS partner_id, aml.company_id,
                       aml.company_currency_id AS currency_id, aml.cert_contract_id AS contract_id,
                       contract.scheme_id, aml.product_id, aml.cert_milestone AS milestone,
                       CASE WHEN move.move_type = 'out_refund' THEN -aml.quantity ELSE aml.quantity END AS quantity,
                       -aml.balance AS amount
                  FROM account_move_line aml
                  JOIN account_move move ON move.id = aml.move_id
                  JOIN cert_contract contract ON contract.id = aml.cert_contract_id
                 WHERE move.state = 'posted' AND aml.display_type = 'product'
                   AND move.move_type IN ('out_invoice', 'out_refund')
            )
            """,
                SQL.identifier(self._table),
            )
        )
