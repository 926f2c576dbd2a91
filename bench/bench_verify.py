"""Benchmark: requests/second of the public certificate page against Odoo's own /web/health.

Run against a server that has cert_portal installed (for example the one ``bin/run`` starts, with or
without ``--workers``):

    python3 bench/bench_verify.py --url http://localhost:8069 -c .local/odoo.conf -d cert

``-c``/``-d`` only read the token of one issued certificate from the database (or give ``--token``).
Four client threads (``--threads``) hammer ``/web/health`` for ``--seconds``, then
``/certificate/<token>`` and its signed JSON answer for as long each; it prints the rates and their
ratios. The verification page reads the certificate in one indexed query, so the goal is at least half
the rate of ``/web/health`` (which reads nothing), for the page and for the signed JSON answer (the same
query, plus an Ed25519 signature); the script exits with 1 below that.
"""

import argparse
import sys
import threading
import time

import requests

GOAL = 0.5


def find_token(config, database):
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", config])
    with Registry(database).cursor() as cr:
        cr.execute("SELECT token FROM cert_certificate WHERE state = 'valid' ORDER BY id LIMIT 1")
        row = cr.fetchone()
    if not row:
        sys.exit("no valid certificate in the database: issue one (the demo data has some)")
    return row[0]


def rate(url, threads, seconds):
    """Requests per second answered 200 by ``url`` with ``threads`` keep-alive clients for ``seconds``."""
    counts, errors = [0] * threads, [0] * threads
    stop = time.perf_counter() + seconds

    def client(index):
        with requests.Session() as session:
            while time.perf_counter() < stop:
                response = session.get(url, timeout=30)
                if response.status_code == 200:
                    counts[index] += 1
                else:
                    errors[index] += 1

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    if sum(errors):
        print(f"  {sum(errors)} answers other than 200 from {url}")
    return sum(counts) / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://localhost:8069", help="the Odoo server")
    parser.add_argument("--token", help="a certificate's verification token")
    parser.add_argument("-c", "--config", help="Odoo configuration, to find a token")
    parser.add_argument("-d", "--database", help="database, to find a token")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--smoke", action="store_true", help="a tiny run that only checks the bench works")
    args = parser.parse_args()
    if args.smoke:
        args.threads, args.seconds = 1, 0.5
    token = args.token or (args.config and args.database and find_token(args.config, args.database))
    if not token:
        parser.error("give --token, or -c and -d to read one from the database")
    base = args.url.rstrip("/")
    page = f"{base}/certificate/{token}"
    if requests.get(page, timeout=30).status_code != 200:
        sys.exit(f"{page} does not answer 200")
    requests.get(f"{base}/web/health", timeout=30)  # warm both
    print(f"{args.threads} client threads, {args.seconds:g} s each, against {base}")
    health = rate(f"{base}/web/health", args.threads, args.seconds)
    print(f"/web/health            {health:8.1f} requests/s")
    certificate = rate(page, args.threads, args.seconds)
    print(f"/certificate/<token>   {certificate:8.1f} requests/s")
    ratio = certificate / health if health else 0.0
    print(f"ratio                  {ratio:8.2f} (goal >= {GOAL})")
    # the JSON answer, signed at each request (Ed25519 over its canonical form)
    document = f"{page}/json"
    if "signature" not in requests.get(document, timeout=30).json():
        sys.exit(f"{document} is not signed")
    signed = rate(document, args.threads, args.seconds)
    signed_ratio = signed / health if health else 0.0
    print(f"/certificate/<token>/json (signed) {signed:8.1f} requests/s, ratio {signed_ratio:.2f} (goal >= {GOAL})")
    if args.smoke:
        return 0
    return 0 if min(ratio, signed_ratio) >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
