"""extract → init → update → status: the translator's round trip, through the real CLI and files."""

from __future__ import annotations

import gettext
import json
import os

import pytest
from babel.messages.pofile import read_po

from letters.i18n.extract import content_strings, extract_toolkit
from letters.i18n.layout import toolkit_domain

EPOCH = {"SOURCE_DATE_EPOCH": "1751500800"}  # 2025-07-03


@pytest.fixture
def root(tmp_path, cli):
    root = tmp_path / "c"
    assert cli("init", root).exit_code == 0
    return root


def po_of(root, lang="de"):
    return root / "locales" / lang / "LC_MESSAGES" / "campaign.po"


def read(path):
    with path.open("rb") as fh:
        return read_po(fh)


def translate(path, pairs):
    """Fill msgstr "" of one-line msgids (what a translator does in a PO editor)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        for msgid, msgstr in pairs.items():
            if line == f'msgid "{msgid}"' and lines[i + 1] == 'msgstr ""':
                lines[i + 1] = f'msgstr "{msgstr}"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def line_of(path, text):
    """1-based line of the first line of ``path`` containing ``text`` (so comments may move)."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- extract ---------------------------------------------------------------------------------------


def test_extract_gives_every_field_its_context_comment_and_line(root, cli):
    r = cli("i18n", "extract", root, env=EPOCH)
    assert r.exit_code == 0, r.output
    assert "locales/campaign.pot: 12 string(s)" in r.stdout
    pot = read(root / "locales" / "campaign.pot")
    office = pot.get("Secretary-General of the United Nations", "recipient:un-secretary-general:office")
    assert office.locations == [("recipients.yaml", line_of(root / "recipients.yaml", "office:"))]
    assert " ".join(office.auto_comments) == (  # Babel wraps long comments over several lines
        "Office of recipient un-secretary-general; used in the address block and salutation."
    )
    role = pot.get("journalist", "signatory:jane-example:role")
    assert role.locations == [("signatories.yaml", line_of(root / "signatories.yaml", "role: journalist"))]
    assert role.auto_comments == ["Role of signatory jane-example, shown after their name and age."]
    body = pot.get("Each of them has a name and a family waiting. We ask you to act now.", "letter:appeal:body.1")
    assert body.locations == [("campaign.yaml", line_of(root / "campaign.yaml", "- Each of them has a name"))]
    opening = next(m for m in pot if m.context == "letter:appeal:opening")
    assert any("Keep {fact:prisoners} exactly" in c for c in opening.auto_comments)
    # campaign content is never %-formatted: flagged so, whatever Babel guesses from a '%'
    assert all("no-python-format" in m.flags for m in pot if m.id)
    text = (root / "locales" / "campaign.pot").read_text()
    assert "POT-Creation-Date: 2025-07-03 00:00+0000" in text
    assert "python-format\n" not in text.replace("no-python-format", "")


def test_extract_is_deterministic_and_leaves_an_unchanged_template_alone(root, cli):
    pot = root / "locales" / "campaign.pot"
    cli("i18n", "extract", root, env=EPOCH)
    first = pot.read_bytes()
    os.utime(pot, (1, 1))
    r = cli("i18n", "extract", root)  # no SOURCE_DATE_EPOCH: still not rewritten, date kept
    assert "(unchanged)" in r.stdout
    assert pot.read_bytes() == first and pot.stat().st_mtime == 1
    edit(root / "demands.yaml", "a term of any peace agreement.", "a term of every peace agreement.")
    cli("i18n", "extract", root, env=EPOCH)
    second = pot.read_bytes()
    assert second != first
    cli("i18n", "extract", root, env=EPOCH)
    assert pot.read_bytes() == second


def test_only_publicly_named_signatories_reach_the_template(root, cli):
    edit(
        root / "signatories.yaml",
        "unnamed-signatories:\n  count: 3",
        "hidden-one:\n  name: Hidden Person\n  role: secret-role-text\n  consent:\n    level: initials\n"
        "    record: {method: signed letter, date: 2025-06-30}\n\ngone:\n  name: Gone Person\n"
        "  role: withdrawn-role-text\n  consent:\n    level: withdrawn\n"
        "    record: {method: signed letter, date: 2025-06-30}\n\nunnamed-signatories:\n  count: 3",
    )
    assert cli("i18n", "extract", root).exit_code == 0
    text = (root / "locales" / "campaign.pot").read_text()
    for leaked in ("hidden-one", "secret-role-text", "gone", "withdrawn-role-text", "Hidden", "Gone"):
        assert leaked not in text
    assert "signatory:jane-example:role" in text


