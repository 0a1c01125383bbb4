"""Letters addressed to several recipients at once (``addressing: group``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_campaign, pdf_text, run_cli


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = make_campaign(tmp_path_factory.mktemp("group") / "c", "group")
    out = root.parent / "out"
    run = run_cli("build", root, "--out", out, "--no-progress")
    assert run.exit_code == 0, run.stderr
    return root, out


def test_one_document_per_language_of_the_group_named_after_the_letter(built: tuple[Path, Path]) -> None:
    _root, out = built
    pdfs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert pdfs == ["appeal/ru/appeal.pdf", "appeal/uk/appeal.pdf"]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    entry = next(o for o in manifest["outputs"] if o["path"] == "appeal/ru/appeal.pdf")
    assert entry["recipient"] == "" and entry["recipients"] == ["ru-delegation", "ua-delegation"]


def test_recipients_are_listed_with_the_language_s_list_pattern_in_the_dative(built: tuple[Path, Path]) -> None:
    _root, out = built
    ru = pdf_text(out / "appeal" / "ru" / "appeal.pdf")
    assert "Руководителю российской делегации и Руководителю украинской делегации" in ru
    uk = pdf_text(out / "appeal" / "uk" / "appeal.pdf")
    # the Russian delegation has no Ukrainian dative yet: nominative office, never a guess
    assert "і Керівникові української делегації" in uk


def test_group_salutation_is_plural(built: tuple[Path, Path]) -> None:
    _root, out = built
    html = (out / "appeal" / "ru" / "appeal.html").read_text("utf-8")
    salutation = html.split('<p class="salutation">')[1].split("</p>")[0]
    assert salutation.startswith("Уважаем") and salutation.endswith("!")
    assert "Уважаемый" not in salutation  # not the singular form


def test_check_wants_a_dative_for_every_group_language(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", "group")
    run = run_cli("check", root)
    assert run.exit_code == 0, run.stderr
    assert "recipient 'ru-delegation' has no confirmed dative form for 'uk'" in run.stderr
    assert "recipient 'ua-delegation' has no confirmed dative form" not in run.stderr


def test_selecting_a_member_builds_the_group_letter(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", "group")
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out, "--recipient", "ua-delegation", "--format", "html", "--no-progress")
    assert run.exit_code == 0, run.stderr
    assert sorted(p.name for p in out.rglob("*.html")) == ["appeal.html", "appeal.html"]
    run = run_cli("build", root, "--out", tmp_path / "o2", "--recipient", "un-secretary-general", "--no-progress")
    assert run.exit_code == 0, run.stderr
    assert not list((tmp_path / "o2").rglob("*.pdf"))


def test_a_wrong_addressing_value_is_reported_with_its_line(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", "group")
    yaml = root / "campaign.yaml"
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(text.replace("addressing: group", "addressing: together"), encoding="utf-8")
    line = text.splitlines().index("    addressing: group") + 1
    run = run_cli("check", root)
    assert run.exit_code == 1
    assert f"campaign.yaml:{line}: error: letters.appeal.addressing: Input should be 'each' or 'group'" in run.stderr
    assert "hint: use one of the listed values" in run.stderr


def _group(lang: str, honorific: str, register: str = "letter") -> tuple[str, str]:
    from letters import address
    from letters.model import Recipient

    people = [
        Recipient.model_validate({"id": f"r{i}", "office": "X", "language": lang, "honorific": honorific})
        for i in (1, 2)
    ]
    g = address.address_group(people, lang, ["A", "B"], register)
    return g.salutation, g.valediction


@pytest.mark.parametrize(
    ("lang", "honorific", "register", "salutation", "closing"),
    [
        # the single recipient's "Voglia gradire" / "expresarle" would address one person
        (
            "it",
            "minister",
            "letter",
            "Gentili Signore e Signori,",
            "Vogliate gradire i sensi della nostra più alta considerazione.",
        ),
        (
            "it",
            "ambassador",
            "letter",
            "Eccellenze,",
            "Vogliate gradire, Eccellenze, i sensi della nostra più alta considerazione.",
        ),
        (
            "es",
            "minister",
            "letter",
            "Señoras y señores:",
            "Aprovechamos la ocasión para expresarles el testimonio de nuestra más alta consideración.",
        ),
        (
            "ru",
            "minister",
            "diplomatic",
            "Ваши Превосходительства,",
            "Пользуемся этим случаем, чтобы возобновить Вашим Превосходительствам "
            "уверения в нашем весьма высоком уважении.",
        ),
        (
            "en",
            "minister",
            "diplomatic",
            "Excellencies,",
            "Accept, Excellencies, the assurances of our highest consideration.",
        ),
        (
            "de",
            "minister",
            "letter",
            "Sehr geehrte Damen und Herren,",
            "Mit vorzüglicher Hochachtung",
        ),  # no group form needed
    ],
)
def test_a_group_letter_closes_in_the_plural(
    lang: str, honorific: str, register: str, salutation: str, closing: str
) -> None:
    assert _group(lang, honorific, register) == (salutation, closing)
