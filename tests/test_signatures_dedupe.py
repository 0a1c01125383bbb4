"""The de-duplication key, e-mail canonical forms, look-alike flags, withdrawal and invalidation."""

from __future__ import annotations

from pathlib import Path

import pytest

from letters.errors import InputError
from letters.signatures import normalize
from letters.signatures.csvimport import import_csv
from letters.signatures.store import Store, invalidate, stats, withdraw

HEADER = "name,country,city,date,email\n"


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "s.sqlite3") as s:
        yield s


def load(store: Store, tmp_path: Path, body: str, name: str = "in.csv"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(HEADER + body, "utf-8")
    return import_csv(store, path)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("Demo.Person+petition@GoogleMail.com", "demoperson@gmail.com"),
        ("demo.person@gmail.com", "demoperson@gmail.com"),
        ("Demo+x@Yandex.RU", "demo@yandex.ru"),
        ("demo+x@ya.ru", "demo@yandex.ru"),
        ("Demo.Person+tag@example.org", "demo.person+tag@example.org"),  # unknown domain: only case
        ("demo@пример.рф", "demo@xn--e1afmkfd.xn--p1ai"),
        ("not an address", None),
        ("two@@example.org", None),
    ],
)
def test_email_canonical_form(raw: str, canonical: str | None) -> None:
    assert normalize.canonical_email(raw) == canonical


def test_key_folds_case_width_spaces_and_invisible_characters() -> None:
    a = normalize.dedupe_key(normalize.clean_text("Demo  Person"), "DE", "Demo City", None)
    b = normalize.dedupe_key(normalize.clean_text("ＤＥＭＯ\u200b person\u00ad"), "DE", " demo\tcity ", None)
    assert a == b == "n:demo person|DE|demo city"


def test_exact_duplicates_are_kept_ranked_earliest_counts(tmp_path: Path, store: Store) -> None:
    r = load(
        store,
        tmp_path,
        "Demo Person,DE,,2025-07-04,\n"
        "demo  person,de,,2025-07-09,\n"  # same signer, later
        "Demo Person,DE,Other City,2025-07-04,\n"  # another city: another signer
        "Mail Demo,DE,,2025-07-04,demo.mail@gmail.com\n"
        "Mail Demo Renamed,FR,,2025-07-05,DemoMail+x@googlemail.com\n",  # same mailbox
    )
    assert (r.accepted, r.duplicates) == (3, 2)
    rows = store.db.execute("SELECT name, duplicate_of IS NOT NULL FROM signatures ORDER BY seq").fetchall()
    assert [tuple(x) for x in rows] == [
        ("Demo Person", 0),
        ("demo person", 1),
        ("Demo Person", 0),
        ("Mail Demo", 0),
        ("Mail Demo Renamed", 1),
    ]
    assert stats(store).counted == 3


def test_lookalikes_are_flagged_never_merged(tmp_path: Path, store: Store) -> None:
    r = load(
        store,
        tmp_path,
        "Alexey Demo,RU,,2025-07-04,\n"
        "\u0410lexey Demo,RU,,2025-07-04,\n"  # Cyrillic А in a Latin word
        "Алёна Тестовая,RU,,2025-07-04,\n"
        "Алена Тестовая,RU,,2025-07-05,\n"  # Ё / Е
        "Unrelated Demo,RU,,2025-07-05,\n",
    )
    assert (r.accepted, r.duplicates, r.flagged) == (5, 0, 4)
    flags = dict(store.db.execute("SELECT name, flag FROM signatures").fetchall())
    assert flags == {
        "Alexey Demo": "look-alike",
        "\u0410lexey Demo": "mixed-scripts",
        "Алёна Тестовая": "look-alike",
        "Алена Тестовая": "look-alike",
        "Unrelated Demo": None,
    }
    assert stats(store).counted == 5  # flagged signatures still count until a person decides


def test_lookalike_across_imports_flags_both(tmp_path: Path, store: Store) -> None:
    load(store, tmp_path, "Ольга Демо,UA,,2025-07-04,\n", "a.csv")
    r = load(store, tmp_path, "Ольга Дeмо,UA,,2025-07-06,\n", "b.csv")  # Latin e
    assert r.flagged == 1
    assert store.db.execute("SELECT count(*) FROM signatures WHERE flag IS NOT NULL").fetchone()[0] == 2


