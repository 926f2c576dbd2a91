"""Benchmark: the daily billing cron on N valid certificates whose annual fee is due, against creating the
same N invoices with plain ``account.move.create`` (and posting them, as the cron does).

Run against a database where cert_service is installed with a chart of accounts (the demo company has
one); nothing is committed unless --commit:

    python3 bench/bench_billing.py -c .local/odoo.conf -d cert

For each size (default 500 and 2,000 certificates, one client each, so both sides make N invoices) it
prints both times, their ratio and the ratio of SQL queries per certificate (goal: at most 1.2 each); the queries
per certificate must not grow with N. Exit code 1 when a ratio exceeds the goal or the queries grow.
"""

import argparse
import statistics
import sys
import time

import odoo
from odoo import api
from odoo.modules.registry import Registry

GOAL = 1.2  # at most this many times plain Odoo, in time and in SQL queries
BATCH = 200  # the cron's batch size; the baseline creates its invoices in batches of the same size


def setup(env, size, tag):
    """``size`` valid certificates, one client and one contract each, whose year-2 annual fee fell due."""
    from odoo.addons.cert_service.tests.billing_common import due_annual_fees  # noqa: PLC0415 (once Odoo is set up)

    product = env["product.product"].create({"name": f"Bench annual fee {tag}", "type": "service"})
    partners = due_annual_fees(env, env.ref("cert_service.scheme_gbt27922"), product, size, tag)
    return product, partners


def measure(env, run):
    cr = env.cr
    env.flush_all()
    env.invalidate_all()
    queries, started = cr.sql_log_count, time.perf_counter()
    count = run()
    env.flush_all()
    return count, time.perf_counter() - started, cr.sql_log_count - queries


def cron(env):
    return env["cert.billing.event"]._cron_bill_due(batch_size=BATCH, commit=False)


def plain(env, product, partners):
    """The same invoices, one per client, made and posted directly."""
    from odoo.addons.cert_service.tests.billing_common import plain_annual_invoices  # noqa: PLC0415

    return plain_annual_invoices(env, product, partners, batch=BATCH)


def run_size(registry, size):
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
        product, partners = setup(env, size, str(size))
        plain(env, product, partners[:20])  # warm-up, so that neither side pays for the first caches
        n_cron, t_cron, q_cron = measure(env, lambda: cron(env))
        n_plain, t_plain, q_plain = measure(env, lambda: plain(env, product, partners))
        cr.rollback()
    return {
        "size": size,
        "cron": (n_cron, t_cron, q_cron / size),
        "plain": (n_plain, t_plain, q_plain / size),
        "ratio": t_cron / t_plain,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="500,2000", help="comma-separated numbers of certificates")
    parser.add_argument("--smoke", action="store_true", help="a tiny run that only checks the bench works")
    args = parser.parse_args()
    if args.smoke:
        args.sizes = "5,10"
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = Registry(args.database)
    results = [run_size(registry, int(size)) for size in args.sizes.split(",")]
    for result in results:
        n_cron, t_cron, q_cron = result["cron"]
        n_plain, t_plain, q_plain = result["plain"]
        print(
            f"{result['size']:>5} certificates: cron {n_cron} invoices in {t_cron:6.1f} s ({q_cron:5.1f} queries/cert)"
            f" | plain account.move.create {n_plain} in {t_plain:6.1f} s ({q_plain:5.1f} queries/invoice)"
            f" | ratio {result['ratio']:.2f}, queries {result['cron'][2] / result['plain'][2]:.2f} (goal <= {GOAL})"
        )
    per_cert = [r["cron"][2] for r in results]
    grew = len(per_cert) > 1 and per_cert[-1] > statistics.mean(per_cert[:-1]) * 1.1 + 1
    slow = any(r["ratio"] > GOAL for r in results)
    costly = any(r["cron"][2] > GOAL * r["plain"][2] for r in results)
    print("queries per certificate: " + ("GROW with the number of certificates" if grew else "constant"))
    print("time ratio: " + ("ABOVE the goal" if slow else "within the goal"))
    print("queries ratio: " + ("ABOVE the goal" if costly else "within the goal"))
    if args.smoke:
        return 0
    return 1 if grew or slow or costly else 0


if __name__ == "__main__":
    sys.exit(main())
