"""Benchmark: schedule 500 audits over 50 auditors with the availability checks of cert_audit.

Run against a database where cert_audit is installed (nothing is committed unless --commit):

    python3 bench/bench_scheduling.py -c .local/odoo.conf -d cert

It reports the time and the number of SQL queries per assignment (an audit created with its two-person
team, the checks and the calendar event) and of the availability check alone, for audits 51-100 and
the last 50: the figures must not grow with the number of bookings already made. Exit code 1 when
they do.
"""

import argparse
import statistics
import sys
import time
from datetime import date
from datetime import datetime
from datetime import timedelta

import odoo
from odoo import Command
from odoo import api
from odoo.modules.registry import Registry

AUDITORS = 50
AUDITS = 500
PER_DAY = 5  # audits a day: 10 of the 50 auditors busy every day
CLIENTS = 50


def setup(env, n_auditors=AUDITORS, n_clients=CLIENTS):
    scheme = env.ref("cert_service.scheme_gbt27922")
    group = env.ref("cert_service.group_cert_auditor")
    users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True)
    auditors = env["cert.auditor"]
    for i in range(n_auditors):
        user = users.create(
            {"name": f"Bench Auditor {i:02d}", "login": f"bench_auditor_{i:02d}", "groups_id": [Command.set(group.ids)]}
        )
        auditors |= env["cert.auditor"].create(
            {
                "user_id": user.id,
                "grade": "lead_auditor",
                "city": "Foshan" if i % 2 else "Guangzhou",
                "qualification_ids": [
                    Command.create({"scheme_id": scheme.id, "date_from": date(2020, 1, 1), "date_to": date(2040, 1, 1)})
                ],
            }
        )
    apps = env["cert.application"]
    for i in range(n_clients):
        partner = env["res.partner"].create({"name": f"Bench Client {i:02d}", "is_company": True})
        apps |= env["cert.application"].create(
            {
                "partner_id": partner.id,
                "scheme_id": scheme.id,
                "employee_count": 100 + 10 * i,
                "site_ids": [
                    Command.create({"name": "HQ", "site_type": "hq", "city": "Foshan"}),
                    *[Command.create({"name": f"Outlet {k}", "site_type": "outlet"}) for k in range(i % 5)],
                ],
            }
        )
    # Audits are planned for contracted applications: the state is a key, written through the model's
    # unlocked path instead of submitting, accepting and signing each one (not what is measured here).
    apps._workflow_unlocked().write({"state": "contracted"})
    env.flush_all()
    return auditors, apps


def schedule(env, auditors, apps, n_audits=AUDITS):
    cr = env.cr
    first_day = datetime(2035, 1, 1, 1, 0)
    create_stats, check_stats = [], []
    Audit = env["cert.audit"].with_context(mail_create_nolog=True, mail_notrack=True)
    clients = len(apps)
    for i in range(n_audits):
        day = first_day + timedelta(days=i // PER_DAY)
        team = (i // clients + i) % (
            len(auditors) // 2
        )  # rotate teams so that no client sees the same auditor in a row
        lead, member = auditors[2 * team], auditors[2 * team + 1]
        before_q, before_t = cr.sql_log_count, time.perf_counter()
        audit = Audit.create(
            {
                "application_id": apps[i % clients].id,
                "date_start": day,
                "date_end": day + timedelta(hours=8),
                "member_ids": [
                    Command.create({"auditor_id": lead.id, "role": "lead"}),
                    Command.create({"auditor_id": member.id, "role": "auditor"}),
                ],
            }
        )
        env.flush_all()
        create_stats.append((cr.sql_log_count - before_q, time.perf_counter() - before_t))
        env.invalidate_all()
        before_q, before_t = cr.sql_log_count, time.perf_counter()
        audit._auditor_refusals(lead | member, roles={lead.id: "lead", member.id: "auditor"})
        check_stats.append((cr.sql_log_count - before_q, time.perf_counter() - before_t))
    return create_stats, check_stats


def summary(label, stats, clients=CLIENTS):
    # audits 51-100: every client has had one audit already (the first audit of a client skips the
    # queries about its earlier audits), against the last 50, when 450 audits are booked
    head, tail = stats[clients : 2 * clients], stats[-clients:]

    def fmt(part):
        queries = statistics.mean(q for q, _t in part)
        millis = statistics.mean(t for _q, t in part) * 1000
        return queries, f"{queries:6.1f} queries, {millis:7.1f} ms"

    q_head, s_head = fmt(head)
    q_tail, s_tail = fmt(tail)
    print(f"{label:<22} audits 51-100: {s_head}   last 50: {s_tail}")
    return q_head, q_tail


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--commit", action="store_true", help="keep the generated data (default: roll back)")
    parser.add_argument("--smoke", action="store_true", help="a tiny run that only checks the bench works")
    args = parser.parse_args()
    # smoke: 10 auditors (five teams, one a day each), 5 clients, 15 audits; no verdict on the figures
    n_auditors, n_clients, n_audits = (10, 5, 15) if args.smoke else (AUDITORS, CLIENTS, AUDITS)
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        started = time.perf_counter()
        auditors, apps = setup(env, n_auditors, n_clients)
        create_stats, check_stats = schedule(env, auditors, apps, n_audits)
        total = time.perf_counter() - started
        print(f"{n_audits} audits over {n_auditors} auditors scheduled in {total:.1f} s (setup included)")
        c_head, c_tail = summary("assignment (create)", create_stats, n_clients)
        k_head, k_tail = summary("availability check", check_stats, n_clients)
        if args.commit:
            cr.commit()
        else:
            cr.rollback()
    # A few more queries at the end are noise (cache, sequences); growth with the bookings is not.
    grew = c_tail > c_head + 1 or k_tail > k_head
    print("queries per assignment: " + ("GROW with the bookings" if grew else "constant"))
    if args.smoke:
        return 0
    return 1 if grew else 0


if __name__ == "__main__":
    sys.exit(main())
