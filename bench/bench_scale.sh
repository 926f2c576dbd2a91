#!/usr/bin/env bash
# Benchmark: the product scaled out on Odoo's own engine, with local processes only (no Docker):
#   a PostgreSQL primary and a streaming replica (pg_basebackup -R) from the local binaries, a copy of a
#   database where the addons are installed, one filestore directory shared by every Odoo server, and
#   (a) load on /certificate/<token> and /certificate/<token>/json from 8 client threads: req/s of a
#       single threaded server, then of --workers=2 and --workers=4 with db_replica_host at the replica,
#       and the replica's share of the reads (pg_stat_database, transactions) - goal > 90 %;
#   (b) the billing and surveillance jobs started twice at once (two processes, as two workers' crons)
#       over N certificates: 0 duplicate invoice, audit, mail, activity or status row;
#   (c) kill -9 of a process in the middle of its job batches: the next run finishes the work, nothing
#       half-written (rows counted before and after).
# Exit 0 when all hold.
#
#   bench/bench_scale.sh -d cert                # N = 2,000 certificates, 20 s of load per server
#   bench/bench_scale.sh -d cert --smoke        # a tiny run (bin/test): checks it works, no verdict
# Options: --size N, --seconds S, --http-port P (default 18105), --gevent-port G (default 18109).
# The clusters, the copy and the filestore live in a temporary directory removed at the end
# (CERT_SCALE_KEEP=1 keeps it). Run as root, the clusters belong to the system user of bin/_common.sh.
set -euo pipefail
# shellcheck source=bin/_common.sh
source "$(dirname "$0")/../bin/_common.sh"

SOURCE_DB="" SIZE=2000 SECONDS_LOAD=20 PORT=18105 GEVENT_PORT=18109 SMOKE=0
while [ $# -gt 0 ]; do
    case "$1" in
        -d) SOURCE_DB="$2"; shift 2 ;;
        --size) SIZE="$2"; shift 2 ;;
        --seconds) SECONDS_LOAD="$2"; shift 2 ;;
        --http-port) PORT="$2"; shift 2 ;;
        --gevent-port) GEVENT_PORT="$2"; shift 2 ;;
        --smoke) SMOKE=1; shift ;;
        *) die "unknown argument $1" ;;
    esac
done
[ -n "$SOURCE_DB" ] || die "give -d DATABASE (a database where the addons are installed)"
if [ "$SMOKE" = 1 ]; then SIZE=20 SECONDS_LOAD=1; fi
WARMUP=$((SECONDS_LOAD / 4 > 1 ? SECONDS_LOAD / 4 : 1))

require_odoo
ensure_postgres   # the server that holds SOURCE_DB
BINDIR="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$BINDIR/pg_basebackup" ] || die "no PostgreSQL server binaries (pg_basebackup) under /usr/lib/postgresql"

WORK="$(mktemp -d /tmp/cert-scale.XXXXXX)"
OWNER="$(id -un)"
as_owner() { "$@"; }
if [ "$(id -u)" = 0 ]; then
    # initdb refuses root: the clusters belong to an unprivileged system user
    OWNER="${CERT_PG_OS_USER:-certpg}"
    id "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OWNER"
    as_owner() { runuser -u "$OWNER" -- "$@"; }
    chown "$OWNER" "$WORK"
fi
chmod 755 "$WORK"
# unix sockets only, in a directory of this run: the port numbers only name the sockets
SOCK="$WORK/run"; PRIMARY_PORT=5432; REPLICA_PORT=5433; DB="scale"
as_owner mkdir -p "$SOCK"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    for data in "$WORK/replica" "$WORK/primary"; do
        [ -s "$data/PG_VERSION" ] && as_owner "$BINDIR/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    done
    if [ "${CERT_SCALE_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else log "kept $WORK"; fi
}
trap cleanup EXIT

