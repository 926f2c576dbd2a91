"""Benchmark: the daily surveillance job of cert_audit over 500 and 2,000 valid certificates.

Run against a database where cert_audit is installed (everything is rolled back):

    python3 bench/bench_surveillance.py -c .local/odoo.conf -d cert

For each size it creates the certificates (ten per application, issued on days spread evenly over the
last three years, their past surveillances counted as done), runs the job once and reports the time and
the SQL queries per certificate. On such a day a share of them gets a reminder, a drafted surveillance or
recertification audit, or expires; the share is the same for both sizes, so the figures per certificate
must not grow with the number of certificates. Exit code 1 when they do.
"""

import argparse
import sys
import time
from datetime import timedelta

import odoo
from odoo import Command
from odoo import api
from odoo import fields
from odoo.modules.registry import Registry

SIZES = (500, 2000)
PER_APPLICATION = 10
SPREAD_DAYS = 3 * 365
STEP_DAYS = 300  # one surveillance done every 300 days of age, at most two


def setup(env, size):
    scheme = env.ref("cert_service.scheme_gbt27922")
    level = env.ref("cert_service.gbt_level_5star")
    apps = env["cert.application"].create(
        [
            {
                "partner_id": env["res.partner"]
                .create({"name": f"Bench Surveillance {size}-{i}", "is_company": True})
                .id,
                "scheme_id": scheme.id,
                "scope": "After-sales service",
                "site_ids": [Command.create({"name": "HQ", "site_type": "hq", "city": "Foshan"})],
            }
            for i in range(size // PER_APPLICATION)
        ]
    )
    # Surveillance audits are planned for contracted cycles: the state is a key, written through the
    # model's unlocked path instead of taking each application through its actions (not what is measured)
    apps._workflow_unlocked().write({"state": "contracted"})
    certs = env["cert.certificate"].create(
        [{"application_id": apps[i // PER_APPLICATION].id, "level_id": level.id} for i in range(size)]
    )
    env.flush_all()
    # Issued in the past: seeded in SQL (issuing renders a PDF each, which is not what is measured here)
    today = fields.Date.context_today(env["cert.certificate"])
    rows = []
    for index, cert in enumerate(certs):
        age = index * SPREAD_DAYS // size
        issue = today - timedelta(days=age)
        done = min(age // STEP_DAYS, 2)
        anchor = issue + timedelta(days=STEP_DAYS * done)
        # the certificates of one client each in a cycle of their own: one in force per client and cycle
        rows.append((cert.id, f"BENCH-{size}-{index:05d}", issue, done, anchor, index % PER_APPLICATION + 1))
    env.cr.execute_values(
        """UPDATE cert_certificate c SET state = 'valid', name = v.name, issue_date = v.issue,
                  expiry_date = (v.issue + interval '36 months')::date, state_date = v.issue,
                  surveillance_done = v.done, surveillance_anchor_date = v.anchor, cycle = v.cycle
             FROM (VALUES %s) AS v(id, name, issue, done, anchor, cycle) WHERE c.id = v.id""",
        rows,
        template="(%s, %s, %s::date, %s, %s::date, %s)",
    )
    env.invalidate_all()
    certs._surveillance_schedule()
    env.flush_all()
    env.invalidate_all()
    return certs


def run(env, size):
    certs = setup(env, size)
    cr = env.cr
    Certificate = env["cert.certificate"].with_context(mail_notrack=True)
    before_q, before_t = cr.sql_log_count, time.perf_counter()
    processed = Certificate._cron_surveillance(commit=False)
    env.flush_all()
    queries, seconds = cr.sql_log_count - before_q, time.perf_counter() - before_t
    audits = env["cert.audit"].search_count([("certificate_id", "in", certs.ids)])
    expired = env["cert.certificate"].search_count([("id", "in", certs.ids), ("state", "=", "expired")])
    reminded = env["cert.certificate"].search_count([("id", "in", certs.ids), ("surveillance_reminded", ">", 0)])
    print(
        f"{size:>5} certificates: {processed} processed in {seconds:6.1f} s "
        f"({seconds / size * 1000:6.2f} ms and {queries / size:5.2f} queries per certificate, "
        f"{seconds / max(queries, 1) * 1000:4.2f} ms per query); "
        f"{audits} audits drafted, {reminded} reminded, {expired} expired"
    )
    return queries / size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--smoke", action="store_true", help="a tiny run that only checks the bench works")
    args = parser.parse_args()
    sizes = (20, 40) if args.smoke else SIZES
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = Registry(args.database)
    per_certificate = []
    for size in sizes:
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            per_certificate.append(run(env, size))
            cr.rollback()
    # a few queries of difference are noise (caches, sequences); growth with the size is not
    grew = per_certificate[-1] > per_certificate[0] * 1.1 + 0.5
    print("queries per certificate: " + ("GROW with the number of certificates" if grew else "constant"))
    if args.smoke:
        return 0
    return 1 if grew else 0


if __name__ == "__main__":
    sys.exit(main())
