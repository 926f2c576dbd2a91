"""Benchmark: the first page of the evidence list against the first page of the contacts list, per role.

Run against a server that has the addons installed (``bin/run``, threaded or with workers), with
``-c``/``-d`` to make the data it lists:

    python3 bench/bench_evidence_list.py --url http://localhost:8069 -c .local/odoo.conf -d cert

It commits, for this run only, one client with 2,000 evidence items (one version each, in the indicator
folders of its certification cycle) and one company with 2,000 contacts, plus four users: a CB manager,
an officer, an auditor on the client's audit team and the client's portal user; then, as each user over
JSON-RPC like the web client (``web_search_read`` with the fields of each model's list view, first page
of 80 with the count), lists the evidence of the client and the contacts of the company, alternately,
``--rounds`` times each. It prints the median times and their ratio per role (goal: at most 1.2×) and
removes what it made. A portal user reads no contacts but its own: the client's evidence page is
compared with the manager's contacts page. Exit code 1 when a ratio is above the goal.
"""

import argparse
import base64
import hashlib
import secrets
import statistics
import sys
import time
import xml.etree.ElementTree as ET

import requests

GOAL = 1.2
SIZE = 2000
PAGE = 80
ROLES = (
    ("manager", "cert_service.group_cert_manager"),
    ("officer", "cert_service.group_cert_officer"),
    ("auditor", "cert_service.group_cert_auditor"),
    ("client", "base.group_portal"),
)


# ---------------------------------------------------------------------- data (ORM, committed, removed)
def registry_for(config, database):
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    return Registry(database)


def populate(registry, size, tag, password):
    import odoo
    from odoo import Command
    from odoo import api

    with registry.cursor() as cr:
        env = api.Environment(
            cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True, "no_reset_password": True}
        )
        client = env["res.partner"].create({"name": f"Bench Evidence Client {tag}", "is_company": True})
        company = env["res.partner"].create({"name": f"Bench Contacts {tag}", "is_company": True})
        users = {}
        for role, group in ROLES:
            users[role] = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": f"Bench {role} {tag}",
                        "login": f"bench_{role}_{tag}",
                        "password": password,
                        "groups_id": [Command.set([env.ref(group).id])],
                    }
                )
            )
        users["client"].partner_id.parent_id = client
        # contacts as a contacts list holds them: address, phone, e-mail, a salesperson (the list's columns)
        env["res.partner"].create(
            [
                {
                    "name": f"Bench Contact {tag}-{i:05d}",
                    "parent_id": company.id,
                    "type": "other",
                    "email": f"c{i}@{tag}.example.com",
                    "phone": f"+86 757 {i:08d}",
                    "city": "Foshan",
                    "country_id": env.ref("base.cn").id,
                    "user_id": users["manager"].id,
                }
                for i in range(size)
            ]
        )
        app = env["cert.application"].create(
            {"partner_id": client.id, "scheme_id": env.ref("cert_service.scheme_gbt27922").id}
        )
        # The audit team: cert_audit fills this relation from the audits' teams; the bench writes it
        # directly instead of planning an audit (what is measured is the list, not the scheduling).
        cr.execute(
            "INSERT INTO cert_application_auditor_user_rel (application_id, user_id) VALUES (%s, %s)",
            [app.id, users["auditor"].id],
        )
        env.invalidate_all()
        folders = env["cert.evidence.folder"].search(
            [("id", "child_of", app.evidence_folder_id.id), ("indicator_id", "!=", False)]
        )
        # the officer reads the cycle through a local role (officers have no default role on evidence)
        env["cert.evidence.share"].create(
            {"folder_id": app.evidence_folder_id.id, "user_id": users["officer"].id, "role": "reader"}
        )
        evidence_tag = env["cert.evidence.tag"].create({"name": f"Bench {tag}"})
        items = env["cert.evidence"].create(
            [
                {
                    "name": f"Bench record {i:05d}",
                    "folder_id": folders[i % len(folders)].id,
                    "owner_id": users["client"].id,
                    "tag_ids": [Command.set(evidence_tag.ids)],
                }
                for i in range(size)
            ]
        )
        raws = [(item, f"{tag}-{item.id}\n".encode()) for item in items]
        attachments = env["ir.attachment"].create(
            [
                {"name": "record.txt", "raw": raw, "mimetype": "text/plain", "res_model": "cert.evidence.version"}
                for _item, raw in raws
            ]
        )
        env["cert.evidence.version"].create(
            [
                {
                    "evidence_id": item.id,
                    "version_number": 1,
                    "name": "record.txt",
                    "attachment_id": attachment.id,
                    "file_size": len(raw),
                    "mimetype": "text/plain",
                    "sha256": hashlib.sha256(raw).hexdigest(),
                }
                for (item, raw), attachment in zip(raws, attachments, strict=True)
            ]
        )
        env.flush_all()
        made = {
            "client": client.id,
            "company": company.id,
            "application": app.id,
            "tag": evidence_tag.id,
            "users": {role: (user.login, user.id) for role, user in users.items()},
        }
        cr.commit()
        # fresh statistics, as autovacuum would gather them on a live database (else the planner takes
        # 2,000 new rows for none and nests loops over them)
        for table in ("res_partner", "cert_evidence", "cert_evidence_folder", "cert_evidence_version"):
            cr.execute(f"ANALYZE {table}")  # pylint: disable=sql-injection
        cr.commit()
    return made


