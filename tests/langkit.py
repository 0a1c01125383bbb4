"""Shared by the per-language test modules (tests/test_lang_*.py): what an English leftover looks
like, a fixture campaign whose letter text is in the language under test, its signatories and
sources, and the rendered letter's text."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import fold_spaces, run_cli

CONSENT = "consent: {level: public, record: {method: signed letter, date: 2025-06-30, via: coordinator}}"

# what the English toolkit would print if a string or a rule were missing in a language
ENGLISH = (
    "Subject:",
    "Signed by",
    "person:",
    "people:",
    "year old",
    "years old",
    "not named",
    "Sources",
    "as of",
    "at least",
    "more than",
    "imprisoned",
    "For the attention",
    "attention",
    "Yours",
    "Dear",
    " of 1",
)


def translate_letter(root: Path, lang: str, texts: tuple[str, str, str, str, str]) -> None:
    """Make the minimal campaign's letter (subject, opening, body, closing) and its one demand
    speak ``lang``, the campaign's source language."""
    subject, opening, body, closing, demand = texts
    text = (root / "campaign.yaml").read_text("utf-8")
    text = text.replace("source_language: en", f"source_language: {lang}").replace("[en]", f"[{lang}]")
    text = text.replace("Release of political prisoners as a term of any peace agreement", subject)
    text = text.replace("Today {fact:prisoners} people are held for political reasons.", opening)
    text = text.replace("Each of them has a family waiting.", body).replace("We thank you for your attention.", closing)
    (root / "campaign.yaml").write_text(text, "utf-8")
    (root / "demands.yaml").write_text(f"release:\n  text: {demand}\n  facts: [prisoners]\n", "utf-8")


def people(n: int, named: tuple[str, str, int] | None = None) -> str:
    """signatories.yaml: ``n`` unnamed signatories, after one named (id, name, age) if given."""
    text = f"others:\n  count: {n}\n  consent: {{level: anonymous}}\n"
    if named:
        rid, name, age = named
        text = f"{rid}:\n  name: {name}\n  age: {age}\n  {CONSENT}\n" + text
    return text


def letter_text(root: Path, lang: str, recipient: str) -> str:
    """The campaign's appeal to ``recipient`` in ``lang``, rendered: its body's text without tags,
    spaces folded."""
    from letters.build import Session
    from letters.plan import Job

    session = Session(root)
    session.require_valid()
    html = session.render(Job("appeal", lang, recipient, ("html",))).html
    return str(fold_spaces(re.sub(r"<[^>]+>", "", html.split("<body", 1)[1])))


def write_facts_and_sources(root: Path, c: dict[str, str], signatories: str | None) -> None:
    """facts.yaml (two numbers with the claims ``c['claim1']``/``c['claim2']``), demands.yaml
    (``c['demand']``), sources.yaml, and signatories.yaml (``signatories``, or by default one named
    imprisoned signatory ``c['name']``/``c['role']`` and five unnamed)."""
    (root / "facts.yaml").write_text(
        f"prisoners:\n  claim: {c['claim1']}\n  type: number\n  value: 10000\n  qualifier: at-least\n"
        "  as_of: 2025-07-01\n  source: example-report\n"
        f"laws:\n  claim: {c['claim2']}\n  type: number\n  value: 100\n  qualifier: more-than\n"
        "  as_of: 2025-06-15\n  source: example-report\n",
        "utf-8",
    )
    (root / "demands.yaml").write_text(f"release:\n  text: {c['demand']}\n  facts: [prisoners]\n", "utf-8")
    (root / "sources.yaml").write_text(
        "example-report:\n  publisher: Example Monitor\n  title: Annual report 2025\n"
        "  url: https://example.org/report\n  date: 2025-07-01\n",
        "utf-8",
    )
    if signatories is None:
        signatories = (
            f"named:\n  name: {c['name']}\n  role: {c['role']}\n  age: 41\n  status: imprisoned\n  {CONSENT}\n"
            f"others:\n  count: 5\n  {CONSENT.replace('public', 'anonymous')}\n"
        )
    (root / "signatories.yaml").write_text(signatories, "utf-8")


def minister_letter_pdf(root: Path, out: Path, lang: str, recipient: str, signatory: str) -> Path:
    """Give the campaign one minister (``recipient``: its recipients.yaml text) and one named,
    imprisoned signatory with 21 unnamed others; assert that check finds nothing missing for it (no
    glyph, translation, address rule or gender), build it, and return the minister's PDF."""
    (root / "recipients.yaml").write_text(recipient, "utf-8")
    (root / "signatories.yaml").write_text(
        f"named:\n  name: {signatory}\n  age: 63\n  status: imprisoned\n  {CONSENT}\n"
        "others:\n  count: 21\n  consent: {level: anonymous}\n",
        "utf-8",
    )
    check = run_cli("check", root)
    assert check.exit_code == 0, check.output
    for code in ("missing-glyph", "missing-translation", "no-address-rules", "needs-gender"):
        assert code not in check.output, check.output
    run = run_cli("build", root, "--out", out)
    assert run.exit_code == 0, run.output
    return out / "appeal" / lang / "minister.pdf"
