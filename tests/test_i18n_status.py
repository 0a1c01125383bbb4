"""``letters i18n status``: counts on catalogs with known numbers; --fail-under and --json."""

from __future__ import annotations

import json

import pytest

# 9 entries: 3 translated, 2 fuzzy (one of them empty: it counts as untranslated), 1 rejected
# (markup), a plural with all 3 forms (translated) and one with a form missing (untranslated), 1 empty.
RU = r"""msgid ""
msgstr ""
"Language: ru\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

msgctxt "demand:a:text"
msgid "One"
msgstr "Один"

msgctxt "demand:b:text"
msgid "Two"
msgstr "Два"

#, fuzzy
msgctxt "demand:c:text"
msgid "Three"
msgstr "Три?"

#, fuzzy
msgctxt "demand:d:text"
msgid "Four"
msgstr ""

msgctxt "demand:e:text"
msgid "Five"
msgstr "Пять <b>жирно</b>"

msgid "%(count)s day"
msgid_plural "%(count)s days"
msgstr[0] "%(count)s день"
msgstr[1] "%(count)s дня"
msgstr[2] "%(count)s дней"

msgid "%(count)s week"
msgid_plural "%(count)s weeks"
msgstr[0] "%(count)s неделя"
msgstr[1] "%(count)s недели"
msgstr[2] ""

msgctxt "demand:f:text"
msgid "Six"
msgstr ""

msgctxt "demand:g:text"
msgid "Seven"
msgstr "Семь"
"""


@pytest.fixture
def root(tmp_path, cli):
    root = tmp_path / "c"
    assert cli("init", root).exit_code == 0
    camp = root / "campaign.yaml"
    camp.write_text(camp.read_text().replace("languages: [en]", "languages: [en, ru, uk]"))
    po = root / "locales" / "ru" / "LC_MESSAGES" / "campaign.po"
    po.parent.mkdir(parents=True)
    po.write_text(RU, encoding="utf-8")
    return root


def rows(cli, *args):
    r = cli("i18n", "status", *args, "--json")
    return r, {(row["language"], row["catalog"]): row for row in json.loads(r.stdout)["catalogs"]}


def test_counts_of_a_known_catalog(root, cli):
    r, table = rows(cli, root)
    assert r.exit_code == 0, r.output
    ru = table[("ru", "campaign")]
    assert (ru["translated"], ru["fuzzy"], ru["untranslated"], ru["rejected"], ru["total"]) == (4, 1, 3, 1, 9)
    assert ru["percent"] == 44.4 and ru["exists"] is True
    # a campaign language without a catalog yet: reported, nothing translated
    uk = table[("uk", "campaign")]
    assert uk["exists"] is False and uk["percent"] == 0.0
    # the toolkit's catalogs of the campaign's languages are shown too; the source language is not
    assert ("ru", "toolkit") in table and ("en", "campaign") not in table


def test_counts_follow_the_template_when_there_is_one(root, cli):
    assert cli("i18n", "extract", root).exit_code == 0
    _, table = rows(cli, root)
    ru = table[("ru", "campaign")]
    # none of the PO's entries are in the scaffold's template: all 12 of its strings are still to do
    assert (ru["translated"], ru["untranslated"], ru["total"]) == (0, 12, 12)


def test_table_and_fail_under(root, cli):
    r = cli("i18n", "status", root)
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].split() == [
        "language",
        "catalog",
        "translated",
        "fuzzy",
        "untranslated",
        "rejected",
        "total",
        "percent",
        "file",
    ]
    ru = next(line for line in lines if line.startswith("ru") and "campaign" in line)
    assert ru.split() == ["ru", "campaign", "4", "1", "3", "1", "9", "44.4%", "locales/ru/LC_MESSAGES/campaign.po"]
    assert "locales/uk/LC_MESSAGES/campaign.po (missing)" in r.stdout
    r = cli("i18n", "status", root, "--fail-under", "40")
    assert r.exit_code == 1  # uk has no catalog at all
    assert "below 40%: uk/campaign (0.0%)" in r.stderr and "ru/campaign" not in r.stderr
    camp = root / "campaign.yaml"
    camp.write_text(camp.read_text().replace("languages: [en, ru, uk]", "languages: [en, ru]"))
    assert cli("i18n", "status", root, "--fail-under", "40").exit_code == 0
    r = cli("i18n", "status", root, "--fail-under", "50")
    assert r.exit_code == 1 and "ru/campaign (44.4%)" in r.stderr


def test_an_unreadable_catalog_counts_as_nothing_translated(root, cli):
    po = root / "locales" / "ru" / "LC_MESSAGES" / "campaign.po"
    po.write_bytes(po.read_bytes().replace("Два".encode(), b"\xc4\xe2\xe0"))  # cp1251 bytes
    r, table = rows(cli, root, "--fail-under", "1")
    assert r.exit_code == 1
    assert table[("ru", "campaign")]["percent"] == 0.0
    assert "not valid UTF-8" in table[("ru", "campaign")]["error"]
