# shellcheck shell=bash
# Shared by bin/run and bin/test: find Odoo, find (or start) PostgreSQL, write a local config.
# Nothing here installs Odoo: the project takes an existing Odoo 18 as given.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="${CERT_LOCAL_DIR:-$REPO_ROOT/.local}"
ODOO_PYTHON="${ODOO_PYTHON:-python3}"
ADDONS="cert_service,cert_audit,cert_portal,cert_compliance,cert_customer_survey,cert_esign"

log() { printf '[cert] %s\n' "$*" >&2; }
die() { printf '[cert] ERROR: %s\n' "$*" >&2; exit 2; }

require_odoo() {
    if ! command -v "$ODOO_PYTHON" >/dev/null 2>&1 \
        || ! "$ODOO_PYTHON" -c 'import odoo, sys; sys.exit(0 if odoo.release.version_info[0] == 18 else 1)' >/dev/null 2>&1; then
        cat >&2 <<MSG
[cert] Odoo 18 is not importable by '$ODOO_PYTHON'.
[cert] Either install Odoo 18.0 from source (https://www.odoo.com/documentation/18.0/administration/on_premise/source.html)
[cert] and point ODOO_PYTHON at the Python that can 'import odoo', or use Docker instead:
[cert]     docker compose up        (see README.md, "Docker")
MSG
        exit 3
    fi
    # Odoo's own addons directory (source install: <root>/addons; packaged install: odoo/addons).
    ODOO_ADDONS_PATH="${ODOO_ADDONS_PATH:-$("$ODOO_PYTHON" - <<'PY'
import os, odoo
root = os.path.dirname(os.path.abspath(odoo.__file__))
paths = [os.path.join(root, "addons")]
main = os.path.normpath(os.path.join(root, "..", "addons"))
if os.path.isdir(os.path.join(main, "web")):
    paths.append(main)
print(",".join(paths))
PY
)}"
    ADDONS_PATH="$ODOO_ADDONS_PATH,$REPO_ROOT/addons"
}

