"""The public Python API (``letters.__all__``): small, documented, cheap to import, and what the
CLI itself runs; and every command goes through the one error funnel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from conftest import make_campaign

import letters
from letters.cli.app import app

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "joint-letter"


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in letters.__all__:
        value = getattr(letters, name)
        assert value is not None
        if callable(value) and name != "__version__":
            assert (value.__doc__ or "").strip(), f"letters.{name} has no docstring"


def test_importing_letters_loads_neither_weasyprint_nor_babel() -> None:
    code = "import sys, letters; letters.ExitCode; print('weasyprint' in sys.modules, 'babel' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_load_check_render_build_through_the_api(tmp_path: Path) -> None:
    session = letters.load_campaign(EXAMPLE)
    assert [p for p in letters.check_campaign(session) if p.is_error] == []
    html = letters.render_document(session, "joint-letter", "un-secretary-general", locale="fr")
    assert isinstance(html, str) and 'lang="fr"' in html
    report = letters.build_campaign(session, tmp_path / "out", recipients=["un-secretary-general"], formats=["html"])
    assert not report.failed
    assert sorted(p.name for p in (tmp_path / "out").rglob("*.html")) == ["un-secretary-general.html"]


def test_api_errors_are_letters_errors_with_a_hint(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    with pytest.raises(letters.InputError) as caught:
        letters.render_document(root, "appeal", "nobody")
    assert "unknown recipient id 'nobody'" in caught.value.message and caught.value.hint
    assert caught.value.exit_code == letters.ExitCode.PROBLEMS


def test_check_finds_what_the_cli_check_finds(tmp_path: Path) -> None:
    from conftest import run_cli

    root = make_campaign(tmp_path / "c", "bad-several")
    codes = sorted({p.code for p in letters.check_campaign(root) if p.is_error})
    shown = run_cli("check", root).stderr
    assert codes and all(f"[{code}]" in shown for code in codes)


def test_every_command_goes_through_the_error_funnel() -> None:
    """A new command that forgets @guarded would turn an OSError into a traceback."""

    def walk(cmd, prefix):  # type: ignore[no-untyped-def]
        for name, sub in getattr(cmd, "commands", {}).items():
            if getattr(sub, "commands", None):
                yield from walk(sub, (*prefix, name))
            else:
                yield (*prefix, name), sub.callback

    unguarded = [" ".join(path) for path, cb in walk(typer.main.get_command(app), ()) if not _guarded(cb)]
    assert unguarded == []


def _guarded(callback) -> bool:  # type: ignore[no-untyped-def]
    seen = callback
    while seen is not None:
        if getattr(seen, "__letters_guarded__", False):
            return True
        seen = getattr(seen, "__wrapped__", None)
    return False
