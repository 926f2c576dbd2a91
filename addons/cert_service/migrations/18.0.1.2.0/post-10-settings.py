"""The fee invoices' setting is now a settings field whose default is "posted" (a ticked box, as Odoo stores
booleans, cannot default to true): ``cert_service.billing_auto_post`` (``0`` for draft invoices) becomes
``cert_service.billing_draft_invoices``, so that a CB that kept its invoices in draft still does after the
upgrade."""

DRAFT_VALUES = ("0", "false", "no", "off", "")


def migrate(cr, version):
    cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'cert_service.billing_auto_post'")
    row = cr.fetchone()
    if row is None:
        return
    if (row[0] or "").strip().lower() in DRAFT_VALUES:
        cr.execute(
            """INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date)
               VALUES ('cert_service.billing_draft_invoices', 'True', 1, 1, now() at time zone 'UTC',
                       now() at time zone 'UTC')
               ON CONFLICT (key) DO UPDATE SET value = 'True'"""
        )
    cr.execute("DELETE FROM ir_config_parameter WHERE key = 'cert_service.billing_auto_post'")
    cr.execute("DELETE FROM ir_model_data WHERE module = 'cert_service' AND name = 'config_billing_auto_post'")
