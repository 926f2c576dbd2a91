"""The two Odoo-side steps of bin/upgrade-check (run by the Python that runs Odoo).

_upgrade_check.py seed   CONF DB SNAPSHOT          # on the base release: records made through the actions
_upgrade_check.py verify CONF DB SNAPSHOT ADDONS_DIR ADDON,ADDON...   # on the upgraded database

``seed`` runs against the BASE release's code (its addons path is in CONF): it makes a client's records the
way users do — an application through to its signed contract, an audit with its team, a scored checklist and
its report, a grant decision confirmed by a decision maker off the team, the certificate issued — and writes
what each record is (state, number, score, level, dates) to SNAPSHOT. When the recorded base moves on, this
script must keep working with that base's actions.

``verify`` runs against the WORKING TREE's code after ``-u``: the records are still there with their values,
and every record of the working tree's shipped ``noupdate`` data (record rules, schemes, indicators, levels)
has in the database the values the working tree ships: an upgrade does not rewrite ``noupdate`` data, so a
change to it reaches existing databases only through a migration script.
"""

import ast
import datetime
import json
import os
import sys
import xml.etree.ElementTree as ET

#: models whose shipped noupdate records must match the working tree after an upgrade
CHECKED_MODELS = ("ir.rule", "cert.scheme", "cert.indicator", "cert.level")

#: what the snapshot keeps of each record made by ``seed``
SNAPSHOT_FIELDS = {
    "cert.application": ["name", "state", "partner_id", "scheme_id"],
    "cert.contract": ["name", "state", "application_id"],
    "cert.audit": ["name", "state", "audit_type", "application_id", "score", "proposed_level_id", "team_user_ids"],
    "cert.audit.score.line": ["audit_id", "indicator_id", "points", "sample_size", "nonconforming_count", "excluded"],
    "cert.decision": ["name", "state", "outcome", "level_id", "audit_id"],
    "cert.certificate": ["name", "state", "level_id", "issue_date", "expiry_date", "application_id", "token"],
}


def env_for(conf, db):
    import odoo

    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--no-http"])
    registry = odoo.modules.registry.Registry(db)
    return odoo, registry


