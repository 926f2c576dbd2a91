"""Every bench in bench/ runs (benches that nothing runs rot): each one once, tiny, against the test database.

``--smoke`` shrinks a bench to a few records and a fraction of a second of load and drops its verdict on
the figures: what is checked here is that the script still works with the models (exit code 0), never
a timing. The benches that measure over HTTP get one server of their own, started on the test database.
"""

import os
import subprocess
import sys

import pytest
import servers

from odoo.tools import config

REPO = servers.REPO
BENCH = REPO / "bench"
# the Python benches that only need the database, and those that need a running server too
DATABASE_BENCHES = (
    "bench_billing.py",
    "bench_scheduling.py",
    "bench_surveillance.py",
    "bench_service_orders.py",
    "bench_esign.py",
)
HTTP_BENCHES = ("bench_verify.py", "bench_evidence_list.py")
SHELL_BENCHES = ("bench_scale.sh",)


def database():
    db = os.environ.get("CERT_TEST_DB_NAME")
    if not db:
        pytest.skip("run through bin/test, which names the test database")
    return db


def run_bench(args, timeout=600):
    proc = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, f"{' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def test_every_bench_is_smoke_run():
    """A new bench must be added here, so that the suite runs it."""
    known = set(DATABASE_BENCHES + HTTP_BENCHES + SHELL_BENCHES)
    found = {path.name for path in BENCH.iterdir() if path.suffix in (".py", ".sh")}
    assert found == known


@pytest.fixture(scope="module")
def server():
    db = database()
    command = [sys.executable, "-m", "odoo", "-c", config.rcfile, "-d", db, f"--db-filter=^{db}$"]
    command += ["--http-port={port}", "--max-cron-threads=0", "--log-level=warn"]
    with servers.serving(command, "/web/health", what="the Odoo server") as url:
        yield url


@pytest.mark.parametrize("bench", DATABASE_BENCHES)
def test_database_bench(bench):
    out = run_bench([sys.executable, BENCH / bench, "-c", config.rcfile, "-d", database(), "--smoke"])
    assert "queries" in out


@pytest.mark.parametrize("bench", HTTP_BENCHES)
def test_http_bench(bench, server):
    out = run_bench([sys.executable, BENCH / bench, "--url", server, "-c", config.rcfile, "-d", database(), "--smoke"])
    assert "ratio" in out


@pytest.mark.parametrize("bench", SHELL_BENCHES)
def test_shell_bench(bench):
    """The scale-out bench: its own primary, replica and Odoo servers on free ports (a few minutes)."""
    out = run_bench(
        [
            BENCH / bench,
            "-d",
            database(),
            "--smoke",
            "--http-port",
            str(servers.free_port()),
            "--gevent-port",
            str(servers.free_port()),
        ],
        timeout=1800,
    )
    assert "duplicates" in out
