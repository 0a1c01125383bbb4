"""Import of good and bad CSV files into the signatures store, with the exact report."""

from __future__ import annotations

from pathlib import Path

import pytest

from letters.errors import InputError
from letters.signatures.csvimport import import_csv
from letters.signatures.store import Store, stats

HEADER = "name,country,city,date,channel,display,email\n"


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "db" / "s.sqlite3") as s:
        yield s


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def counted(store: Store) -> list[str]:
    return [r["name"] for r in store.counted()]


def test_good_file_with_bom_every_level_and_a_duplicate(tmp_path: Path, store: Store) -> None:
    csv = (
        "\ufeff" + HEADER + "Demo One,de,Demo City,2025-07-04,online,full,one@example.org\n"
        "Demo Two,UA,,2025-07-05,paper,initials,\n"
        "Demo Three,FR,,2025-07-06,partner,counted,\n"
        "Demo Four,PL,,2025-07-06,,recipient only,\n"
        "Demo Five,LT,,2025-07-07,online,,five@example.org\n"
        "Demo Six,LT,,2025-07-07,online,sometimes,\n"
        "Demo One Again,DE,,2025-07-08,online,full,ONE@Example.org\n"
    )
    r = import_csv(store, write(tmp_path, "good.csv", csv))
    assert (r.rows, r.accepted, r.duplicates, r.flagged, r.rejected) == (7, 6, 1, 0, 0)
    assert (r.counted_only_default, r.counted_only_lines) == (2, [6, 7])  # empty and unknown: fail closed
    assert counted(store) == ["Demo One", "Demo Two", "Demo Three", "Demo Four", "Demo Five", "Demo Six"]
    levels = {row["name"]: row["display"] for row in store.counted()}
    assert levels == {
        "Demo One": "full",
        "Demo Two": "initials",
        "Demo Three": "counted",
        "Demo Four": "recipient",
        "Demo Five": "counted",
        "Demo Six": "counted",
    }
    first = store.db.execute("SELECT country, channel FROM signatures WHERE name = 'Demo One'").fetchone()
    assert tuple(first) == ("DE", "online")  # the BOM did not become part of the first column's name
    s = stats(store)
    assert (s.raw, s.counted, s.duplicates) == (7, 6, 1)


def test_reimport_adds_nothing(tmp_path: Path, store: Store) -> None:
    path = write(tmp_path, "a.csv", HEADER + "Demo One,DE,,2025-07-04,online,full,\n")
    assert import_csv(store, path).accepted == 1
    again = import_csv(store, path)
    assert again.already_imported and again.accepted == 0
    assert stats(store).raw == 1


def test_rejected_rows_with_line_and_reason(tmp_path: Path, store: Store) -> None:
    csv = (
        HEADER
        + "Demo One,DE,,2025-07-04,online,full,\n"  # line 2: fine
        + "Demo Two,XX,,2025-07-04,online,full,\n"  # 3: no such country
        + ",DE,,2025-07-04,online,full,\n"  # 4: no name
        + "Demo Three,DE,,4 July,online,full,\n"  # 5: bad date
        + "Demo Four,DE,,2025-07-04,fax,full,\n"  # 6: bad channel
        + "Demo Five,DE,,2025-07-04,online,full,not-an-address\n"  # 7: bad e-mail
        + "Demo Six,DE\n"  # 8: too few fields
        + "Demo\x00Seven,DE,,2025-07-04,online,full,\n"  # 9: NUL byte
        + ("Demo " + "Long" * 60)
        + ",DE,,2025-07-04,online,full,\n"  # 10: overlong name
        + '"Demo\nEight",DE,"Multi\nLine City",2025-07-04,online,full,\n'  # 11-13: embedded newlines, fine
        + "Demo Nine,DE,,2025-07-04,online,full,\n"  # 14: fine, line count right after them
        + "Demo 漢字,DE,,2025-07-04,online,full,\n"  # 15: no bundled font draws it
    )
    r = import_csv(store, write(tmp_path, "bad.csv", csv))
    assert [(x.line, x.reason) for x in r.rejections] == [
        (3, "country is not an ISO 3166-1 alpha-2 code (e.g. DE, UA)"),
        (4, "no name"),
        (5, "date is not YYYY-MM-DD"),
        (6, "channel must be one of online, paper, partner"),
        (7, "e-mail is not an address"),
        (8, "2 field(s), the header has 7"),
        (9, "contains a NUL byte"),
        (10, "name longer than 200 characters"),
        (15, "the name has characters no bundled font can draw (see docs/fonts.md)"),
    ]
    assert (r.rows, r.accepted, r.rejected) == (12, 3, 9)
    assert counted(store) == ["Demo One", "Demo Eight", "Demo Nine"]  # embedded newline folded to a space
    city = store.db.execute("SELECT city FROM signatures WHERE name = 'Demo Eight'").fetchone()[0]
    assert city == "Multi Line City"
    lines = [row["source_row"] for row in store.counted()]
    assert lines == [2, 11, 14]


