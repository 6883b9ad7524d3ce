"""`make dist`: an sdist and a wheel built offline, the wheel holding every file of the package (catalog, templates,
migrations, results schema) and the `baomi` command, and working once installed in a fresh virtualenv (its
dependencies taken from the test virtualenv, since tests reach no package index)."""
from __future__ import annotations

import email.parser
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from baomi import __version__
from tests.distribution.support import BIN, ROOT, offline_env, run


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    venv = Path(sys.prefix)
    # -o: the virtualenv is taken as installed (`make install` would reach the package index)
    done = run(["make", "-o", str(venv / ".baomi-installed"), "dist", f"VENV={venv}", f"DIST={out}"], ROOT,
               offline_env(tmp_path_factory.mktemp("home")))
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _package_files() -> set[str]:
    """Every file of the package as it is on disk, but compiled bytecode."""
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / "baomi").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def test_make_dist_builds_one_sdist_and_one_wheel(dist: Path) -> None:
    assert sorted(p.name for p in dist.iterdir()) == [f"baomi-{__version__}-py3-none-any.whl",
                                                      f"baomi-{__version__}.tar.gz"]


def test_the_wheel_holds_the_whole_package_and_declares_the_command(dist: Path) -> None:
    with zipfile.ZipFile(dist / f"baomi-{__version__}-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
        info = f"baomi-{__version__}.dist-info"
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
        metadata = email.parser.Parser().parsestr(wheel.read(f"{info}/METADATA").decode())
    assert {n for n in names if n.startswith("baomi/")} == _package_files()
    for data in ("baomi/catalog/controls.yaml", "baomi/catalog/frameworks/pipl.yaml",
                 "baomi/catalog/checks/aws.yaml", "baomi/reports/templates/report.html",
                 "baomi/reports/results.schema.json", "baomi/history/migrations/script.py.mako",
                 "baomi/history/migrations/versions/v0001_initial_schema.py"):
        assert data in names
    assert entry_points.split() == ["[console_scripts]", "baomi", "=", "baomi.cli:main"]
    assert (metadata["Name"], metadata["Version"]) == ("baomi", __version__)
    assert "checkov==3.3.30" in metadata.get_all("Requires-Dist")


def test_the_sdist_rebuilds_the_package(dist: Path) -> None:
    with tarfile.open(dist / f"baomi-{__version__}.tar.gz") as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    assert {"setup.cfg", "pyproject.toml", "README.md"} <= names
    assert _package_files() <= names


def test_the_installed_wheel_runs_a_scan_with_its_own_package_data(dist: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    done = run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, offline_env(tmp_path / "home"))
    assert done.returncode == 0, done.stderr
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # the dependencies from the test virtualenv, as a path entry: its own .pth files (the editable baomi) stay unread
    (site / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    env = offline_env(tmp_path / "home")
    wheel = dist / f"baomi-{__version__}-py3-none-any.whl"
    done = run([str(BIN / "pip"), "--python", str(venv / "bin" / "python"), "install", "--no-deps", "--no-index",
                str(wheel)], tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr

    version = run([str(venv / "bin" / "baomi"), "--version"], tmp_path, env)
    assert (version.returncode, version.stdout) == (0, f"baomi, version {__version__}\n")
    where = run([str(venv / "bin" / "python"), "-c", "import baomi; print(baomi.__file__)"], tmp_path, env)
    assert where.stdout.strip() == str(site / "baomi" / "__init__.py")

    scan = run([str(venv / "bin" / "baomi"), "scan", str(ROOT / "examples/terraform/aws-insecure"), "--lang", "en",
                "--format", f"html:{tmp_path / 'r.html'}", "--history", f"sqlite:///{tmp_path / 'h.db'}"],
               tmp_path, env)
    assert scan.returncode == 1, scan.stdout + scan.stderr  # the insecure example fails the gate
    assert "Gate: FAILED" in scan.stdout
    assert f"recorded as run 1 in {tmp_path / 'h.db'}" in scan.stdout + scan.stderr  # the shipped migrations ran
    assert "<html" in (tmp_path / "r.html").read_text(encoding="utf-8")  # the shipped templates rendered
