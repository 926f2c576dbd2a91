"""The README's run command serves Odoo with the three addons installed (checked over HTTP, then stopped)."""

import os
import pathlib
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
import xmlrpc.client

import pytest

REPO = pathlib.Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served():
    db = os.environ.get("CERT_TEST_DB_NAME")
    if not db:
        pytest.skip("run through bin/test, which names the test database")
    port = free_port()
    env = dict(os.environ, CERT_DB=db, CERT_HTTP_PORT=str(port))
    proc = subprocess.Popen(
        [str(REPO / "bin" / "run"), "--max-cron-threads=0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/web/login", timeout=5) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.poll() is not None else ""
                pytest.fail(f"bin/run did not serve /web/login (exit {proc.poll()}):\n{out[-3000:]}")
            time.sleep(1)
        yield url, db
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_run_command_serves_login(served):
    url, _db = served
    with urllib.request.urlopen(f"{url}/web/login", timeout=10) as resp:
        body = resp.read().decode()
    assert resp.status == 200
    assert 'name="login"' in body


def test_run_command_has_the_three_addons(served):
    url, db = served
    uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(db, "admin", "admin", {})
    assert uid
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object")
    states = models.execute_kw(
        db,
        uid,
        "admin",
        "ir.module.module",
        "search_read",
        [[("name", "in", ["cert_service", "cert_audit", "cert_portal"])]],
        {"fields": ["name", "state"]},
    )
    assert {m["name"]: m["state"] for m in states} == dict.fromkeys(
        ["cert_service", "cert_audit", "cert_portal"], "installed"
    )


def port_is_free(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_sigterm_stops_odoo_then_its_own_cluster(tmp_path_factory):
    """SIGTERM to bin/run alone (what a process manager sends) frees the port and stops its own cluster."""
    if not os.environ.get("CERT_TEST_DB_NAME"):
        pytest.skip("run through bin/test")
    # A local dir the unprivileged cluster owner can reach (pytest's own tmp dirs are private to root).
    local = pathlib.Path(tempfile.mkdtemp(prefix="cert-sigterm-", dir="/tmp"))
    local.chmod(0o755)
    port, pg_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(CERT_OWN_PG="1", CERT_LOCAL_DIR=str(local), CERT_PG_PORT=str(pg_port))
    env.update(CERT_DB="cert_sigterm", CERT_HTTP_PORT=str(port))
    proc = subprocess.Popen(
        [str(REPO / "bin" / "run"), "--max-cron-threads=0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 900
        while port_is_free(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.poll() is not None else ""
                pytest.fail(f"bin/run did not start serving (exit {proc.poll()}):\n{out[-3000:]}")
            time.sleep(2)
        proc.send_signal(signal.SIGTERM)  # to bin/run only, not to its process group
        proc.wait(timeout=120)
        assert port_is_free(port), "Odoo still listens after SIGTERM to bin/run"
        pidfiles = list(local.glob("pg/data/postmaster.pid"))
        assert not pidfiles, "the throwaway PostgreSQL cluster still runs after SIGTERM to bin/run"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        # Whatever a failed run left behind: an orphaned Odoo on our config, a cluster on our port.
        subprocess.run(["pkill", "-f", "--", f"-c {local}/"], check=False)
        subprocess.run(["pkill", "-f", "--", f"-p {pg_port} "], check=False)
        shutil.rmtree(local, ignore_errors=True)


def test_sigterm_during_the_first_start_stops_its_own_cluster():
    """SIGTERM to bin/run while it creates its database stops that Odoo and the cluster it started."""
    if not os.environ.get("CERT_TEST_DB_NAME"):
        pytest.skip("run through bin/test")
    local = pathlib.Path(tempfile.mkdtemp(prefix="cert-sigterm-create-", dir="/tmp"))
    local.chmod(0o755)
    port, pg_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(CERT_OWN_PG="1", CERT_LOCAL_DIR=str(local), CERT_PG_PORT=str(pg_port))
    env.update(CERT_DB="cert_sigterm_create", CERT_HTTP_PORT=str(port))
    proc = subprocess.Popen(
        [str(REPO / "bin" / "run"), "--max-cron-threads=0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 300
        # the cluster is up and Odoo is installing the addons into the new database
        while not any("creating database" in line for line in output):
            ready, _w, _x = select.select([proc.stdout], [], [], 5)
            if ready:
                line = proc.stdout.readline().decode(errors="replace")
                output.append(line)
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"bin/run did not start creating its database (exit {proc.poll()}):\n{''.join(output)}")
        assert list(local.glob("pg/data/postmaster.pid")), "no cluster of its own was started"
        time.sleep(5)
        assert proc.poll() is None, "".join(output)
        proc.send_signal(signal.SIGTERM)  # to bin/run only, as a process manager does
        proc.wait(timeout=120)
        assert proc.returncode != 0, "an interrupted first start must not report success"
        assert not list(local.glob("pg/data/postmaster.pid")), "the cluster still runs after SIGTERM to bin/run"
        left = subprocess.run(["pgrep", "-f", "--", f"-c {local}/"], capture_output=True, text=True, check=False)
        assert not left.stdout.strip(), f"Odoo processes left running: {left.stdout}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        # what a failed run left behind, named by this test's own directory: its Odoo, its cluster
        left = subprocess.run(["pgrep", "-f", "--", f"-c {local}/"], capture_output=True, text=True, check=False)
        for pid in left.stdout.split():
            os.kill(int(pid), signal.SIGKILL)
        if list(local.glob("pg/data/postmaster.pid")):
            pg_ctl = sorted(pathlib.Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1]
            owner = ["runuser", "-u", "certpg", "--"] if os.getuid() == 0 else []
            subprocess.run(
                [*owner, str(pg_ctl), "-D", str(local / "pg" / "data"), "-m", "immediate", "stop"], check=False
            )
        shutil.rmtree(local, ignore_errors=True)
