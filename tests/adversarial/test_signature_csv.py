"""Hostile signature CSV files: markup, formulas, bidi tricks, huge fields, SQL in options.
Nothing in a CSV can inject markup into the petition, run in a spreadsheet, or change the database
outside the import's transaction."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from letters.errors import InputError
from letters.signatures.annex import entries
from letters.signatures.csvimport import FIELD_SIZE_LIMIT, import_csv
from letters.signatures.export import export_text, safe_cell
from letters.signatures.petition import Chunk, annex_html
from letters.signatures.store import Store, invalidate, stats
from tests.conftest import make_campaign

HEADER = "name,country,city,date,display\n"
HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="file:///etc/passwd">',
    "</td></tr></table><h1>Injected</h1>",
    "Demo\u202eevil\u202c Person",  # bidi override: removed by normalisation
    "{{ 7*7 }} {% raw %}",
    "url(file:///etc/passwd)",
]


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "s.sqlite3") as s:
        yield s


def imported(store: Store, tmp_path: Path, names: list[str]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "country", "city", "date", "display"])
    for n in names:
        w.writerow([n, "DE", n[:90], "2025-07-04", "full"])
    path = tmp_path / "hostile.csv"
    path.write_text(buf.getvalue(), "utf-8")
    import_csv(store, path)


def test_markup_in_names_is_text_in_the_annex(tmp_path: Path, store: Store) -> None:
    imported(store, tmp_path, HOSTILE)
    rows = list(entries(store, public=False))
    assert rows[3].name == "Demoevil Person"  # the override characters are gone
    root = make_campaign(tmp_path / "c", "petition")
    chunk = Chunk(str(root), "en", "A4", "ltr", "00000000 " * 8, True, 2, 2, 1, (tuple(rows),), "T")
    html = annex_html(chunk)
    assert "<script>" not in html and "<img" not in html and "<h1>Injected" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html  # not evaluated


def test_formulas_never_reach_a_spreadsheet(tmp_path: Path, store: Store) -> None:
    formulas = ["=1+1", "+1", "-1+1", "@SUM(A1)", " =cmd|' /C calc'!A0", "\t=1"]
    imported(store, tmp_path, [f"{f} Demo" for f in formulas])
    for row in csv.reader(io.StringIO(export_text(store, "csv"))):
        for cell in row:
            assert not cell.lstrip().startswith(("=", "+", "-", "@")), cell
    assert safe_cell("-1") == "'-1" and safe_cell("Demo-Person") == "Demo-Person"


def test_a_huge_field_is_refused_without_reading_it_all(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(HEADER + '"' + "x" * (FIELD_SIZE_LIMIT + 10) + '",DE,,2025-07-04,full\n', "utf-8")
    with pytest.raises(InputError, match="never closed"):
        import_csv(store, path)
    assert stats(store).raw == 0


def test_an_empty_file_and_a_header_only_file(tmp_path: Path, store: Store) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="the file is empty"):
        import_csv(store, empty)
    only = tmp_path / "only.csv"
    only.write_text(HEADER, "utf-8")
    r = import_csv(store, only)
    assert (r.rows, r.accepted) == (0, 0)


def test_column_mapping_and_where_clauses_are_not_sql(tmp_path: Path, store: Store) -> None:
    imported(store, tmp_path, ["Demo Person"])
    with pytest.raises(InputError, match="expected FIELD=VALUE"):
        invalidate(store, ["1=1 OR country"], "x", dry_run=False)
    assert invalidate(store, ["country=DE' OR '1'='1"], "x", dry_run=True) == 0  # a value, compared as text
    assert stats(store).counted == 1


def test_duplicate_and_conflicting_columns_are_refused(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("name,Name,country,date\nA,B,DE,2025-07-04\n", "utf-8")
    with pytest.raises(InputError, match="two columns give the field 'name'"):
        import_csv(store, path)
