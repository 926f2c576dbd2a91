"""Eight uploads to one evidence item at the same moment, over HTTP: eight versions, numbered 1 to 8.

Each request runs in its own thread and transaction of the HTTP server pytest-odoo starts (``--odoo-http``),
as under real load: the item's row is locked while a version is numbered, the requests that waited fail to
serialise and Odoo retries them (``odoo.service.model.retrying``) with the same arguments. A retry must upload
the same file: no answer "done" for a file that was never stored. Once through the external JSON-RPC API
(``execute_kw`` → ``cert.evidence.write``), once through the portal's upload form.

The requests only see committed rows: the data set is committed in a cursor of its own and removed afterwards.
"""

import base64
import re
import threading
import uuid
from contextlib import closing

import pytest
import requests

import odoo
from odoo import SUPERUSER_ID
from odoo import Command
from odoo import api
from odoo.modules.registry import Registry

UPLOADS = 8
TIMEOUT = 180


@pytest.fixture
def race():
    """A client, its portal user and a folder with two empty items of that user; all removed afterwards."""
    db = odoo.tools.config["db_name"]
    port = odoo.tools.config["http_port"]
    registry = Registry(db)
    tag = uuid.uuid4().hex[:8]
    with closing(registry.cursor()) as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "no_reset_password": True})
        client = env["res.partner"].create({"name": f"Upload Race Client {tag}", "is_company": True})
        login = f"race_portal_{tag}"
        user = env["res.users"].create(
            {
                "name": f"Race Portal {tag}",
                "login": login,
                "password": login,
                "groups_id": [Command.set([env.ref("base.group_portal").id])],
            }
        )
        user.partner_id.parent_id = client
        folder = env["cert.evidence.folder"].create({"name": f"Race {tag}", "partner_id": client.id, "owner_id": False})
        Item = env["cert.evidence"]
        items = {
            name: Item.create({"name": f"Raced item ({name}) {tag}", "folder_id": folder.id, "owner_id": user.id})
            for name in ("rpc", "portal")
        }
        cr.commit()  # pylint: disable=invalid-commit
        data = {
            "db": db,
            "url": f"http://127.0.0.1:{port}",
            "tag": tag,
            "login": login,
            "uid": user.id,
            "items": {name: (item.id, item.access_url) for name, item in items.items()},
        }
        ids = (client.id, user.id, folder.id, [item.id for item in items.values()])
    try:
        yield data
    finally:
        _remove(registry, *ids)


def _remove(registry, client_id, user_id, folder_id, item_ids):
    with closing(registry.cursor()) as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        # versions are never deleted by the ORM (they are the evidence's history): the test's go by SQL
        cr.execute("SELECT attachment_id FROM cert_evidence_version WHERE evidence_id IN %s", [tuple(item_ids)])
        attachment_ids = [row[0] for row in cr.fetchall()]
        cr.execute("DELETE FROM cert_evidence_version WHERE evidence_id IN %s", [tuple(item_ids)])
        env["ir.attachment"].browse(attachment_ids).unlink()
        env["cert.evidence"].browse(item_ids).unlink()
        env["cert.evidence.folder"].browse(folder_id).unlink()
        env["res.users"].browse(user_id).unlink()
        env["res.partner"].browse(client_id).unlink()
        cr.commit()  # pylint: disable=invalid-commit


def _versions(item_id):
    with closing(Registry(odoo.tools.config["db_name"]).cursor()) as cr:
        cr.execute("SELECT version_number FROM cert_evidence_version WHERE evidence_id = %s", [item_id])
        return sorted(row[0] for row in cr.fetchall())


def _at_once(send, prepared=None):
    """Every ``send(n, prepared[n])`` (n = 1..8) at the same moment, each in a thread; the answers."""
    barrier = threading.Barrier(UPLOADS)
    answers = {}

    def run(number):
        try:
            barrier.wait(timeout=TIMEOUT)
            answers[number] = send(number, (prepared or {}).get(number))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            barrier.abort()
            answers[number] = error

    threads = [threading.Thread(target=run, args=(number,)) for number in range(1, UPLOADS + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    return answers


def test_eight_uploads_over_json_rpc(race):
    item_id = race["items"]["rpc"][0]

    def send(number, _prepared):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": number,
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    race["db"],
                    race["uid"],
                    race["login"],
                    "cert.evidence",
                    "write",
                    [
                        [item_id],
                        {
                            "new_file": base64.b64encode(f"upload {number} {race['tag']}\n".encode()).decode(),
                            "new_filename": f"upload-{number}.txt",
                        },
                    ],
                ],
            },
        }
        return requests.post(f"{race['url']}/jsonrpc", json=payload, timeout=TIMEOUT).json()

    answers = _at_once(send)
    refused = {n: answer for n, answer in answers.items() if not isinstance(answer, dict) or "error" in answer}
    assert not refused, f"every upload answers success: {refused}"
    assert [answers[n]["result"] for n in sorted(answers)] == [True] * UPLOADS
    # every answered upload is stored, each with its own number
    assert _versions(item_id) == list(range(1, UPLOADS + 1))


def test_eight_uploads_through_the_portal(race):
    item_id, item_url = race["items"]["portal"]

    def login():
        session = requests.Session()
        answer = session.post(
            f"{race['url']}/web/session/authenticate",
            json={"jsonrpc": "2.0", "params": {"db": race["db"], "login": race["login"], "password": race["login"]}},
            timeout=TIMEOUT,
        ).json()
        assert answer.get("result", {}).get("uid") == race["uid"], answer
        page = session.get(f"{race['url']}{item_url}", timeout=TIMEOUT)
        assert page.status_code == 200, page.status_code
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token, "the item's page has an upload form"
        return session, token.group(1)

    def send(number, prepared):
        session, token = prepared
        response = session.post(
            f"{race['url']}{item_url}/upload",
            data={"csrf_token": token},
            files={"files": (f"portal-{number}.txt", f"portal upload {number} {race['tag']}\n".encode())},
            headers={"X-Requested-With": "XMLHttpRequest"},
            timeout=TIMEOUT,
        )
        return response.status_code, response.json()

    # one session each, opened one after the other (what races is the uploads, not the logins)
    answers = _at_once(send, {number: login() for number in range(1, UPLOADS + 1)})
    refused = {n: answer for n, answer in answers.items() if not isinstance(answer, tuple) or answer[0] != 200}
    assert not refused, f"every upload answers success: {refused}"
    assert all("error" not in body for _status, body in answers.values()), answers
    assert _versions(item_id) == list(range(1, UPLOADS + 1))