def plain(value):
    """A field value of ``read()`` as JSON keeps it."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, tuple):  # many2one: (id, name)
        return value[0]
    return value


def snapshot(records):
    rows = []
    for record in records:
        names = [name for name in SNAPSHOT_FIELDS[record._name] if name in record._fields]
        values = record.read(names)[0]
        rows.append({"model": record._name, "id": record.id, "values": {n: plain(values[n]) for n in names}})
    return rows


# ---------------------------------------------------------------------------------------------------- seed
def seed(conf, db, out):
    odoo, registry = env_for(conf, db)
    from odoo import Command

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "Asia/Shanghai"})
        today = datetime.date.today()
        client = env["res.partner"].create({"name": "升级检查电器有限公司 (upgrade check)", "is_company": True})
        app = env["cert.application"].create(
            {
                "partner_id": client.id,
                "scheme_id": env.ref("cert_service.scheme_gbt27922").id,
                "user_id": env.ref("cert_service.user_demo_officer").id,
                "enterprise_type": "service",
                "employee_count": 120,
                "industry_code_id": env.ref("cert_audit.industry_demo_g54").id,
                "system_start_date": (today - datetime.timedelta(days=800)).isoformat(),
                "scope": "家用电器的售后服务 (after-sales service of household appliances)",
            }
        )
        env["cert.site"].create({"application_id": app.id, "name": "总部 (HQ)", "site_type": "hq", "city": "佛山"})
        attachment = env["ir.attachment"].create(
            {"name": "documents.txt", "raw": b"business licence, manuals (upgrade check)", "mimetype": "text/plain"}
        )
        app.document_ids.write({"attachment_ids": [Command.link(attachment.id)]})
        app.action_submit()
        app.action_accept()
        app.action_sign_contract()

        start = datetime.datetime.combine(today - datetime.timedelta(days=45), datetime.time(1, 0))
        audit = env["cert.audit"].create(
            {
                "application_id": app.id,
                "user_id": env.ref("cert_service.user_demo_officer").id,
                "audit_type": "initial",
                "tz": "Asia/Shanghai",
                "date_start": start,
                "date_end": start + datetime.timedelta(days=1, hours=8),
                "member_ids": [
                    Command.create({"auditor_id": env.ref("cert_audit.auditor_demo_zhang").id, "role": "lead"}),
                    Command.create({"auditor_id": env.ref("cert_audit.auditor_demo_li").id, "role": "auditor"}),
                ],
            }
        )
        audit.action_plan()
        audit.action_client_confirm()
        audit.action_start()
        # the checklist of the base release's end-to-end tests: a five-star score
        from odoo.addons.cert_audit.tests.execution_common import E2E_ROWS  # noqa: PLC0415 (once Odoo is set up)

        audit._apply_checklist_rows([dict(row) for row in E2E_ROWS])
        audit.action_report()

        decision_maker = env.ref("cert_audit.user_demo_wang")
        decision = env["cert.decision"].create(
            {
                "audit_id": audit.id,
                "outcome": "grant",
                "level_id": env.ref("cert_service.gbt_level_5star").id,
                "reasons": "评分达到五星级 (the score reaches five stars).",
            }
        )
        decision.with_user(decision_maker).action_confirm()
        certificate = env["cert.certificate"].search([("application_id", "=", app.id), ("state", "=", "draft")])
        certificate.write({"user_id": env.ref("cert_service.user_demo_officer").id})
        certificate.action_issue()

        made = {
            "cert.application": app,
            "cert.contract": app.contract_ids,
            "cert.audit": audit,
            "cert.audit.score.line": audit.score_line_ids,
            "cert.decision": decision,
            "cert.certificate": certificate,
        }
        rows = [row for records in made.values() for row in snapshot(records)]
        expected = {"cert.application": 1, "cert.contract": 1, "cert.audit": 1, "cert.decision": 1}
        for model, count in expected.items():
            found = sum(1 for row in rows if row["model"] == model)
            if found != count:
                raise SystemExit(f"seed: {found} {model} made, {count} expected")
        issued = [row for row in rows if row["model"] == "cert.certificate" and row["values"]["state"] == "valid"]
        if len(issued) != 1:
            raise SystemExit(f"seed: the certificate was not issued: {rows}")
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(rows, handle, ensure_ascii=False, indent=1)
    print(f"seed: {len(rows)} records made through the actions on the base release")
    return 0


# ---------------------------------------------------------------------------------------------------- verify
def shipped_noupdate_records(addons_dir, addons):
    """(addon, file, xml id, model, [field elements]) of every noupdate record the working tree ships in the
    data files of its manifests (demo excluded), for the models of ``CHECKED_MODELS``."""
    found = []
    for addon in addons:
        manifest_path = os.path.join(addons_dir, addon, "__manifest__.py")
        with open(manifest_path, encoding="utf-8") as handle:
            manifest = ast.literal_eval(handle.read())
        for rel in manifest.get("data", []):
            if not rel.endswith(".xml"):
                continue
            root = ET.parse(os.path.join(addons_dir, addon, rel)).getroot()
            for block in [root, *root.iter("data")]:
                if block.tag not in ("odoo", "openerp", "data"):
                    continue
                if block.get("noupdate") not in ("1", "True", "true"):
                    continue
                for record in block.findall("record"):
                    if record.get("model") in CHECKED_MODELS:
                        xmlid = record.get("id")
                        if "." not in xmlid:
                            xmlid = f"{addon}.{xmlid}"
                        found.append((addon, rel, xmlid, record.get("model"), record.findall("field")))
    return found


def expected_value(env, addon, field, element):
    """The value a ``<field>`` element gives to ``field``, as the ORM reads it back."""
    from odoo import Command
    from odoo.tools.safe_eval import safe_eval

    def ref(xmlid):
        return env.ref(xmlid if "." in xmlid else f"{addon}.{xmlid}").id

    if element.get("ref"):
        return ref(element.get("ref"))
    if element.get("eval") is not None:
        value = safe_eval(element.get("eval"), {"ref": ref, "Command": Command, "True": True, "False": False})
    else:
        value = (element.text or "").strip() if field.type not in ("text", "html") else (element.text or "")
        if field.type == "boolean":
            value = value.lower() in ("1", "true")
        elif field.type == "integer":
            value = int(value)
        elif field.type in ("float", "monetary"):
            value = float(value)
    if field.type in ("many2many", "one2many"):
        ids = set()
        for command in value:
            if command[0] == Command.LINK:
                ids.add(command[1])
            elif command[0] == Command.SET:
                ids = set(command[2])
            elif command[0] == Command.UNLINK:
                ids.discard(command[1])
            elif command[0] == Command.CLEAR:
                ids = set()
        return sorted(ids)
    if field.type == "many2one":
        return value or False
    return value


def actual_value(record, field):
    value = record[field.name]
    if field.type in ("many2many", "one2many"):
        return sorted(value.ids)
    if field.type == "many2one":
        return value.id or False
    return value


def verify(conf, db, snapshot_path, addons_dir, addons):
    odoo, registry = env_for(conf, db)
    problems = []
    with open(snapshot_path, encoding="utf-8") as handle:
        before = json.load(handle)
    with registry.cursor() as cr:
        # English: the shipped data's source terms (translations are the .po files' business)
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US", "active_test": False})
        for row in before:
            record = env[row["model"]].browse(row["id"]).exists()
            if not record:
                problems.append(f"{row['model']} {row['id']} ({row['values'].get('name')}) is gone after the upgrade")
                continue
            now = snapshot(record)[0]["values"]
            for name, value in row["values"].items():
                if now.get(name) != value:
                    problems.append(
                        f"{row['model']} {row['id']} ({row['values'].get('name')}): {name} was {value!r} "
                        f"before the upgrade, {now.get(name)!r} after"
                    )
        checked = 0
        for addon, rel, xmlid, model, elements in shipped_noupdate_records(addons_dir, addons):
            record = env.ref(xmlid, raise_if_not_found=False)
            if not record:
                problems.append(f"{xmlid} ({model}, {addon}/{rel}) is shipped but not in the upgraded database")
                continue
            for element in elements:
                field = record._fields.get(element.get("name"))
                if field is None:
                    problems.append(f"{xmlid}: the working tree ships a field {element.get('name')} its model lacks")
                    continue
                shipped = expected_value(env, addon, field, element)
                stored = actual_value(record, field)
                checked += 1
                if shipped != stored:
                    problems.append(
                        f"{xmlid} ({model}, {addon}/{rel}) {field.name}: the database has {stored!r}, the working tree "
                        f"ships {shipped!r}. Shipped noupdate data changed without reaching upgraded databases: add a "
                        f"migration (addons/{addon}/migrations/<new version>/post-*.py, version bumped in the "
                        f"manifest) that applies it."
                    )
        cr.rollback()
    for problem in problems:
        print(f"upgrade check: {problem}", file=sys.stderr)
    print(
        f"verify: {len(before)} records kept, {checked} shipped noupdate values compared, {len(problems)} problems",
        file=sys.stderr,
    )
    return 1 if problems else 0


def main(argv):
    if argv[1] == "seed":
        return seed(*argv[2:5])
    if argv[1] == "verify":
        return verify(argv[2], argv[3], argv[4], argv[5], [a for a in argv[6].split(",") if a])
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