pg_start() {  # pg_start DATA PORT
    as_owner "$BINDIR/pg_ctl" -D "$1" -l "$1.log" -w -t 120 \
        -o "-p $2 -k $SOCK -c listen_addresses='' -c fsync=off -c full_page_writes=off" start >/dev/null \
        || { tail -n 20 "$1.log" >&2; die "could not start PostgreSQL in $1"; }
}
psql_at() { "$BINDIR/psql" -X -q -A -t -h "$SOCK" -U odoo -p "$1" -d "$2" -c "$3"; }

log "primary: initdb, streaming replication enabled (port $PRIMARY_PORT)"
as_owner "$BINDIR/initdb" -D "$WORK/primary" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
cat <<CONF | as_owner tee -a "$WORK/primary/postgresql.conf" >/dev/null
wal_level = replica
max_wal_senders = 4
hot_standby = on
shared_preload_libraries = 'pg_stat_statements'
track_counts = on
CONF
pg_start "$WORK/primary" "$PRIMARY_PORT"

log "copying database '$SOURCE_DB' into the primary as '$DB', and its filestore"
psql_at "$PRIMARY_PORT" postgres "CREATE DATABASE $DB"
"$BINDIR/pg_dump" -Fc -Z0 "$SOURCE_DB" | "$BINDIR/pg_restore" -h "$SOCK" -p "$PRIMARY_PORT" -U odoo -d "$DB" --no-owner --no-acl
psql_at "$PRIMARY_PORT" "$DB" "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
FILESTORE="$WORK/data"   # data_dir shared by every Odoo server of the run
mkdir -p "$FILESTORE/filestore"
source_filestore="${CERT_SCALE_FILESTORE:-$LOCAL_DIR/filestore/filestore/$SOURCE_DB}"
if [ -d "$source_filestore" ]; then cp -a "$source_filestore" "$FILESTORE/filestore/$DB"; fi

log "replica: pg_basebackup -R from the primary (port $REPLICA_PORT)"
as_owner "$BINDIR/pg_basebackup" -h "$SOCK" -p "$PRIMARY_PORT" -U odoo -D "$WORK/replica" -R -X stream -c fast >/dev/null
pg_start "$WORK/replica" "$REPLICA_PORT"
[ "$(psql_at "$REPLICA_PORT" "$DB" "SELECT pg_is_in_recovery()")" = t ] || die "the replica is not in recovery"

CONF_FILE="$WORK/odoo-scale.conf"
cat >"$CONF_FILE" <<CONF
[options]
addons_path = $ADDONS_PATH
data_dir = $FILESTORE
db_host = $SOCK
db_port = $PRIMARY_PORT
db_user = odoo
db_name = $DB
dbfilter = ^$DB\$
list_db = False
proxy_mode = True
max_cron_threads = 0
log_level = warn
CONF
# the same file with the replica: what config/odoo-scale.conf says for the containers
sed -e "\$a db_replica_host = $SOCK" -e "\$a db_replica_port = $REPLICA_PORT" "$CONF_FILE" >"$WORK/odoo-scale-replica.conf"

export CERT_SCALE_CONF="$CONF_FILE" CERT_SCALE_DB="$DB" CERT_SCALE_SIZE="$SIZE" CERT_SCALE_REPO="$REPO_ROOT"
scale_py() { "$ODOO_PYTHON" "$WORK/scale.py" "$@"; }
cat >"$WORK/scale.py" <<'PY'
"""The Odoo side of bench_scale.sh: data, jobs, load, checks (one sub-command per call)."""
import os
import sys
import threading
import time

import requests

sys.path.insert(0, os.path.join(os.environ["CERT_SCALE_REPO"], "bench"))
import odoo  # noqa: E402
from odoo import api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402

DB = os.environ["CERT_SCALE_DB"]


def env_of(cr):
    return api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})


def registry():
    odoo.tools.config.parse_config(["-c", os.environ["CERT_SCALE_CONF"], "--log-level=warn"])
    return Registry(DB)