def remove(registry, made):
    import odoo
    from odoo import api

    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "active_test": False})
        # superuser: the items were never submitted; unlink takes their versions, files and history along
        env["cert.evidence"].search([("partner_id", "=", made["client"])]).unlink()
        env["cert.evidence.tag"].browse(made["tag"]).unlink()
        users = env["res.users"].browse([uid for _login, uid in made["users"].values()])
        partners = users.partner_id
        users.unlink()
        # the client's folders (its own and its cycle's), deepest first, then the cycle
        folders = env["cert.evidence.folder"].search([("partner_id", "=", made["client"])])
        for folder in folders.sorted(lambda f: f.parent_path.count("/"), reverse=True):
            folder.unlink()
        env["cert.application"].browse(made["application"]).unlink()
        contacts = env["res.partner"].search([("parent_id", "=", made["company"])])
        (contacts | partners).unlink()
        env["res.partner"].browse([made["company"], made["client"]]).unlink()
        cr.commit()


# ---------------------------------------------------------------------- the web client's requests
class Client:
    def __init__(self, base, database, login, password):
        self.base, self.session, self.calls = base, requests.Session(), 0
        result = self.rpc("/web/session/authenticate", {"db": database, "login": login, "password": password})
        self.context = dict(result["user_context"], bin_size=True)
        companies = result.get("user_companies") or {}
        if companies:
            self.context["allowed_company_ids"] = [companies["current_company"]]

    def rpc(self, path, params):
        self.calls += 1
        payload = {"jsonrpc": "2.0", "method": "call", "id": self.calls, "params": params}
        response = self.session.post(self.base + path, json=payload, timeout=60)
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RuntimeError(f"{path}: {body['error']['data']['message']}")
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.context)
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def list_spec(self, model):
        """The fields the web client asks for: the list view's columns shown by default."""
        views = self.call(model, "get_views", [[False, "list"]], options={})
        arch = ET.fromstring(views["views"]["list"]["arch"])
        described = views["models"][model]["fields"]
        spec = {}
        for node in arch.iter("field"):
            name = node.get("name")
            if node.get("optional") == "hide" or node.get("column_invisible") in ("1", "True", "true"):
                continue
            kind = described[name]["type"]
            if kind == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif kind == "many2many":
                sub = {"display_name": {}}
                color = (node.get("options") or "").split("'color_field': '")
                if len(color) > 1:
                    sub[color[1].split("'")[0]] = {}
                spec[name] = {"fields": sub}
            elif kind == "one2many":
                spec[name] = {"fields": {}}
            else:
                spec[name] = {}
        return spec

    def first_page(self, model, domain, spec):
        started = time.perf_counter()
        result = self.call(model, "web_search_read", domain, spec, offset=0, limit=PAGE, order="", count_limit=10001)
        return time.perf_counter() - started, result


def measure(client, baseline, made, rounds):
    """Median times of the evidence page as ``client`` and of the contacts page as ``baseline``."""
    evidence = (client, "cert.evidence", [("partner_id", "=", made["client"])], client.list_spec("cert.evidence"))
    contacts = (baseline, "res.partner", [("parent_id", "=", made["company"])], baseline.list_spec("res.partner"))
    for user, model, domain, spec in (evidence, contacts):  # warm the server's caches, check the page
        _seconds, result = user.first_page(model, domain, spec)
        if result["length"] < SIZE_SEEN[0] or len(result["records"]) != min(PAGE, SIZE_SEEN[0]):
            raise RuntimeError(f"{model}: {result['length']} records listed, expected {SIZE_SEEN[0]}")
    times = {"cert.evidence": [], "res.partner": []}
    for _round in range(rounds):
        for user, model, domain, spec in (evidence, contacts):
            seconds, _result = user.first_page(model, domain, spec)
            times[model].append(seconds)
    return statistics.median(times["cert.evidence"]), statistics.median(times["res.partner"])


SIZE_SEEN = [SIZE]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://localhost:8069", help="the Odoo server")
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration, to make the data")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--size", type=int, default=SIZE, help="evidence items and contacts")
    parser.add_argument("--rounds", type=int, default=40, help="requests of each list per role")
    parser.add_argument("--smoke", action="store_true", help="a tiny run that only checks the bench works")
    args = parser.parse_args()
    if args.smoke:
        args.size, args.rounds = 20, 2
    SIZE_SEEN[0] = args.size
    registry = registry_for(args.config, args.database)
    tag, password = secrets.token_hex(4), base64.b32encode(secrets.token_bytes(10)).decode()
    made = populate(registry, args.size, tag, password)
    base = args.url.rstrip("/")
    above = []
    try:
        print(f"first page of {PAGE} of {args.size}, median of {args.rounds} web_search_read each, against {base}")
        clients = {role: Client(base, args.database, made["users"][role][0], password) for role, _group in ROLES}
        for role, _group in ROLES:
            # a portal user reads no other contacts: the client's page is compared with the manager's contacts
            baseline = clients["manager"] if role == "client" else clients[role]
            t_evidence, t_contacts = measure(clients[role], baseline, made, args.rounds)
            ratio = t_evidence / t_contacts
            print(
                f"{role:<8} cert.evidence {t_evidence * 1000:7.1f} ms | res.partner {t_contacts * 1000:7.1f} ms"
                f" | ratio {ratio:5.2f} (goal <= {GOAL})"
            )
            if ratio > GOAL:
                above.append(role)
    finally:
        remove(registry, made)
    print("ratio: " + (f"ABOVE the goal for {', '.join(above)}" if above else "within the goal for every role"))
    if args.smoke:
        return 0
    return 1 if above else 0


if __name__ == "__main__":
    sys.exit(main())