def test_campaign_templates_are_extracted_with_translator_comments(root, cli):
    (root / "templates" / "extra.html.j2").write_text(
        "<p>\n{#- Translators: the greeting on the cover page -#}\n{{ pgettext('cover', 'Dear friends') }}\n"
        "{% trans count=n %}{{ count }} day{% pluralize %}{{ count }} days{% endtrans %}</p>\n"
    )
    assert cli("i18n", "extract", root).exit_code == 0
    pot = read(root / "locales" / "campaign.pot")
    greet = pot.get("Dear friends", "cover")
    assert greet.locations == [("templates/extra.html.j2", 3)]
    assert greet.auto_comments == ["the greeting on the cover page"]
    assert pot.get("%(count)s day").id == ("%(count)s day", "%(count)s days")


def test_a_template_that_does_not_parse_is_an_error_with_its_line(root, cli):
    (root / "templates" / "broken.html.j2").write_text("<p>ok</p>\n{% trans %}Hello\n<p>{% if %}</p>\n")
    r = cli("i18n", "extract", root)
    assert r.exit_code == 1
    assert "Translation error: templates/broken.html.j2:3: template cannot be parsed:" in r.stderr
    assert not (root / "locales" / "campaign.pot").exists()


def test_a_campaign_with_schema_errors_is_not_extracted(root, cli):
    edit(root / "demands.yaml", "  facts: [prisoners]", "  facts: [prisoners]\n  txet: typo")
    r = cli("i18n", "extract", root)
    assert r.exit_code == 1
    assert "demands.yaml:5: error: unknown field 'txet'" in r.stderr


def test_extraction_covers_everything_the_renderer_looks_up(root, cli):
    """Render in a language with no catalogs: every string it missed must be in a template."""
    from letters.build import Session
    from letters.plan import Job

    edit(root / "recipients.yaml", "  tags: [un]", "  tags: [un]\n  attention: Office of the Chef de Cabinet")
    cli("i18n", "extract", root)
    session = Session(root)
    r = session.render(Job("appeal", "sw", "un-secretary-general", ("html",)))
    campaign = {(m.context, m.id) for m in read(root / "locales" / "campaign.pot") if m.id}
    toolkit = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in extract_toolkit(toolkit_domain()) if m.id
    }
    missing = r.translator.missing()
    assert missing
    for kind, ctx, msgid in missing:
        assert (ctx, msgid) in (campaign if kind == "content" else toolkit), (kind, ctx, msgid)
    assert {ctx for kind, ctx, _ in missing if kind == "content"} == {c for c, _ in campaign}


def test_toolkit_template_is_in_sync_with_the_sources(cli):
    """`letters i18n extract --toolkit` would write the strings locales/letters.pot already holds."""
    pot = toolkit_domain().pot
    committed = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read(pot) if m.id}
    fresh = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in extract_toolkit(toolkit_domain()) if m.id}
    assert fresh == committed
    qualifier = extract_toolkit(toolkit_domain()).get("at least %(value)s", "fact qualifier")
    assert qualifier.locations and qualifier.locations[0][0] == "letters/compose.py"


def test_content_strings_follow_the_models_translatable_fields(root):
    from letters.load import load_campaign

    loaded = load_campaign(root)
    kinds = {(s.kind, s.field) for s in content_strings(loaded.campaign, loaded.index)}
    assert kinds == {
        ("campaign", "title"),
        ("campaign", "place"),
        ("sender", "name"),
        ("sender", "lines"),
        ("letter", "subject"),
        ("letter", "opening"),
        ("letter", "body"),
        ("letter", "closing"),
        ("signatory", "role"),
        ("recipient", "office"),
        ("demand", "text"),
        ("fact", "claim"),
    }


# --- init ------------------------------------------------------------------------------------------


def test_init_writes_the_languages_plural_rules_and_never_overwrites(root, cli):
    cli("i18n", "extract", root)
    r = cli("i18n", "init", root, "ru")
    assert r.exit_code == 0, r.output
    assert "created locales/ru/LC_MESSAGES/campaign.po" in r.stdout
    cat = read(po_of(root, "ru"))
    assert str(cat.locale) == "ru" and cat.num_plurals == 3
    picks = gettext.c2py(cat.plural_expr)  # judged by what it does, not how it is spaced
    assert [picks(n) for n in (1, 2, 5, 11, 21, 22, 25, 101, 111)] == [0, 1, 2, 2, 0, 1, 2, 0, 2]
    assert len([m for m in cat if m.id]) == 12 and not cat.fuzzy
    before = po_of(root, "ru").read_bytes()
    r = cli("i18n", "init", root, "ru")
    assert r.exit_code == 1
    assert "locales/ru/LC_MESSAGES/campaign.po: this language already has a catalog" in r.stderr
    assert po_of(root, "ru").read_bytes() == before
    assert read(po_of(root, "ar") if cli("i18n", "init", root, "ar").exit_code == 0 else None).num_plurals == 6


