"""Renamed shipped terms reach existing databases.

GB/T 27922-2011's indicator 5.1.3 is 资源配置, "resource allocation" (as 5.1.2 人员配置 is the allocation of
staff); it was shipped as "Resources", which also reads as Odoo's own resources (the auditors' calendars).
The scheme data is ``noupdate`` (a CB enters its own figures there), so an upgrade does not rewrite it: the
new wording is written here.

A CB may have renamed the indicator itself: the term is replaced only where the database still holds the
wording this addon shipped before (18.0.1.0.0), in the English source; any other value is the CB's own
choice and is kept. The Chinese name (资源配置) was right and is left as it is.
"""

import logging

from odoo import SUPERUSER_ID
from odoo import api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

#: (xml id, field, English wording shipped before, English wording shipped now)
RENAMED = (("cert_service.gbt_resources", "name", "Resources", "Resource allocation"),)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, fname, shipped, renamed in RENAMED:
        record = env.ref(xmlid, raise_if_not_found=False)
        if not record:
            continue
        cr.execute(
            SQL(
                "UPDATE %(table)s SET %(column)s = %(column)s || jsonb_build_object('en_US', %(new)s::text) "
                "WHERE id = %(id)s AND %(column)s->>'en_US' = %(old)s",
                table=SQL.identifier(record._table),
                column=SQL.identifier(fname),
                new=renamed,
                id=record.id,
                old=shipped,
            )
        )
        if cr.rowcount:
            _logger.info("%s: %s renamed from %r to %r", xmlid, fname, shipped, renamed)
        else:
            _logger.info("%s: %s kept as the database has it (not the wording shipped before)", xmlid, fname)
        record.invalidate_recordset([fname])