def populate():
    """N valid certificates (ten per client, issued over three years) with their year-2 annual fee due."""
    from datetime import timedelta

    import bench_surveillance

    from odoo import Command
    from odoo import fields

    size = int(os.environ["CERT_SCALE_SIZE"])
    with registry().cursor() as cr:
        env = env_of(cr)
        certs = bench_surveillance.setup(env, size)
        product = env["product.product"].create({"name": "Scale annual fee", "type": "service"})
        line = {"product_id": product.id, "name": "Annual fee", "milestone": "certificate_issued",
                "occurrence": "per_year", "price_unit": 5000.0}
        apps = certs.application_id
        contracts = env["cert.contract"].create(
            [{"application_id": a.id, "partner_id": a.partner_id.id, "line_ids": [Command.create(line)]} for a in apps]
        )
        by_app = dict(zip(apps, contracts, strict=True))
        today = fields.Date.context_today(env["cert.billing.event"])
        env["cert.billing.event"].with_context(mail_notrack=True)._register_milestones(
            certs,
            [{"contract_id": by_app[c.application_id].id, "certificate_id": c.id, "milestone": "annual_fee",
              "period": "cycle/1/year/2", "date_due": today - timedelta(days=1)} for c in certs],
        )
        cr.commit()
    print(size)


def jobs(batch):
    """One 'worker': the billing job, then the surveillance job, batches committed one by one."""
    with registry().cursor() as cr:
        env = env_of(cr)
        billed = env["cert.billing.event"]._cron_bill_due(batch_size=int(batch), commit=True)
        seen = env["cert.certificate"].with_context(mail_notrack=True)._cron_surveillance(batch_size=int(batch), commit=True)
        cr.commit()
    print(f"billed {billed} invoices, checked {seen} certificates")


CHECKS = {
    "invoice": "SELECT count(*) FROM (SELECT event_id FROM cert_billing_event_move_rel GROUP BY event_id HAVING count(*) > 1) d",
    "invoice line": "SELECT count(*) FROM (SELECT cert_billing_event_id FROM account_move_line WHERE cert_billing_event_id IS NOT NULL AND display_type = 'product' GROUP BY cert_billing_event_id HAVING count(DISTINCT move_id) > 1) d",
    "audit": "SELECT count(*) FROM (SELECT certificate_id, surveillance_number, audit_type FROM cert_audit WHERE certificate_id IS NOT NULL AND state != 'cancelled' GROUP BY 1, 2, 3 HAVING count(*) > 1) d",
    "mail": "SELECT count(*) FROM (SELECT res_id, body FROM mail_message WHERE model = 'cert.certificate' AND message_type != 'notification' AND create_date > now() - interval '1 day' GROUP BY 1, 2 HAVING count(*) > 1) d",
    "activity": "SELECT count(*) FROM (SELECT res_model, res_id, activity_type_id, user_id, summary FROM mail_activity GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1) d",
    "status": "SELECT count(*) FROM (SELECT certificate_id, to_state, date FROM cert_certificate_status GROUP BY 1, 2, 3 HAVING count(*) > 1) d",
}
COUNTS = {
    "due annual fees": "SELECT count(*) FROM cert_billing_event WHERE milestone = 'annual_fee' AND state = 'open' AND invoice_state = 'to_invoice' AND date_due <= current_date",
    "invoiced annual fees": "SELECT count(*) FROM cert_billing_event WHERE milestone = 'annual_fee' AND move_id IS NOT NULL",
    "invoices": "SELECT count(*) FROM account_move WHERE move_type = 'out_invoice'",
    "invoices without lines": "SELECT count(*) FROM account_move m WHERE move_type = 'out_invoice' AND NOT EXISTS (SELECT 1 FROM account_move_line l WHERE l.move_id = m.id AND l.display_type = 'product')",
    "events invoiced without invoice": "SELECT count(*) FROM cert_billing_event e WHERE invoice_state != 'to_invoice' AND state = 'open' AND move_id IS NULL AND milestone = 'annual_fee'",
    "certificates not checked today": "SELECT count(*) FROM cert_certificate WHERE state IN ('valid', 'suspended') AND (surveillance_checked_date IS NULL OR surveillance_checked_date < current_date)",
    "audits": "SELECT count(*) FROM cert_audit",
    "activities": "SELECT count(*) FROM mail_activity",
}


