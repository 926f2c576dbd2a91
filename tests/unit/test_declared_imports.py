"""Every third-party module the project imports is installed by a file of the project or by Odoo's.

A fresh machine has Odoo and its requirements only: what the addons import at run time is named in their
manifest's ``external_dependencies``, what the tests, lint and benches import in ``requirements-test.txt``.
An import that neither names fails here, before it fails an installation (a test package that cannot
be imported stops Odoo's registry, and no test runs).
"""

import ast
import importlib.metadata
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
#: the folders whose Python files are scanned
SCANNED = ("addons", "tests", "bench")

#: distributions whose import name is not their own name (normalised: lower case, "-" for "_" and ".")
IMPORT_NAMES = {
    "pyyaml": {"yaml"},
    "python-dateutil": {"dateutil"},
    "pillow": {"pil"},
    "psycopg2-binary": {"psycopg2"},
    "psycopg2": {"psycopg2"},
    "pypdf": {"pypdf"},
    "pypdf2": {"pypdf2"},
    "reportlab": {"reportlab"},
    "qrcode": {"qrcode"},
    "openpyxl": {"openpyxl"},
    "xlsxwriter": {"xlsxwriter"},
    "websocket-client": {"websocket"},
    "pytest-odoo": {"pytest_odoo"},
    "pylint-odoo": {"pylint_odoo"},
    "python-ldap": {"ldap"},
    "python-stdnum": {"stdnum"},
    "pyopenssl": {"openssl"},
    "pyusb": {"usb"},
    "pyserial": {"serial"},
    "libsass": {"sass"},
    "beautifulsoup4": {"bs4"},
    "pyjwt": {"jwt"},
}

#: Odoo 18.0's requirements.txt, by distribution: the last resort when neither the file (absent from the
#: official Docker image) nor the installed distribution's metadata says what Odoo needs
ODOO_18_REQUIREMENTS = (
    "asn1crypto babel cbor2 chardet cryptography decorator docutils freezegun geoip2 gevent greenlet idna "
    "jinja2 libsass lxml lxml-html-clean markupsafe num2words ofxparse openpyxl passlib pillow polib psutil "
    "psycopg2 pydot pyopenssl pypdf2 pyserial python-dateutil python-ldap python-stdnum pytz pyusb qrcode "
    "reportlab requests rjsmin rl-renderpm urllib3 vobject werkzeug xlrd xlsxwriter xlwt zeep"
).split()


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(line):
    """The distribution a requirement line names (``None`` for comments, options and blank lines)."""
    line = line.split("#", 1)[0].strip()
    if not line or line.startswith("-"):
        return None
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
    return normalise(match.group(0)) if match else None


def requirements_file(path):
    if not path.is_file():
        return set()
    return {name for name in map(requirement_name, path.read_text(encoding="utf-8").splitlines()) if name}


def odoo_requirements():
    """Odoo's declared distributions: its requirements.txt, else its installed metadata, else the 18.0 list."""
    import odoo  # noqa: PLC0415 - only to find where Odoo is installed

    package = pathlib.Path(odoo.__file__).resolve().parent
    for folder in (package, package.parent):
        names = requirements_file(folder / "requirements.txt")
        if names:
            return names
    try:
        requires = importlib.metadata.requires("odoo") or []
    except importlib.metadata.PackageNotFoundError:
        requires = []
    names = {requirement_name(line) for line in requires} - {None}
    return names or set(ODOO_18_REQUIREMENTS)


def manifest_requirements(root):
    names = set()
    for manifest in sorted((root / "addons").glob("*/__manifest__.py")):
        data = ast.literal_eval(manifest.read_text(encoding="utf-8"))
        names |= {requirement_name(dep) for dep in data.get("external_dependencies", {}).get("python", [])}
    return names - {None}


def installed_import_names():
    """Distribution (normalised) → the top-level import names it installs, from what is installed here."""
    names = {}
    for module, dists in importlib.metadata.packages_distributions().items():
        for dist in dists:
            names.setdefault(normalise(dist), set()).add(module.lower())
    return names


