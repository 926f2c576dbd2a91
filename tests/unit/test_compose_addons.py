"""The Docker path installs the same addons as bin/run and bin/test (one list each, kept in step)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _addons_of_common():
    text = (ROOT / "bin" / "_common.sh").read_text()
    return re.search(r'^ADDONS="([^"]+)"', text, re.M).group(1).split(",")


def _addons_of_compose():
    text = (ROOT / "docker-compose.yml").read_text()
    return re.search(r"^x-addons: &addons (\S+)$", text, re.M).group(1).split(",")


def test_compose_installs_the_addons_of_bin_common():
    assert _addons_of_compose() == _addons_of_common()


def test_every_install_command_of_compose_uses_the_one_list():
    text = (ROOT / "docker-compose.yml").read_text()
    commands = [line for line in text.splitlines() if '"-i"' in line]
    assert commands, "no service installs the addons"
    for line in commands:
        assert '"-i", *addons' in line, line


def test_every_addon_of_the_list_exists():
    for name in _addons_of_common():
        assert (ROOT / "addons" / name / "__manifest__.py").is_file(), name
