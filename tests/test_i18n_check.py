"""``letters i18n check``: every problem of a PO file, with its line; unsafe translations never rendered.

Each ``tests/data/po/bad-*.po`` is one kind of problem. Its first lines say which language folder
it belongs in (``# lang: ru``) and what the check must print (``# expect: LINE CODE message``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "po"
BAD = sorted(p.name for p in DATA.glob("bad-*.po"))


def expectations(path: Path) -> tuple[str, list[tuple[int, str, str]]]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    lang = re.search(r"^# lang: (\S+)$", text, re.M).group(1)  # type: ignore[union-attr]
    expected = [
        (int(m.group(1)), m.group(2), m.group(3)) for m in re.finditer(r"^# expect: (\d+) (\S+) (.+)$", text, re.M)
    ]
    return lang, expected


def install(campaign_dir: Path, po: Path, lang: str, domain: str = "campaign") -> Path:
    target = campaign_dir / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(po, target)
    return target


@pytest.fixture
def scaffolded(tmp_path, cli):
    root = tmp_path / "c"
    assert cli("init", root).exit_code == 0
    return root


def test_bad_fixtures_cover_every_check():
    codes = {code for name in BAD for _line, code, _msg in expectations(DATA / name)[1]}
    assert codes >= {
        "unsafe-translation",
        "plural-count",
        "plural-rules",
        "bad-plural-forms",
        "bad-header",
        "language-mismatch",
        "bad-encoding",
        "malformed-po",
        "duplicate-entry",
    }


@pytest.mark.parametrize("name", BAD)
def test_bad_po_is_reported_with_its_line(name, scaffolded, cli):
    lang, expected = expectations(DATA / name)
    assert expected, f"{name} has no '# expect:' lines"
    install(scaffolded, DATA / name, lang)
    r = cli("i18n", "check", scaffolded)
    assert r.exit_code == 1, r.output
    shown = f"locales/{lang}/LC_MESSAGES/campaign.po"
    for line, code, message in expected:
        assert f"{shown}:{line}: error: {message} [{code}]" in r.stderr, r.stderr
    # nothing else: each fixture holds exactly the problems it declares
    assert r.stderr.count(": error: ") == len(expected), r.stderr


def test_fuzzy_is_a_warning_unless_strict(scaffolded, cli):
    lang, expected = expectations(DATA / "warn-fuzzy.po")
    install(scaffolded, DATA / "warn-fuzzy.po", lang)
    r = cli("i18n", "check", scaffolded)
    assert r.exit_code == 0, r.output
    ((line, code, message),) = expected
    assert f"locales/de/LC_MESSAGES/campaign.po:{line}: warning: {message} [{code}]" in r.stderr
    assert "0 error(s), 1 warning(s)" in r.stderr
    assert cli("i18n", "check", scaffolded, "--strict").exit_code == 1


def test_clean_catalogs_pass(scaffolded, cli):
    assert cli("i18n", "extract", scaffolded).exit_code == 0
    assert cli("i18n", "init", scaffolded, "ru").exit_code == 0
    r = cli("i18n", "check", scaffolded)
    assert r.exit_code == 0, r.output
    assert "1 catalog(s) checked: 0 error(s), 0 warning(s)" in r.stderr


def test_outdated_catalog_is_a_warning(scaffolded, cli):
    cli("i18n", "extract", scaffolded)
    cli("i18n", "init", scaffolded, "de")
    demands = scaffolded / "demands.yaml"
    demands.write_text(demands.read_text() + "\nexchange:\n  text: An exchange of all for all.\n")
    cli("i18n", "extract", scaffolded)
    r = cli("i18n", "check", scaffolded)
    assert r.exit_code == 0
    assert "out of date with the template: 1 string(s) missing here, 0 no longer used [outdated]" in r.stderr


# --- the same translations are never rendered ------------------------------------------------------


def _translate(po: Path, pairs: dict[str, str]) -> dict[str, int]:
    """Fill msgstr for the given msgids; return the line of each msgid."""
    lines = po.read_text(encoding="utf-8").splitlines()
    where = {}
    for i, line in enumerate(lines):
        for msgid, msgstr in pairs.items():
            if line == f'msgid "{msgid}"':
                assert lines[i + 1] == 'msgstr ""'
                lines[i + 1] = f'msgstr "{msgstr}"'
                where[msgid] = i + 1  # 1-based line of the msgid: problems are reported at the entry's msgid
    assert set(where) == set(pairs), "msgid not found as a one-line entry"
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return where


@pytest.fixture
def german(scaffolded, cli):
    """The scaffold with German as a campaign language and a German catalog holding two bad translations."""
    camp = scaffolded / "campaign.yaml"
    camp.write_text(camp.read_text().replace("languages: [en]", "languages: [en, de]"))
    cli("i18n", "extract", scaffolded)
    cli("i18n", "init", scaffolded, "de")
    po = scaffolded / "locales/de/LC_MESSAGES/campaign.po"
    demand = "Make the release of all political prisoners a term of any peace agreement."
    lines = _translate(
        po,
        {
            demand: "Die Freilassung <img src=x onerror=alert(1)> aller politischen Gefangenen.",
            "Number of political prisoners held": "Zahl der politischen Gefangenen ({fact:prisonerz})",
            "journalist": "Journalistin",
        },
    )
    return scaffolded, lines, demand


def test_unsafe_translations_are_rejected_by_check(german, cli):
    root, lines, demand = german
    r = cli("i18n", "check", root)
    assert r.exit_code == 1
    po = "locales/de/LC_MESSAGES/campaign.po"
    assert (
        f"{po}:{lines[demand]}: error: translation rejected: msgstr changes the markup "
        "(adds <img src=x onerror=alert(1)>) [unsafe-translation]"
    ) in r.stderr
    assert (
        f"{po}:{lines['Number of political prisoners held']}: error: translation rejected: msgstr has "
        "placeholders ['{fact:prisonerz}'], the source has [] [unsafe-translation]"
    ) in r.stderr
    assert cli("i18n", "status", root, "--json").stdout.count('"rejected": 2') == 1


def test_unsafe_translations_are_never_rendered(german, cli, tmp_path):
    root, lines, demand = german
    # a campaign language's catalog is checked before anything is rendered: the rejected message is
    # reported at its line and its source text used (issue 7: it must not stop the other documents);
    # check refuses, and so does a build under --strict
    r = cli("render", root, "--letter", "appeal", "--recipient", "un-secretary-general", "--locale", "de")
    assert r.exit_code == 0, r.output
    assert f"locales/de/LC_MESSAGES/campaign.po:{lines[demand]}: error: translation rejected" in r.stderr
    assert "<img" not in r.stdout and "onerror" not in r.stdout
    assert demand.rsplit(" ", 1)[0] in r.stdout  # the source text (its last word is wrapped with its note)
    assert cli("check", root).exit_code == 1
    out = tmp_path / "out"
    r = cli("build", root, "--out", out, "--format", "html", "--locale", "de", "--strict", "--no-progress")
    assert r.exit_code == 3  # under --strict the German documents fail; the others are still made
    assert "rejected (--strict)" in r.stderr
    assert not list((out / "appeal" / "de").rglob("*.html"))


def test_unsafe_translation_outside_campaign_languages_falls_back_to_source(german, cli):
    root, _lines, demand = german
    camp = root / "campaign.yaml"
    camp.write_text(camp.read_text().replace("languages: [en, de]", "languages: [en]"))
    r = cli("render", root, "--letter", "appeal", "--recipient", "un-secretary-general", "--locale", "de")
    assert r.exit_code == 0, r.output
    assert "<img" not in r.stdout and "onerror" not in r.stdout
    assert demand.rsplit(" ", 1)[0] in r.stdout  # the source string (its last word is wrapped with its note)
    assert "Journalistin" in r.stdout  # the good translation next to it is used


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        ("nplurals=1; plural=0;", True),  # Babel's gettext table
        ("nplurals=2; plural=(n != 1);", True),  # CLDR's one/other, as Weblate writes it
        ("nplurals=2; plural=(n > 1);", False),
    ],
)
def test_turkish_plural_rules_of_either_tradition_are_accepted(header, ok, scaffolded, cli):
    po = scaffolded / "locales" / "tr" / "LC_MESSAGES" / "campaign.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        f'msgid ""\nmsgstr ""\n"Language: tr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {header}\\n"\n',
        encoding="utf-8",
    )
    r = cli("i18n", "check", scaffolded)
    assert (r.exit_code == 0) is ok, r.output
    if not ok:
        assert "locales/tr/LC_MESSAGES/campaign.po:5: error: the plural expression picks form 0 for 0" in r.stderr
