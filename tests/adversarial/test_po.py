"""Point 5: translators cannot crash a batch or hide text. A bad message is rejected by
'letters i18n check', 'letters check' and 'letters build' alike with file:line, and the build
uses the source text instead (or refuses under --strict); malformed PO is an error at load in
all three commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_campaign, run_cli

from adversarial.canary import CANARY, leaks

HEAD = (
    'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
SUBJECT = 'msgctxt "letter:appeal:subject"\nmsgid "Release of political prisoners as a term of any peace agreement"\n'
SOURCE_SUBJECT = "Release of political prisoners as a term of any peace agreement"


def with_po(tmp_path: Path, po: str, template: str | None = None) -> Path:
    root = make_campaign(tmp_path / "campaign", "multilang")
    (root / "locales/de/LC_MESSAGES/campaign.po").write_bytes(po.encode("utf-8"))
    if template is not None:
        (root / "templates").mkdir()
        (root / "templates/appeal.html.j2").write_text(template, "utf-8")
    return root


def three_commands(root: Path, out: Path) -> tuple:  # type: ignore[type-arg]
    return (
        run_cli("i18n", "check", root),
        run_cli("check", root),
        run_cli("build", root, "--out", out, "--locale", "de", "--format", "html"),
    )


TITLE_TEMPLATE = (
    '<!DOCTYPE html><html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ subject }}</title></head>'
    '<body><p title="{% trans %}Yours respectfully,{% endtrans %}">{{ subject }}</p>'
    "<p>{% trans %}Signed by 100%% of us{% endtrans %}</p></body></html>\n"
)
BAD_MESSAGES = {
    "added-placeholder": (SUBJECT + 'msgstr "Freilassung {fact:prisoners} ' + CANARY + '"\n', 8, "has placeholders"),
    "added-percent-placeholder": (
        'msgid "Signed by 100%% of us"\nmsgstr "Von %(who)s ' + CANARY + ' unterzeichnet"\n',
        7,
        "has placeholders",
    ),
    "stray-percent": ('msgid "Signed by 100%% of us"\nmsgstr "Von 100% ' + CANARY + '"\n', 7, "stray '%'"),
    "no-python-format-flag": (
        '#, no-python-format\nmsgid "Signed by 100%% of us"\nmsgstr "100% ' + CANARY + '"\n',
        8,
        "stray '%'",
    ),
    "attribute-breakout": (
        'msgid "Yours respectfully,"\nmsgstr "x\\" onmouseover=\\"alert(1)\\" data-c=\\"' + CANARY + '"\n',
        7,
        "writes an attribute",
    ),
    "style-in-attribute": (
        "msgid \"Yours respectfully,\"\nmsgstr \"x' style='display:none' data-c='" + CANARY + '"\n',
        7,
        "writes an attribute",
    ),
    "added-markup": (SUBJECT + 'msgstr "<span hidden>' + CANARY + '</span>"\n', 8, "changes the markup"),
}


@pytest.mark.parametrize("case", BAD_MESSAGES)
def test_a_bad_message_is_rejected_alike_and_the_source_is_used(case: str, tmp_path: Path) -> None:
    body, line, reason = BAD_MESSAGES[case]
    root = with_po(tmp_path, HEAD + body, TITLE_TEMPLATE)
    out = tmp_path / "out"
    where = f"locales/de/LC_MESSAGES/campaign.po:{line}: error: translation rejected: "
    for run in three_commands(root, out)[:2]:
        assert run.exit_code == 1
        assert where in run.stderr and reason in run.stderr, run.stderr
    build = three_commands(root, out)[2]
    assert build.exit_code == 0, build.output  # the other documents, and this one with the source text
    assert where in build.stderr
    html = (out / "appeal/de/us-envoy.html").read_text("utf-8")
    assert CANARY not in html and "onmouseover" not in html
    assert SOURCE_SUBJECT in html or "Yours respectfully," in html or "Signed by 100% of us" in html
    strict = run_cli("build", root, "--out", tmp_path / "strict", "--strict", "--format", "html")
    assert strict.exit_code == 3  # the German documents fail, the others are made
    assert "rejected (--strict)" in strict.stderr
    assert not (tmp_path / "strict/appeal/de/us-envoy.html").exists()
    assert (tmp_path / "strict/appeal/en/us-envoy.html").is_file()
    assert leaks(CANARY, out=tmp_path / "strict") == []


MALFORMED = {
    "unterminated-string": (SUBJECT + 'msgstr "Freilassung\n', 9, "not closed"),
    "bad-escape": (SUBJECT + 'msgstr "Frei\\qlassung"\n', 9, "unknown escape '\\q'"),
    "orphan-msgstr": ('msgstr "x"\n\n' + SUBJECT + 'msgstr "Freilassung"\n', 7, "a second msgstr for one msgid"),
    "duplicate-entry": (SUBJECT + 'msgstr "A"\n\n' + SUBJECT + 'msgstr "B"\n', 12, "first on line 8"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_po_is_an_error_at_load_in_every_command(case: str, tmp_path: Path) -> None:
    body, line, reason = MALFORMED[case]
    root = with_po(tmp_path, HEAD + body)
    for run in three_commands(root, tmp_path / "out"):
        assert run.exit_code == 1, run.output
        assert f"locales/de/LC_MESSAGES/campaign.po:{line}: error: " in run.stderr
        assert "Internal error" not in run.output
    assert reason in run_cli("check", root).stderr
    assert not (tmp_path / "out" / "appeal").exists()


def test_a_charset_that_does_not_match_the_bytes_is_an_error_everywhere(tmp_path: Path) -> None:
    po = HEAD.replace("UTF-8", "ISO-8859-1") + SUBJECT + 'msgstr "Freilassung f\u00fcr alle"\n'
    root = with_po(tmp_path, po)
    for run in three_commands(root, tmp_path / "out"):
        assert run.exit_code == 1
        assert "locales/de/LC_MESSAGES/campaign.po:4: error: " in run.stderr
        assert "ISO-8859-1" in run.stderr
