"""Load the pure domain modules by path: they must import nothing from Odoo."""

import importlib
import pathlib
import sys
import types

import pytest

ADDONS = pathlib.Path(__file__).resolve().parents[2] / "addons"


#: the stand-in for ``odoo.addons``: each addon's ``lib`` is imported as the package it is in Odoo, so that a
#: rule imports its sibling modules and the lower addon's ``lib`` (relative imports) without Odoo
PACKAGE = "pure_addons"


def _stand_in(name, path):
    module = types.ModuleType(name)
    module.__path__ = [str(path)]
    sys.modules[name] = module


def load_pure(addon, name):
    """``addons/<addon>/lib/<name>.py`` imported as a module of its addon's ``lib`` package, without running
    the addon's ``__init__`` (which imports its Odoo models); fails when it imports Odoo."""
    if PACKAGE not in sys.modules:
        _stand_in(PACKAGE, ADDONS)
        for folder in ADDONS.iterdir():
            if (folder / "lib" / "__init__.py").exists():
                _stand_in(f"{PACKAGE}.{folder.name}", folder)
    before = set(sys.modules)
    module = importlib.import_module(f"{PACKAGE}.{addon}.lib.{name}")
    leaked = {m for m in set(sys.modules) - before if m == "odoo" or m.startswith("odoo.")}
    assert not leaked, f"{addon}/lib/{name}.py imports Odoo: {leaked}"
    return module


@pytest.fixture(scope="session")
def scoring():
    return load_pure("cert_service", "scoring")


@pytest.fixture(scope="session")
def execution():
    return load_pure("cert_audit", "execution")


@pytest.fixture(scope="session")
def sampling():
    return load_pure("cert_customer_survey", "sampling")


@pytest.fixture(scope="session")
def service_import():
    return load_pure("cert_customer_survey", "service_import")


@pytest.fixture(scope="session")
def callback():
    return load_pure("cert_customer_survey", "callback")


@pytest.fixture(scope="session")
def masking():
    return load_pure("cert_customer_survey", "masking")
