"""Servers the cross-addon tests start as their users do: a free port, a process serving a URL, and the
throwaway PostgreSQL cluster of ``bin/run`` (``CERT_OWN_PG``) with what to clean after it."""

import contextlib
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

REPO = pathlib.Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command, env=None):
    """``command`` in a session of its own (so that stopping it stops its children), output piped."""
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc):
    """SIGTERM to the process group, SIGKILL after 30 s."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def wait_for(proc, url, timeout=120, what="the server"):
    """Wait until ``url`` answers 200; fail with the process's output when it exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            out = proc.stdout.read().decode(errors="replace") if proc.poll() is not None else ""
            pytest.fail(f"{what} did not serve {url} (exit {proc.poll()}):\n{out[-3000:]}")
        time.sleep(0.5)


@contextlib.contextmanager
def serving(command, path, env=None, what="the server"):
    """Start ``command`` on a free port (given to it as ``{port}`` in its arguments and ``CERT_HTTP_PORT`` in its
    environment), wait until ``path`` answers, yield the base URL, stop it."""
    port = free_port()
    proc = start([arg.format(port=port) for arg in command], dict(env or os.environ, CERT_HTTP_PORT=str(port)))
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(proc, url + path, what=what)
        yield url
    finally:
        stop(proc)


@contextlib.contextmanager
def own_cluster_run(db):
    """The environment of a ``bin/run`` that starts a throwaway PostgreSQL cluster of its own in a fresh local
    folder: yields (environment, local folder, HTTP port); afterwards kills whatever a failed run left behind
    (its Odoo, its cluster) and removes the folder."""
    # a folder the unprivileged cluster owner can reach (pytest's own tmp dirs are private to root)
    local = pathlib.Path(tempfile.mkdtemp(prefix=f"cert-{db}-", dir="/tmp"))
    local.chmod(0o755)
    port, pg_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(CERT_OWN_PG="1", CERT_LOCAL_DIR=str(local), CERT_PG_PORT=str(pg_port))
    env.update(CERT_DB=db, CERT_HTTP_PORT=str(port))
    try:
        yield env, local, port
    finally:
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


def running_odoo(local):
    """PIDs of the Odoo processes started on ``local``'s configuration."""
    left = subprocess.run(["pgrep", "-f", "--", f"-c {local}/"], capture_output=True, text=True, check=False)
    return left.stdout.split()