# Debian packages the tests need besides Python ones: wkhtmltopdf and Noto CJK for the QWeb PDFs, a
# TrueType CJK font that reportlab can embed (certificate PDF), poppler-utils (pdffonts, pdftoppm) and
# Chromium for the browser tours. Installed with apt-get when missing and run as root; otherwise named.
ensure_test_packages() {
    local missing=()
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    [ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
    [ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || [ -e /usr/share/fonts/truetype/arphic/uming.ttc ] \
        || missing+=(fonts-wqy-zenhei)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "installing Debian packages the tests need: ${missing[*]}"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } \
            >"${TMPDIR:-/tmp}/cert-apt.log" 2>&1 || { cat "${TMPDIR:-/tmp}/cert-apt.log" >&2; die "could not install ${missing[*]}"; }
    else
        log "WARNING: missing Debian packages (PDF and browser tests will fail): ${missing[*]}"
    fi
}

# The run-time libraries of the addons beyond Odoo's own requirements (requirements.txt), into the Python
# that runs Odoo; pip leaves what is already installed and satisfies the file as it is.
install_requirements() {
    [ -f "$REPO_ROOT/requirements.txt" ] || return 0
    log "installing the addons' requirements (requirements.txt)"
    "$ODOO_PYTHON" -m pip install -q --disable-pip-version-check -r "$REPO_ROOT/requirements.txt" \
        >"${TMPDIR:-/tmp}/cert-pip-run.log" 2>&1 \
        || { cat "${TMPDIR:-/tmp}/cert-pip-run.log" >&2; die "could not install requirements.txt"; }
}

pg_helper() { "$ODOO_PYTHON" "$REPO_ROOT/bin/_pghelper.py" "$@"; }
pg_try() { pg_helper can-create >/dev/null 2>&1; }  # can we connect and create databases?

# Sets PGHOST/PGPORT/PGUSER to a usable server: the caller's, 127.0.0.1:5432 or the local socket,
# else a throwaway cluster of our own under $LOCAL_DIR/pg (started as a non-root user when root).
ensure_postgres() {
    if [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}" ]; then
        pg_try || die "cannot connect to PostgreSQL with PGHOST='${PGHOST:-}' PGPORT='${PGPORT:-}' PGUSER='${PGUSER:-}' (or the role may not create databases)"
        log "using PostgreSQL at ${PGHOST:-socket}:${PGPORT:-5432} as ${PGUSER:-$(id -un)}"
        return
    fi
    if [ "${CERT_OWN_PG:-0}" != 1 ]; then
        if PGHOST=127.0.0.1 PGPORT=5432 pg_try; then
            export PGHOST=127.0.0.1 PGPORT=5432; log "using PostgreSQL at 127.0.0.1:5432"; return
        fi
        if pg_try; then log "using PostgreSQL on the local socket"; return; fi
    fi
    start_own_postgres
}

start_own_postgres() {
    local bindir pgdata sockdir port owner
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -x "$bindir/initdb" ] || bindir="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
    [ -x "$bindir/initdb" ] || die "no PostgreSQL server found and no initdb to start one (install PostgreSQL, or set PGHOST/PGPORT/PGUSER)"
    pgdata="$LOCAL_DIR/pg/data"; sockdir="$LOCAL_DIR/pg/run"; port="${CERT_PG_PORT:-54329}"
    owner="$(id -un)"
    as_owner() { "$@"; }
    if [ "$(id -u)" = 0 ]; then
        # initdb refuses to run as root: the cluster belongs to an unprivileged system user.
        owner="${CERT_PG_OS_USER:-certpg}"
        id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner" \
            || die "cannot create the system user '$owner' for the throwaway PostgreSQL cluster"
        as_owner() { runuser -u "$owner" -- "$@"; }
        # The cluster lives in $LOCAL_DIR unless the owner cannot reach it (e.g. a checkout under /root).
        mkdir -p "$LOCAL_DIR"
        if ! runuser -u "$owner" -- test -x "$LOCAL_DIR"; then
            LOCAL_DIR="/tmp/cert-local-$(printf '%s' "$REPO_ROOT" | md5sum | cut -c1-8)"
            pgdata="$LOCAL_DIR/pg/data"; sockdir="$LOCAL_DIR/pg/run"
        fi
    fi
    mkdir -p "$LOCAL_DIR/pg" "$sockdir"
    [ "$(id -u)" = 0 ] && chown -R "$owner" "$LOCAL_DIR/pg"
    if [ ! -s "$pgdata/PG_VERSION" ]; then
        log "creating a throwaway PostgreSQL cluster in $pgdata"
        as_owner "$bindir/initdb" -D "$pgdata" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >"$LOCAL_DIR/pg/initdb.log" 2>&1 \
            || { cat "$LOCAL_DIR/pg/initdb.log" >&2; die "initdb failed"; }
    fi
    export PGHOST="$sockdir" PGPORT="$port" PGUSER=odoo
    if "$bindir/pg_isready" -q -h "$sockdir" -p "$port"; then
        return  # already running (e.g. kept with CERT_KEEP_PG=1): not ours to stop
    fi
    log "starting the throwaway PostgreSQL cluster (port $port, socket in $sockdir)"
    as_owner "$bindir/pg_ctl" -D "$pgdata" -l "$LOCAL_DIR/pg/server.log" -w -t 60 \
        -o "-p $port -k $sockdir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
        || { tail -n 20 "$LOCAL_DIR/pg/server.log" >&2; die "could not start PostgreSQL"; }
    # Remembered globally (the locals above are gone when the EXIT trap runs).
    OWN_PG_DATA="$pgdata" OWN_PG_BINDIR="$bindir" OWN_PG_OWNER="$owner"
}

# Stop the throwaway cluster this command started (not one that was already running), unless CERT_KEEP_PG=1.
stop_own_postgres() {
    [ -n "${OWN_PG_DATA:-}" ] && [ "${CERT_KEEP_PG:-0}" != 1 ] || return 0
    if [ "$(id -u)" = 0 ]; then
        runuser -u "$OWN_PG_OWNER" -- "$OWN_PG_BINDIR/pg_ctl" -D "$OWN_PG_DATA" -m fast stop >/dev/null 2>&1 || true
    else
        "$OWN_PG_BINDIR/pg_ctl" -D "$OWN_PG_DATA" -m fast stop >/dev/null 2>&1 || true
    fi
}

# A local odoo.conf for this checkout (git-ignored), pointing at the database server found above.
write_local_config() {  # write_local_config [NAME] [HTTP_PORT]
    local conf="$LOCAL_DIR/${1:-odoo}.conf"
    mkdir -p "$LOCAL_DIR/filestore"
    cat >"$conf" <<CONF
[options]
addons_path = $ADDONS_PATH
data_dir = $LOCAL_DIR/filestore
db_host = ${PGHOST:-False}
db_port = ${PGPORT:-False}
db_user = ${PGUSER:-False}
db_password = ${PGPASSWORD:-False}
admin_passwd = ${CERT_ADMIN_PASSWD:-admin}
http_port = ${2:-${CERT_HTTP_PORT:-8069}}
list_db = True
CONF
    ODOO_CONF="$conf"
}

db_exists() { pg_helper db-exists "$1" 2>/dev/null; }

odoo_cmd() { "$ODOO_PYTHON" -m odoo -c "$ODOO_CONF" "$@"; }
