"""Each addon's zh_CN.po reads the way Odoo loads it when a database installs Chinese (line-wise merges of
.po files can break an entry in ways msgfmt accepts but Odoo's reader does not)."""

import pathlib

import pytest

from odoo.tools.translate import PoFileReader

ADDONS = pathlib.Path(__file__).resolve().parents[1] / "addons"


@pytest.mark.parametrize(
    "addon", ["cert_service", "cert_audit", "cert_portal", "cert_compliance", "cert_customer_survey", "cert_esign"]
)
def test_po_file_loads_as_odoo_reads_it(addon):
    path = ADDONS / addon / "i18n" / "zh_CN.po"
    with path.open("rb") as source:
        rows = list(PoFileReader(source))
    assert rows, f"{path} has no entries"
    assert {row["module"] for row in rows} == {addon}
    untranslated = sorted({row["src"] for row in rows if not row["value"]})
    assert not untranslated, f"untranslated in {addon}: {untranslated[:10]}"
