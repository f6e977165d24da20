"""A non-editable install works: the project is built and installed (``pip install .``,
offline) into a fresh virtual environment, and the installed ``hearth`` runs from another
folder, with the catalog and the style sheet found inside the installed package.

The fresh environment sees this one's site-packages (PySide6, llama-cpp-python…) through
a plain path, so this environment's editable install of Hearth, which a ``.pth`` file
switches on, stays off there: only the installed copy can be imported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from engine import __version__

REPO = Path(__file__).resolve().parent.parent
# What `pip install .` needs from the checkout; the rest (the virtual environment, the
# caches, earlier build folders) would only slow the copy or leak stale files in.
COPY_IGNORED = shutil.ignore_patterns(
    ".venv", ".gpu-venv", ".git", ".cache", "build", "*.egg-info", "__pycache__", "*.pyc"
)

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with Hearth installed from a copy of the checkout;
    returns its folder."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=COPY_IGNORED)
    environment = root / "venv"
    venv.create(environment, with_pip=False)
    purelib = Path(
        sysconfig.get_path("purelib", vars={"base": str(environment), "platbase": str(environment)})
    )
    # A plain path, not a site folder: its .pth files (the editable install) are not run.
    (purelib / "hearth-dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    python = environment / "bin" / "python"
    _run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--ignore-installed",
            str(source),
        ],
        cwd=root,
        env=_environment(root),
    )
    # The checkout copy goes, so nothing can be imported from it by mistake.
    shutil.rmtree(source)
    return environment


def _environment(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["HEARTH_HOME"] = str(root / "hearth-home")
    env["HF_HUB_OFFLINE"] = "1"
    return env


def test_installed_hearth_reports_its_version(installed: Path, tmp_path: Path) -> None:
    out = _run([str(installed / "bin" / "hearth"), "--version"], tmp_path, _environment(tmp_path))
    assert out.strip() == f"Hearth {__version__}"


def test_installed_hearth_lists_models_offline(installed: Path, tmp_path: Path) -> None:
    env = _environment(tmp_path)
    out = _run([str(installed / "bin" / "hearth"), "models", "list", "--offline"], tmp_path, env)
    assert f"Models folder: {Path(env['HEARTH_HOME'])}" in out


def test_installed_code_and_assets_come_from_the_install(installed: Path, tmp_path: Path) -> None:
    probe = """
import importlib, json, pkgutil, main, engine, gui, cli, assets
from engine.models.catalog import load_catalog
# Every module of every package imports from the install (a subpackage left out of the
# wheel fails here), the GUI's composition root included.
loaded = [
    importlib.import_module(m.name)
    for package in (engine, gui, cli)
    for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
]
import gui.app
print(json.dumps({
    "modules": [m.__file__ for m in (main, engine, gui.app, cli, assets, *loaded)],
    "catalog": len(load_catalog()),
    "style": len(assets.asset("style.qss").read_text(encoding="utf-8")),
}))
"""
    python = installed / "bin" / "python"
    found = json.loads(_run([str(python), "-c", probe], tmp_path, _environment(tmp_path)))
    for module in found["modules"]:
        assert Path(module).is_relative_to(installed), module
    assert found["catalog"] > 0
    assert found["style"] > 0


def test_the_install_ships_catalog_styles_and_translations_but_not_screenshots(
    installed: Path,
) -> None:
    [assets] = installed.glob("lib/python*/site-packages/assets")
    shipped = sorted(p.name for p in assets.iterdir() if p.name != "__pycache__")
    assert shipped == [
        "__init__.py",
        "catalog.json",
        "i18n",
        "manual",
        "style.qss",
        "style_dark.qss",
    ]
    manuals = sorted(p.name for p in (assets / "manual").iterdir())
    assert manuals == sorted(p.name for p in (REPO / "assets" / "manual").glob("*.md"))
    # Each language ships its source; the compiled catalogue too where `make i18n` ran
    # (make test runs it first), and the app compiles a missing one at start otherwise.
    languages = sorted(p.name for p in (assets / "i18n").iterdir())
    assert languages == sorted(p.name for p in (REPO / "assets" / "i18n").iterdir() if p.is_dir())
    for language in languages:
        files = {p.name for p in (assets / "i18n" / language).iterdir()}
        assert "hearth.ts" in files
        if (REPO / "assets" / "i18n" / language / "hearth.qm").exists():
            assert "hearth.qm" in files
    site = assets.parent
    assert not (site / "tests").exists()
    assert not (site / "bench").exists()


def test_the_fresh_environment_cannot_see_the_checkout(installed: Path, tmp_path: Path) -> None:
    """The probe above proves something only if the checkout is out of reach: not on the
    path, and this environment's editable-install finder not switched on."""
    probe = "import json, sys; print(json.dumps([sys.path, [repr(f) for f in sys.meta_path]]))"
    out = _run([str(installed / "bin" / "python"), "-c", probe], tmp_path, _environment(tmp_path))
    path, finders = json.loads(out)
    assert str(REPO) not in path
    assert not any("editable" in finder for finder in finders)
    assert Path(sys.prefix) != installed