HALF_WRITTEN = ("invoices without lines", "events invoiced without invoice", "due annual fees",
                "certificates not checked today")


def check(label, baseline):
    """Print the row counts and the duplicates; ``before``: remember the duplicates the copied database
    already has (demo data); ``after``: exit 1 on a new duplicate or on work left half done."""
    import json

    bad, found = 0, {}
    with registry().cursor() as cr:
        for name, sql in {**COUNTS, **CHECKS}.items():
            cr.execute(sql)
            found[name] = value = cr.fetchone()[0]
    if label == "before":
        with open(baseline, "w") as file:
            json.dump(found, file)
        return
    with open(baseline) as file:
        before = json.load(file)
    for name, value in found.items():
        if name in CHECKS:
            new = value - before[name]
            print(f"  {name:<32} {before[name]:6d} -> {value:6d} rows ({new} new duplicates)")
            bad += new
        else:
            print(f"  {name:<32} {before[name]:6d} -> {value:6d} rows")
            bad += value if name in HALF_WRITTEN else 0
    sys.exit(1 if bad else 0)


def token():
    with registry().cursor() as cr:
        cr.execute("SELECT token FROM cert_certificate WHERE state = 'valid' AND token IS NOT NULL ORDER BY id LIMIT 1")
        print(cr.fetchone()[0])


def load(url, tok, seconds):
    """Requests/second answered 200 by the page and the JSON of one certificate, 8 keep-alive clients."""
    seconds, counts, errors = float(seconds), [0] * 8, [0] * 8
    paths = [f"{url}/certificate/{tok}", f"{url}/certificate/{tok}/json"]
    stop = time.perf_counter() + seconds

    def client(index):
        with requests.Session() as session:
            n = 0
            while time.perf_counter() < stop:
                status = session.get(paths[n % 2], timeout=60).status_code
                n += 1
                if status == 200:
                    counts[index] += 1
                else:
                    errors[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"{sum(counts) / (time.perf_counter() - started):.1f} {sum(errors)}")


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])
PY

serve() {  # serve CONF ARGS... : start Odoo on $PORT, wait for it, remember its pid in ODOO_PID
    "$ODOO_PYTHON" -m odoo -c "$1" --http-port="$PORT" --gevent-port="$GEVENT_PORT" "${@:2}" >>"$WORK/odoo.log" 2>&1 &
    ODOO_PID=$!; PIDS+=("$ODOO_PID")
    for _i in $(seq 1 240); do
        curl -sf "http://127.0.0.1:$PORT/web/health" >/dev/null 2>&1 && return 0
        kill -0 "$ODOO_PID" 2>/dev/null || break
        sleep 0.5
    done
    tail -n 30 "$WORK/odoo.log" >&2; die "Odoo did not start ($*)"
}
stop_serving() { kill -TERM "$ODOO_PID" 2>/dev/null || true; wait "$ODOO_PID" 2>/dev/null || true; }
xacts() { psql_at "$1" "$DB" "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '$DB'"; }

log "(b) data: $SIZE valid certificates with their annual fee due"
scale_py populate >/dev/null
scale_py check before "$WORK/before.json"
TOKEN="$(scale_py token)"
status=0

