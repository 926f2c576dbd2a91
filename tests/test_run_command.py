"""The README's run command serves Odoo with the three addons installed (checked over HTTP, then stopped)."""

import os
import select
import signal
import socket
import time
import urllib.request
import xmlrpc.client

import pytest
import servers


@pytest.fixture(scope="module")
def served():
    db = os.environ.get("CERT_TEST_DB_NAME")
    if not db:
        pytest.skip("run through bin/test, which names the test database")
    env = dict(os.environ, CERT_DB=db)
    with servers.serving(
        [str(servers.REPO / "bin" / "run"), "--max-cron-threads=0"], "/web/login", env, "bin/run"
    ) as url:
        yield url, db


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


def test_sigterm_stops_odoo_then_its_own_cluster():
    """SIGTERM to bin/run alone (what a process manager sends) frees the port and stops its own cluster."""
    if not os.environ.get("CERT_TEST_DB_NAME"):
        pytest.skip("run through bin/test")
    with servers.own_cluster_run("cert_sigterm") as (env, local, port):
        proc = servers.start([str(servers.REPO / "bin" / "run"), "--max-cron-threads=0"], env)
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


def test_sigterm_during_the_first_start_stops_its_own_cluster():
    """SIGTERM to bin/run while it creates its database stops that Odoo and the cluster it started."""
    if not os.environ.get("CERT_TEST_DB_NAME"):
        pytest.skip("run through bin/test")
    with servers.own_cluster_run("cert_sigterm_create") as (env, local, _port):
        proc = servers.start([str(servers.REPO / "bin" / "run"), "--max-cron-threads=0"], env)
        output = []
        try:
            deadline = time.monotonic() + 300
            # the cluster is up and Odoo is installing the addons into the new database
            while not any("creating database" in line for line in output):
                ready, _w, _x = select.select([proc.stdout], [], [], 5)
                if ready:
                    output.append(proc.stdout.readline().decode(errors="replace"))
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"bin/run did not start creating its database (exit {proc.poll()}):\n{''.join(output)}")
            assert list(local.glob("pg/data/postmaster.pid")), "no cluster of its own was started"
            time.sleep(5)
            assert proc.poll() is None, "".join(output)
            proc.send_signal(signal.SIGTERM)  # to bin/run only, as a process manager does
            proc.wait(timeout=120)
            assert proc.returncode != 0, "an interrupted first start must not report success"
            assert not list(local.glob("pg/data/postmaster.pid")), "the cluster still runs after SIGTERM to bin/run"
            assert not servers.running_odoo(local), "Odoo processes left running"
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