def test_init_refuses_unknown_languages_and_a_missing_template(root, cli):
    r = cli("i18n", "init", root, "de")
    assert r.exit_code == 1
    assert "no catalog template campaign.pot yet" in r.stderr and "letters i18n extract" in r.stderr
    cli("i18n", "extract", root)
    r = cli("i18n", "init", root, "xx-nowhere")
    assert r.exit_code == 1 and "unknown language code 'xx-nowhere'" in r.stderr


# --- update ----------------------------------------------------------------------------------------

DEMAND = "Make the release of all political prisoners a term of any peace agreement."
BODY = "Each of them has a name and a family waiting. We ask you to act now."


@pytest.fixture
def translated(root, cli):
    cli("i18n", "extract", root, env=EPOCH)
    cli("i18n", "init", root, "de", env=EPOCH)
    translate(
        po_of(root),
        {
            DEMAND: "Macht die Freilassung zur Bedingung.",
            BODY: "Jeder von ihnen hat einen Namen.",
            "journalist": "Journalistin",
            "London": "London",
        },
    )
    return root


def test_update_round_trip_keeps_every_translation(translated, cli):
    root = translated
    edit(root / "demands.yaml", DEMAND, "Make the release of every political prisoner a condition of peace.")
    edit(root / "signatories.yaml", "  role: journalist                   # translatable\n", "")
    edit(root / "campaign.yaml", f"      - {BODY}", f"      - A new first paragraph.\n      - {BODY}")
    assert cli("i18n", "extract", root, env=EPOCH).exit_code == 0
    r = cli("i18n", "update", root)
    assert r.exit_code == 0, r.output
    assert "locales/de/LC_MESSAGES/campaign.po: 1 new, 1 fuzzy, 1 obsolete" in r.stdout
    cat = read(po_of(root))
    changed = cat.get("Make the release of every political prisoner a condition of peace.", "demand:release:text")
    assert changed.fuzzy and changed.string == "Macht die Freilassung zur Bedingung."
    moved = cat.get(BODY, "letter:appeal:body.2")  # a paragraph moved down keeps its translation, not fuzzy
    assert moved.string == "Jeder von ihnen hat einen Namen." and not moved.fuzzy
    assert cat.get("A new first paragraph.", "letter:appeal:body.1").string == ""
    gone = cat.obsolete[("journalist", "signatory:jane-example:role")]
    assert gone.string == "Journalistin"
    text = po_of(root).read_text()
    assert '#~ msgid "journalist"' in text
    # the translator sees what the source said before (Babel wraps it at 76 columns)
    assert '#| msgid "Make the release of all political prisoners a term of any peace' in text
    # the fuzzy translation is not used; status says so
    st = json.loads(cli("i18n", "status", root, "--json").stdout)["catalogs"]
    de = next(row for row in st if row["language"] == "de" and row["catalog"] == "campaign")
    assert (de["translated"], de["fuzzy"], de["untranslated"], de["total"]) == (2, 1, 9, 12)


def test_update_restores_a_string_that_comes_back_and_is_idempotent(translated, cli):
    root = translated
    original = (root / "signatories.yaml").read_text()
    edit(root / "signatories.yaml", "  role: journalist                   # translatable\n", "")
    cli("i18n", "extract", root, env=EPOCH)
    cli("i18n", "update", root)
    (root / "signatories.yaml").write_text(original)
    cli("i18n", "extract", root, env=EPOCH)
    r = cli("i18n", "update", root)
    assert "1 restored" in r.stdout
    cat = read(po_of(root))
    assert cat.get("journalist", "signatory:jane-example:role").string == "Journalistin"
    assert not cat.obsolete
    before = po_of(root).read_bytes()
    r = cli("i18n", "update", root)
    assert "0 new, 0 fuzzy, 0 obsolete (unchanged)" in r.stdout
    assert po_of(root).read_bytes() == before


def test_update_without_a_template_says_what_to_do(root, cli):
    r = cli("i18n", "update", root)
    assert r.exit_code == 1
    assert "no catalog template campaign.pot yet" in r.stderr and "letters i18n extract" in r.stderr
