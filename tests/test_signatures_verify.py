"""`letters signatures verify` reads right-to-left names back from the printed annex: Hebrew and
Arabic names (in a Hebrew petition and an English one) are checked, not skipped, and a printed
name that differs from the committed entry is found."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from letters.signatures.verify import _check_pages, read_petition
from tests.conftest import make_campaign, run_cli
from tests.test_signatures_petition import write_csv

RTL_NAMES = ["דוד כהן", "שרה לוי-מזרחי", "محمد علي", "لانا الأحمد", "فاطمة عبد الله"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("verify-rtl")
    root = make_campaign(tmp / "campaign", "petition")
    body = [[n, "IL", "", "2025-07-04", "online", "full", ""] for n in RTL_NAMES]
    body.insert(2, ["Demo Latin Between", "DE", "", "2025-07-04", "online", "full", ""])
    assert run_cli("signatures", "import", root, write_csv(tmp / "rtl.csv", body)).exit_code == 0
    out = tmp / "out"
    for locale in ("he", "en"):
        r = run_cli("signatures", "build", root, "--out", out, "--jobs", "0", "--locale", locale)
        assert r.exit_code == 0, r.output
    return {"root": root, **{loc: out / "petition" / loc / "us-envoy.pdf" for loc in ("he", "en")}}


@pytest.mark.parametrize("locale", ["he", "en"])
def test_verify_reads_back_every_right_to_left_name(built: dict[str, Path], locale: str) -> None:
    emb = read_petition(built[locale])
    assert [e.name for e in emb.entries if e.name] == RTL_NAMES[:2] + ["Demo Latin Between"] + RTL_NAMES[2:]
    assert _check_pages(emb, str(emb.header["root"])) == []
    r = run_cli("signatures", "verify", built["root"], built[locale])
    assert r.exit_code == 0 and "\nok: 6 entries, root " in r.stdout, r.output


@pytest.mark.parametrize(
    ("index", "other"),
    [(0, "דוד כהנ"), (4, "لانا الاحمد"), (5, "فاطمة عبد اللة")],  # one letter changed, same length
)
def test_a_printed_rtl_name_that_differs_from_its_entry_is_found(
    built: dict[str, Path], index: int, other: str
) -> None:
    emb = read_petition(built["he"])
    emb.entries[index] = dataclasses.replace(emb.entries[index], name=other)
    problems = _check_pages(emb, str(emb.header["root"]))
    assert problems == [f"the printed annex does not show the entry {other!r} where the list has it"]
