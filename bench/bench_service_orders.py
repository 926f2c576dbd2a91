"""Benchmark: importing a client's 50,000 service orders (the import wizard: read the CSV, check every row,
create in batches) against a plain batch ``create`` of the same rows; and drawing the call-back sample, whose
SQL queries must not grow with the number of orders.

Run against a database where cert_customer_survey is installed; nothing is committed:

    python3 bench/bench_service_orders.py -c .local/odoo.conf -d cert

Prints both times, their ratio (goal: at most 1.5) and the queries of the draw for 5,000 and 50,000 orders.
Exit code 1 when the ratio exceeds the goal or the draw's queries grow.
"""

import argparse
import base64
import csv
import io
import sys
import time

import odoo
from odoo import SUPERUSER_ID
from odoo import Command
from odoo import api
from odoo.modules.registry import Registry

GOAL = 1.5
OUTLETS = 20


def make_audit(env, tag):
    """An audit in progress of a client with ``OUTLETS`` outlets (its state written through the model's
    unlocked path: what is measured is the import, not the audit's scheduling)."""
    partner = env["res.partner"].create({"name": f"Bench client {tag}", "is_company": True})
    app = env["cert.application"].create(
        {
            "partner_id": partner.id,
            "scheme_id": env.ref("cert_service.scheme_gbt27922").id,
            "site_ids": [Command.create({"name": f"Outlet {i:02d}", "site_type": "outlet"}) for i in range(OUTLETS)],
        }
    )
    app._workflow_write({"state": "contracted"})
    return env["cert.audit"]._workflow_unlocked().create({"application_id": app.id, "state": "in_progress"})


def rows(count):
    return [
        [f"顾客{i:06d}", f"138{i:08d}", "2025-03-01", f"Outlet {i % OUTLETS:02d}", "维修", f"SO{i:06d}"]
        for i in range(count)
    ]


def csv_bytes(data):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["客户", "电话", "日期", "网点", "服务类型", "单号"], *data])
    return base64.b64encode(buffer.getvalue().encode())


def time_import(env, count):
    audit = make_audit(env, "import")
    wizard = env["cert.service.order.import"].create({"audit_id": audit.id, "file": csv_bytes(rows(count))})
    env.flush_all()
    start = time.perf_counter()
    wizard.filename = "orders.csv"
    wizard.action_import()
    env.flush_all()
    elapsed = time.perf_counter() - start
    assert audit.service_order_count == count, audit.service_order_count
    return elapsed, audit


def time_plain(env, count):
    audit = make_audit(env, "plain")
    sites = {site.name: site.id for site in audit.application_id.site_ids}
    values = [
        {
            "audit_id": audit.id,
            "customer_name": name,
            "customer_phone": phone,
            "service_date": date,
            "site_id": sites[outlet],
            "service_type": kind,
            "order_ref": ref,
        }
        for name, phone, date, outlet, kind, ref in rows(count)
    ]
    Order = env["cert.service.order"]._workflow_unlocked().with_context(mail_notrack=True)
    env.flush_all()
    start = time.perf_counter()
    for first in range(0, count, 5000):
        Order.create(values[first : first + 5000])
    env.flush_all()
    return time.perf_counter() - start


def draw_queries(env, audit):
    env.flush_all()
    env.invalidate_all()
    before = env.cr.sql_log_count
    audit._survey_draw(seed="bench")
    env.flush_all()
    return env.cr.sql_log_count - before


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rows", type=int, default=50000)
    parser.add_argument("--smoke", action="store_true", help="a tiny run that checks the script works, no verdict")
    args = parser.parse_args()
    if args.smoke:
        args.rows = 200
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        try:
            plain = time_plain(env, args.rows)
            imported, audit = time_import(env, args.rows)
            small = make_audit(env, "small")
            small_wizard = env["cert.service.order.import"].create(
                {"audit_id": small.id, "file": csv_bytes(rows(args.rows // 10)), "filename": "small.csv"}
            )
            small_wizard.action_import()
            # a first draw fills the caches every later one finds (rules, groups, the chatter's defaults): the
            # two draws measured are both warm
            warm = make_audit(env, "warm")
            env["cert.service.order.import"].create(
                {"audit_id": warm.id, "file": csv_bytes(rows(20)), "filename": "warm.csv"}
            ).action_import()
            draw_queries(env, warm)
            queries_small = draw_queries(env, small)
            queries_large = draw_queries(env, audit)
        finally:
            cr.rollback()
    ratio = imported / plain
    print(f"plain batch create of {args.rows} orders: {plain:.2f} s")
    print(f"import wizard (CSV read, every row checked, batch create): {imported:.2f} s")
    print(f"ratio: {ratio:.2f} (goal <= {GOAL})")
    print(f"draw of the sample: {queries_small} queries for {args.rows // 10} orders, {queries_large} for {args.rows}")
    if args.smoke:
        return 0
    return 0 if ratio <= GOAL and queries_large <= queries_small else 1


if __name__ == "__main__":
    sys.exit(main())
