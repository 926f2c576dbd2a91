"""The README's run command serves Odoo with the three addons installed (checked over HTTP, then stopped)."""

import os
import pathlib
import signal
import socket
import subprocess
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
