"""Small helpers for bin/run and bin/test (run by the Python that runs Odoo, which has psycopg2).

_pghelper.py can-create          # exit 0 when the PG* settings reach a server where we may create databases
_pghelper.py db-exists NAME
_pghelper.py drop-db NAME
_pghelper.py junit-counts FILE   # prints "total failed skipped" of a JUnit XML report
"""

import os
import sys


def connect(dbname="postgres", **extra):
    import psycopg2

    env = (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("password", "PGPASSWORD"))
    kwargs = {key: os.environ[var] for key, var in env if os.environ.get(var)}
    return psycopg2.connect(dbname=dbname, **kwargs, **extra)


def can_create():
    with connect(connect_timeout=3) as conn, conn.cursor() as cur:
        cur.execute("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")
        return 0 if cur.fetchone()[0] else 1


def db_exists(name):
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return 0 if cur.fetchone() else 1


def drop_db(name):
    from psycopg2 import sql

    conn = connect()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    conn.close()
    return 0


def junit_counts(path):
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        print(0, 1, 0)
        return 0
    suites = [root] if root.tag == "testsuite" else list(root)
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    print(total, failed, skipped)
    return 0


def main(argv):
    commands = {"can-create": can_create, "db-exists": db_exists, "drop-db": drop_db, "junit-counts": junit_counts}
    try:
        return commands[argv[1]](*argv[2:])
    except Exception as exc:  # any connection problem means "no"
        print(f"{argv[1]}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
