"""docs/forms-of-address.md is in step with letters/data/address/: the address block table and the
per-language tables are what scripts/forms_of_address_table.py prints from the data, for every
shipped language the page covers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from letters import address

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def table() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import forms_of_address_table
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return forms_of_address_table


def _script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "forms_of_address_table.py"), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_address_block_table_agrees_with_the_data(table: ModuleType) -> None:
    """Every row of the page's address block table is what the data says; every language that puts
    the recipient in another case, or after a prefix, has its row."""
    doc = table.DOC.read_text("utf-8")
    for lang in sorted(address.shipped_forms()):
        row = table.block_row(lang)
        on_page = [line for line in doc.splitlines() if line.startswith(row.split(" | ", 1)[0] + " | ")]
        if on_page or address.address_case(lang) != "nominative" or address.address_prefix(lang):
            assert on_page == [row], f"{lang}: run scripts/forms_of_address_table.py --lang {lang}"


def test_every_language_table_on_the_page_is_the_data(table: ModuleType) -> None:
    doc = table.DOC.read_text("utf-8")
    for lang in sorted(address.shipped_forms()):
        if f"### {table.name(lang)} (`{lang}`)\n" in doc:
            assert table.language_table(lang) in doc, f"{lang}: run scripts/forms_of_address_table.py --lang {lang}"


def test_the_references_the_data_cites_are_on_the_page(table: ModuleType) -> None:
    doc = table.DOC.read_text("utf-8")
    for lang, rules in address.shipped_forms().items():
        for key, source in (rules.get("sources") or {}).items():
            assert source == "unverified" or f"\n### {source}\n" in doc, (lang, key, source)


def test_the_script_covers_every_shipped_language_and_checks() -> None:
    run = _script()
    assert run.returncode == 0, run.stderr
    for lang in address.shipped_forms():
        assert f"(`{lang}`)\n" in run.stdout, lang  # its table
        assert f"(`{lang}`) | " in run.stdout, lang  # its address block row
    assert _script("--check", "--lang", "ru", "--lang", "lt").returncode == 0
    bad = _script("--lang", "xx")
    assert bad.returncode == 2 and "letters ships no address rules for xx" in bad.stderr
