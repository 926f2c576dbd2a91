"""Load the pure domain modules by path: they must import nothing from Odoo."""

import importlib.util
import pathlib
import sys

import pytest

ADDONS = pathlib.Path(__file__).resolve().parents[2] / "addons"


def load_pure(addon, name):
    path = ADDONS / addon / "lib" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"pure_{addon}_{name}", path)
    module = importlib.util.module_from_spec(spec)
    before = set(sys.modules)
    spec.loader.exec_module(module)
    leaked = {m for m in set(sys.modules) - before if m == "odoo" or m.startswith("odoo.")}
    assert not leaked, f"{path} imports Odoo: {leaked}"
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