def import_names(dists):
    installed = installed_import_names()
    names = set()
    for dist in dists:
        names |= IMPORT_NAMES.get(dist, set()) | installed.get(dist, set()) | {dist.replace("-", "_")}
    return names


def python_files(root):
    for folder in SCANNED:
        for path in sorted((root / folder).rglob("*.py")):
            if not any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(root).parts):
                yield path


def own_modules(root):
    """What the project itself provides: its addons, and every module or package of its folders (the
    tests and benches import their neighbours by name, e.g. ``cert_testing``)."""
    names = {"odoo", "conftest"}
    for folder in SCANNED:
        for path in (root / folder).rglob("*"):
            if path.is_dir() or path.suffix == ".py":
                names.add(path.stem.lower() if path.is_file() else path.name.lower())
    return names


def imported_modules(path):
    """Top-level names of the absolute imports of a file (relative imports are the addon's own)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def undeclared_imports(root, odoo_declared):
    """{module: [files]} of the third-party modules imported under ``root`` that nothing declares."""
    declared = import_names(
        odoo_declared | requirements_file(root / "requirements-test.txt") | manifest_requirements(root)
    )
    known = {name.lower() for name in sys.stdlib_module_names} | own_modules(root) | declared
    missing = {}
    for path in python_files(root):
        for module in imported_modules(path):
            if module.lower() not in known:
                missing.setdefault(module, []).append(str(path.relative_to(root)))
    return missing


@pytest.fixture(scope="module")
def odoo_declared():
    return odoo_requirements()


def test_every_import_is_declared(odoo_declared):
    missing = undeclared_imports(ROOT, odoo_declared)
    assert not missing, "\n".join(
        f"'{module}' is imported by {', '.join(files[:3])} but neither Odoo's requirements, requirements-test.txt "
        "nor a manifest's external_dependencies installs it"
        for module, files in sorted(missing.items())
    )


def test_odoo_requirements_are_found(odoo_declared):
    # the checker is only as good as its list of what Odoo installs: a few it must contain
    assert {"psycopg2", "werkzeug", "lxml", "python-dateutil"} <= odoo_declared


def _project(tmp_path, source, requirements="", external=None):
    addon = tmp_path / "addons" / "cert_demo"
    addon.mkdir(parents=True)
    (addon / "__init__.py").write_text(source, encoding="utf-8")
    (addon / "__manifest__.py").write_text(
        repr({"name": "Demo", "external_dependencies": {"python": external or []}}), encoding="utf-8"
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "helper_module.py").write_text("import cert_demo\n", encoding="utf-8")
    (tmp_path / "requirements-test.txt").write_text(requirements, encoding="utf-8")
    return tmp_path


def test_an_undeclared_import_is_reported(tmp_path, odoo_declared):
    root = _project(tmp_path, "import some_undeclared_pkg\nfrom some_other_undeclared_pkg.sub import thing\n")
    missing = undeclared_imports(root, odoo_declared)
    assert missing == {
        "some_undeclared_pkg": ["addons/cert_demo/__init__.py"],
        "some_other_undeclared_pkg": ["addons/cert_demo/__init__.py"],
    }


@pytest.mark.parametrize(
    ("source", "requirements", "external"),
    [
        # declared for the tests, by its distribution name (import name "websocket")
        ("import websocket\n", "websocket-client>=1.6  # comment\n", None),
        # declared by the manifest, with a version
        ("from yaml import safe_load\n", "", ["PyYAML>=6"]),
        ("import PIL.Image\n", "", ["Pillow"]),
        # Odoo's own requirements, the standard library, the project's own modules and relative imports
        ("import dateutil\nimport json\nimport cert_demo\nimport helper_module\nfrom . import models\n", "", None),
    ],
)
def test_declared_imports_pass(tmp_path, odoo_declared, source, requirements, external):
    root = _project(tmp_path, source, requirements, external)
    assert undeclared_imports(root, odoo_declared) == {}