log "(a) load: 8 client threads on /certificate/<token> and its JSON, ${SECONDS_LOAD}s per server"
declare -A RATE
for mode in threaded workers2 workers4; do
    case "$mode" in
        threaded) serve "$CONF_FILE" ;;
        workers2) serve "$WORK/odoo-scale-replica.conf" --workers=2 ;;
        workers4) serve "$WORK/odoo-scale-replica.conf" --workers=4 ;;
    esac
    # counters of the whole life of the server (its backends report them when they exit)
    p0=$(xacts "$PRIMARY_PORT"); r0=$(xacts "$REPLICA_PORT")
    # warm-up: each worker loads the registry on its first requests
    scale_py load "http://127.0.0.1:$PORT" "$TOKEN" "$WARMUP" >/dev/null
    read -r rate errors <<<"$(scale_py load "http://127.0.0.1:$PORT" "$TOKEN" "$SECONDS_LOAD")"
    stop_serving
    sleep 1
    p1=$(xacts "$PRIMARY_PORT"); r1=$(xacts "$REPLICA_PORT")
    RATE[$mode]=$rate
    share=$("$ODOO_PYTHON" -c "p, r = $p1 - $p0, $r1 - $r0; print(f'{100 * r / max(p + r, 1):.1f}')")
    printf '  %-9s %8s req/s  (%s errors)  transactions: primary %d, replica %d -> replica share %s %%\n' \
        "$mode" "$rate" "$errors" $((p1 - p0)) $((r1 - r0)) "$share"
    [ "$errors" = 0 ] || status=1
    if [ "$mode" != threaded ] && [ "$SMOKE" = 0 ]; then
        "$ODOO_PYTHON" -c "import sys; sys.exit(0 if $share > 90 else 1)" || { log "replica share below 90 %"; status=1; }
    fi
done
for mode in workers2 workers4; do
    printf '  %-9s %5sx the single threaded server\n' "$mode" \
        "$("$ODOO_PYTHON" -c "print(f'{${RATE[$mode]} / max(${RATE[threaded]}, 0.1):.2f}')")"
done

log "(c) kill -9 of a job process in the middle of its batches, then the next run"
BATCH=$((SIZE / 10 > 0 ? SIZE / 10 : 1))
scale_py jobs "$BATCH" >"$WORK/job-killed.log" 2>&1 &
JOB=$!
for _i in $(seq 1 1200); do
    # the billing is done and the surveillance job has committed a first batch: kill it there
    done_now=$(psql_at "$PRIMARY_PORT" "$DB" "SELECT count(*) FROM cert_certificate WHERE surveillance_checked_date = current_date" 2>/dev/null || echo 0)
    if [ "$done_now" -gt 0 ] 2>/dev/null || ! kill -0 "$JOB" 2>/dev/null; then break; fi
    sleep 0.2
done
if kill -0 "$JOB" 2>/dev/null; then
    kill -9 "$JOB"; wait "$JOB" 2>/dev/null || true
    log "  killed after $(psql_at "$PRIMARY_PORT" "$DB" "SELECT count(*) FROM cert_certificate WHERE surveillance_checked_date = current_date") certificates checked by the surveillance job, $(psql_at "$PRIMARY_PORT" "$DB" "SELECT count(*) FROM cert_billing_event WHERE milestone = 'annual_fee' AND move_id IS NOT NULL") annual fees invoiced"
else
    wait "$JOB" || true; log "  the job ended before the kill (too small a run): nothing to interrupt"
fi

log "(b) the two jobs at once, as on two workers (the killed run's remainder included)"
scale_py jobs "$BATCH" >"$WORK/job-1.log" 2>&1 & J1=$!
scale_py jobs "$BATCH" >"$WORK/job-2.log" 2>&1 & J2=$!
wait "$J1" || { cat "$WORK/job-1.log" >&2; status=1; }
wait "$J2" || { cat "$WORK/job-2.log" >&2; status=1; }
grep -h "^billed" "$WORK/job-1.log" | sed 's/^/  worker 1: /'
grep -h "^billed" "$WORK/job-2.log" | sed 's/^/  worker 2: /'
scale_py check after "$WORK/before.json" || status=1

if [ "$SMOKE" = 1 ]; then
    log "smoke run: no verdict"; exit 0
fi
[ "$status" = 0 ] && log "all hold" || log "some figure does not hold"
exit "$status"
