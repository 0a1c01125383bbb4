"""The wheel a user installs: the licence text, py.typed, the shipped templates, catalogs, fonts
and data, one version everywhere, and the metadata an index shows."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import letters

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not installed (sh scripts/setup.sh --test installs it)")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([uv, "build", "--wheel", "--quiet", "--out-dir", str(out), str(ROOT)], check=True)
    (path,) = out.glob("letters-*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_ships_the_licence_types_and_assets(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    info = f"letters-{letters.__version__}.dist-info"
    licence = wheel.read(f"{info}/licenses/LICENSE").decode("utf-8")
    assert "GNU AFFERO GENERAL PUBLIC LICENSE" in licence and "Version 3, 19 November 2007" in licence
    assert "letters/py.typed" in names
    assert "letters/_shipped/templates/appeal.html.j2" in names
    assert "letters/_shipped/locales/ru/LC_MESSAGES/letters.po" in names
    assert "letters/data/plurals/rules.csv" in names
    assert any(n.startswith("letters/assets/fonts/") and n.endswith(".ttf") for n in names)


def test_the_metadata_says_what_an_index_shows(wheel: zipfile.ZipFile) -> None:
    meta = Parser().parsestr(wheel.read(f"letters-{letters.__version__}.dist-info/METADATA").decode("utf-8"))
    assert meta["Version"] == letters.__version__  # single source: letters/__init__.py
    assert meta["License-Expression"] == "AGPL-3.0-or-later"
    classifiers = meta.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers and "Programming Language :: Python :: 3.11" in classifiers
    assert {u.split(",")[0] for u in meta.get_all("Project-URL") or []} >= {"Homepage", "Documentation", "Source"}
    requires = meta.get_all("Requires-Dist") or []
    assert any(r.startswith("markupsafe") for r in requires)  # imported directly, so declared
