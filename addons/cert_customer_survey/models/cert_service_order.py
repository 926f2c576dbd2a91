from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from ..lib import masking

#: only the system's administrators read the stored personal data directly; everybody else reads the
#: ``*_shown`` fields, clear for the open audit's team and masked for the others
PERSONAL_GROUP = "base.group_system"
PERSONAL_FIELDS = ("customer_name", "customer_phone")


class CertServiceOrder(models.Model):
    """One service order of the client's period (a repair, a delivery…): the population the sample is drawn from.

    Imported from the client's file only (see the import wizard), never edited: what was imported is what was
    sampled. The customer's name and phone are personal information (个人信息保护法): see ``_compute_shown``.
    """

    _name = "cert.service.order"
    _description = "Client Service Order"
    _inherit = ["cert.workflow.mixin"]
    _order = "audit_id, site_id, service_date, id"
    _rec_name = "order_ref"

    audit_id = fields.Many2one("cert.audit", required=True, ondelete="cascade", index=True, readonly=True)
    partner_id = fields.Many2one(related="audit_id.partner_id", store=True, index=True, string="Client")
    application_id = fields.Many2one(related="audit_id.application_id", store=True, string="Certification Cycle")
    site_id = fields.Many2one("cert.site", "Outlet", required=True, ondelete="restrict", index=True, readonly=True)
    service_date = fields.Date(required=True, readonly=True)
    service_type = fields.Char(readonly=True)
    order_ref = fields.Char("Order Reference", required=True, readonly=True)
    customer_name = fields.Char(groups=PERSONAL_GROUP, readonly=True)
    customer_phone = fields.Char(groups=PERSONAL_GROUP, readonly=True)
    customer_name_shown = fields.Char("Customer", compute="_compute_shown")
    customer_phone_shown = fields.Char("Phone", compute="_compute_shown")
    erased = fields.Boolean(
        "Personal Data Erased", readonly=True, help="The retention period is over: name and phone were erased."
    )

    _sql_constraints = [
        ("ref_unique", "UNIQUE(audit_id, order_ref)", "An order reference appears once in an audit's service orders.")
    ]

    def _workflow_client_field(self):
        return "audit_id.partner_id"

    def _workflow_key_fields(self):
        # what the sample and its results read: imported once, never changed
        return {"audit_id", "site_id", "service_date", "service_type", "order_ref", "erased", *PERSONAL_FIELDS}

    @api.constrains("site_id", "audit_id")
    def _check_site(self):
        for order in self:
            if order.site_id.application_id != order.audit_id.application_id:
                raise ValidationError(
                    self.env._(
                        "%(order)s: the outlet %(site)s is not a site of %(application)s.",
                        order=order.order_ref,
                        site=order.site_id.name,
                        application=order.audit_id.application_id.display_name,
                    )
                )

    @api.depends_context("uid")
    def _compute_shown(self):
        clear = self.audit_id._survey_personal_data_audits()
        # sudo: the stored personal data are read for the audits whose open team includes the user (just
        # computed), and masked for every other audit
        stored = {order.id: (order.customer_name, order.customer_phone) for order in self.sudo()}
        for order in self:
            name, phone = stored.get(order.id, (False, False))
            if order.audit_id in clear:
                order.customer_name_shown, order.customer_phone_shown = name, phone
            else:
                order.customer_name_shown = masking.mask_name(name)
                order.customer_phone_shown = masking.mask_phone(phone)

    # ------------------------------------------------------------------ erasure
    def _survey_erase(self):
        """Erase the customers' identity: the orders' name and phone, and wherever the answers repeat them.

        Called by the retention cron only (it selected and locked these orders). The answers stay, without the
        identity: free-text answers and chatter messages lose the name and the phone, the answers' contact
        fields are emptied, the tracking values of the personal fields are deleted.
        """
        # sudo: the retention cron erases personal data the users cannot read (see _cron_erase_customer_data)
        orders = self.sudo()
        identities = {
            value
            for order in orders
            for value in (order.customer_name, order.customer_phone)
            if value and len(value.strip()) >= 2
        }
        lines = self.env["cert.service.sample.line"].sudo().search([("order_id", "in", orders.ids)])
        answers = lines.user_input_id
        orders._workflow_unlocked().write({"customer_name": False, "customer_phone": False, "erased": True})
        if answers:
            answers.write({"email": False, "nickname": False, "partner_id": False})
            for row in answers.user_input_line_ids:
                for field in ("value_char_box", "value_text_box"):
                    text = row[field]
                    if text and any(identity in text for identity in identities):
                        row[field] = _scrub(text, identities)
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", "cert.audit"), ("res_id", "in", orders.audit_id.ids)])
        )
        for message in messages:
            body = str(message.body or "")
            if any(identity in body for identity in identities):
                message.body = _scrub(body, identities)
        fields_ = (
            self.env["ir.model.fields"]
            .sudo()
            .search([("model", "=", self._name), ("name", "in", list(PERSONAL_FIELDS))])
        )
        self.env["mail.tracking.value"].sudo().search([("field_id", "in", fields_.ids)]).unlink()
        return True


def _scrub(text, identities):
    for identity in sorted(identities, key=len, reverse=True):
        text = text.replace(identity, "***")
    return text