def test_withdrawal_erases_and_records_only_that_it_happened(tmp_path: Path, store: Store) -> None:
    load(store, tmp_path, "Demo Leaver,DE,Demo City,2025-07-04,leaver@example.org\nDemo Stayer,DE,,2025-07-04,\n")
    load(store, tmp_path, "Again Leaver,DE,,2025-07-09,LEAVER@example.org\n", "b.csv")  # a ranked duplicate
    sid = store.db.execute("SELECT id FROM signatures WHERE name = 'Demo Leaver'").fetchone()[0]
    assert withdraw(store, [sid]) == 2
    s = stats(store)
    assert (s.counted, s.withdrawn) == (1, 2)
    leftovers = store.db.execute("SELECT name, city, email FROM signatures WHERE withdrawn = 1").fetchall()
    assert [tuple(x) for x in leftovers] == [("", None, None), ("", None, None)]
    event = store.events()[-1]
    assert event[1:] == ("withdrawal", 2, None, None)  # no id, no name
    with pytest.raises(InputError, match="no signature with id"):
        withdraw(store, ["nope"])


def test_invalidate_counts_first_then_applies_with_audit(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "partner.csv"
    path.write_text(HEADER + "Demo A,DE,,2025-07-04,\nDemo B,FR,,2025-07-04,\n", "utf-8")
    import_csv(store, path, source="partner-x")
    load(store, tmp_path, "Demo C,DE,,2025-07-04,\n", "own.csv")
    assert invalidate(store, ["source=partner-x"], "not verified", dry_run=True) == 2
    assert stats(store).counted == 3  # the dry run changed nothing
    assert invalidate(store, ["source=partner-x", "country=DE"], "not verified", dry_run=False) == 1
    assert stats(store).counted == 2 and stats(store).invalidated == 1
    assert store.events()[-1][1:] == ("invalidation", 1, "not verified", "source=partner-x AND country=DE")
    with pytest.raises(InputError, match="FIELD=VALUE"):
        invalidate(store, ["name; DROP TABLE signatures"], "x", dry_run=True)


@pytest.mark.parametrize(
    ("plain", "spoof", "script"),
    [
        ("John Demo", "J\u0585hn Demo", "Armenian oh"),  # օ
        ("Suren Demo", "Sure\u0578 Demo", "Armenian vo"),  # ո looks like n
        ("Alex Demo", "\u0391lex Demo", "Greek capital alpha"),
        ("Nikos Demo", "Nik\u03bfs Demo", "Greek omicron"),
        ("Sergey Demo", "\u0405erg\u0435y Demo", "Cyrillic dze and ie"),
        ("Ivan Demo", "\u0406van Demo", "Cyrillic byelorussian-ukrainian i"),
    ],
)
def test_a_letter_from_another_script_in_a_latin_name_is_flagged(
    tmp_path: Path, store: Store, plain: str, spoof: str, script: str
) -> None:
    r = load(store, tmp_path, f"{plain},DE,,2025-07-04,\n{spoof},DE,,2025-07-05,\n")
    assert (r.accepted, r.duplicates, r.flagged) == (2, 0, 2), script
    flags = dict(store.db.execute("SELECT name, flag FROM signatures").fetchall())
    assert flags == {plain: "look-alike", spoof: "mixed-scripts"}, script


def test_whole_script_look_alikes_share_a_uts39_skeleton() -> None:
    # one script each, no word mixes scripts: only the confusables data ties them together
    assert normalize.skeleton("n:\u0585\u0563|am|") == normalize.skeleton("n:oq|am|")  # Armenian օգ / Latin oq
    assert normalize.skeleton("n:\u0430\u0441\u0435|ru|") == normalize.skeleton("n:ace|ru|")  # Cyrillic асе
    assert normalize.skeleton("n:\u03bf\u03b9|gr|") == normalize.skeleton("n:oi|gr|")  # Greek οι / Latin oi
    assert not normalize.mixed_scripts("\u0585\u0563") and not normalize.mixed_scripts("\u0430\u0441\u0435")
    # real differences stay different: accents, Georgian and Armenian letters that look like nothing Latin
    assert normalize.skeleton("n:anna|de|") != normalize.skeleton("n:\u00e1nna|de|")
    assert normalize.skeleton("n:\u10dc\u10d8\u10dc\u10dd|ge|") != normalize.skeleton("n:nino|ge|")
    assert normalize.mixed_scripts("\u10dc\u10d8\u10dco")  # Georgian with a Latin o
    assert not normalize.mixed_scripts("Jean-Luc \u00cbmile")
    assert not normalize.mixed_scripts("\u5c71\u7530 \u306f\u306a\u3053")  # Japanese: Han and kana together


def test_the_confusables_data_is_the_cited_unicode_file() -> None:
    from letters.resources import data_dir

    head = (data_dir() / normalize.CONFUSABLES).read_text("utf-8").splitlines()[:8]
    assert head[0] == "# confusables.txt" and "# Version: 17.0.0" in head
    table = normalize.prototypes()
    assert len(table) > 6000
    assert (table["\u0430"], table["\u0585"], table["\u03b1"], table["\u10e7"]) == ("a", "o", "a", "y")
