"""Shared by the per-language test modules (tests/test_lang_*.py): what an English leftover looks
like, and a fixture campaign whose letter text is in the language under test."""

from __future__ import annotations

from pathlib import Path

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