def fatal(store: Store, path: Path, **kw: str) -> InputError:
    with pytest.raises(InputError) as info:
        import_csv(store, path, **kw)
    assert stats(store).raw == 0  # nothing half-imported
    assert store.db.execute("SELECT count(*) FROM imports").fetchone()[0] == 0
    return info.value


def test_wrong_encoding_gives_byte_offset_and_cp1251_hint(tmp_path: Path, store: Store) -> None:
    data = (HEADER + "Demo One,DE,,2025-07-04,online,full,\nТестовый Подписант,RU,,2025-07-04,online,full,\n").encode(
        "cp1251"
    )
    path = write(tmp_path, "cp1251.csv", data)
    err = fatal(store, path)
    offset = data.index("Т".encode("cp1251"))
    assert err.message == f"byte {offset} (0xd2) is not valid utf-8"
    assert str(err.location) == f"{path}:3"
    assert "--encoding cp1251" in err.hint and "does not guess" in err.hint
    # with the right encoding it imports
    r = import_csv(store, path, encoding="cp1251")
    assert r.accepted == 2 and counted(store)[1] == "Тестовый Подписант"


def test_bom_with_another_encoding_is_refused(tmp_path: Path, store: Store) -> None:
    path = write(tmp_path, "bom.csv", "\ufeff" + HEADER)
    err = fatal(store, path, encoding="cp1251")
    assert "byte-order mark" in err.message and err.hint == "the file is UTF-8: leave out --encoding"


def test_unterminated_quote_is_fatal_at_its_line(tmp_path: Path, store: Store) -> None:
    csv = HEADER + "Demo One,DE,,2025-07-04,online,full,\n" + '"Demo Two,DE,,2025-07-04,online,full,\n' + "x\n" * 3
    path = write(tmp_path, "quote.csv", csv)
    err = fatal(store, path)
    assert (str(err.location), err.message) == (f"{path}:3", "a quoted field that starts on this line is never closed")


def test_missing_column_names_what_the_header_has(tmp_path: Path, store: Store) -> None:
    path = write(tmp_path, "cols.csv", "Full name,country,city\nDemo One,DE,Demo City\n")
    err = fatal(store, path)
    assert err.message == "no column for name, date (the header has: Full name, country, city)"
    assert "--map" in err.hint and str(err.location) == f"{path}:1"


def test_map_renames_columns(tmp_path: Path, store: Store) -> None:
    path = write(tmp_path, "mapped.csv", "Full name,Land,Signed\nDemo One,DE,2025-07-04\n")
    r = import_csv(store, path, mapping={"Full name": "name", "Land": "country"})
    assert r.accepted == 1 and counted(store) == ["Demo One"]


def test_schema_is_versioned(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    Store(path).close()
    import sqlite3

    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(InputError, match="newer letters"):
        Store(path)


def test_byte_offset_counts_the_bom(tmp_path: Path, store: Store) -> None:
    data = "\ufeff".encode() + HEADER.encode() + b"Demo \xff,DE,,2025-07-04,online,full,\n"
    err = fatal(store, write(tmp_path, "bom-bad.csv", data))
    at = data.index(b"\xff")
    assert err.message == f"byte {at} (0xff) is not valid utf-8"


def test_utf16_file_gets_a_utf16_hint(tmp_path: Path, store: Store) -> None:
    err = fatal(store, write(tmp_path, "utf16.csv", HEADER.encode("utf-16")))
    assert err.message.startswith("byte 0 (0xff)")
    assert err.hint == "the file starts with a UTF-16 byte-order mark: use --encoding utf-16"


def test_cli_report_lists_every_rejection_with_file_and_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import make_campaign

    root = make_campaign(tmp_path / "c", "petition")
    csv = (
        HEADER
        + "Demo One,DE,,2025-07-04,online,full,\nDemo Two,ZZ,,2025-07-04,online,,\nDemo Three,FR,,2025-07-04,,,\n"
    )
    path = write(tmp_path, "in.csv", csv)
    r = cli("signatures", "import", root, path)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert [x.split() for x in lines if x.startswith("│")] == [["│", "3", "│", "2", "│", "0", "│", "0", "│", "1", "│"]]
    assert f"{path}:3: rejected: country is not an ISO 3166-1 alpha-2 code (e.g. DE, UA)" in lines
    assert "1 row(s) with an empty or unknown display value are counted only, never named (lines 4)" in lines
    again = cli("signatures", "import", root, path)
    assert again.stdout.strip() == f"{path}: already imported (same content): nothing added"
    bad = cli(
        "signatures",
        "import",
        root,
        write(tmp_path, "cp.csv", "name,country,date\nТест,RU,2025-07-04\n".encode("cp1251")),
    )
    assert bad.exit_code == 1
    assert bad.stderr.startswith(f"Input error: {tmp_path / 'cp.csv'}:2: byte 18 (0xd2) is not valid utf-8")
    assert "hint: give the file's real encoding with --encoding (Russian data often comes as cp1251" in bad.stderr
