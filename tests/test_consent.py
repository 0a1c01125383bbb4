"""Signatories appear exactly as consented, and a withdrawn one nowhere at all.

The ``consent`` overlay has one signatory per level (see tests/roots/consent/signatories.yaml).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import all_output_text, fold_spaces, make_campaign, pdf_raw_text, run_cli

from letters.build import Session
from letters.plan import Job

WITHDRAWN = [
    "Dorothea Withdrawnova",
    "Withdrawnova",
    "Доротея Отозванова",
    "Отозванова",
    "beekeeper",
    "dorothea-withdrawn",
]
ANONYMOUS = ["Carl Anonymusson", "Anonymusson", "lighthousekeeper"]
INITIALS_HIDDEN = ["Boris Initsky", "Initsky", "Борис Иницкий", "Иницкий", "schoolmaster"]


@pytest.fixture(scope="module")
def consent_build(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("consent")
    root = make_campaign(base / "campaign", "consent")
    out = base / "out"
    runs = [
        run_cli("check", root),
        run_cli("build", root, "--out", out, "--locale", "uk"),
        run_cli("render", root, "--letter", "appeal", "--recipient", "ru-delegation"),
    ]
    assert runs[0].exit_code == 0, runs[0].output
    assert runs[1].exit_code == 0, runs[1].output
    assert runs[2].exit_code == 0, runs[2].output
    return root, out, runs


def html(out: Path, lang: str, rid: str) -> str:
    return (out / "appeal" / lang / f"{rid}.html").read_text("utf-8")


def signatories_section(page: str) -> str:
    return page.split('<section class="signatories">', 1)[1].split("</section>", 1)[0]


def test_the_build_made_every_document(consent_build) -> None:
    _, out, _ = consent_build
    assert len(list(out.rglob("*.pdf"))) == 4  # 2 recipients × (own language + uk)
    assert len(list(out.rglob("*.html"))) == 4


@pytest.mark.parametrize("name", WITHDRAWN)
def test_withdrawn_signatory_appears_nowhere(name: str, consent_build) -> None:
    _, out, runs = consent_build
    for label, text in all_output_text(out):
        assert name not in text, f"{name!r} found in {label}"
    for run in runs:
        assert name not in run.stdout and name not in run.stderr


@pytest.mark.parametrize("name", ANONYMOUS + INITIALS_HIDDEN)
def test_anonymous_and_initials_signatories_are_not_named(name: str, consent_build) -> None:
    _, out, runs = consent_build
    for label, text in all_output_text(out):
        assert name not in text, f"{name!r} found in {label}"
    assert name not in runs[2].stdout


@pytest.mark.parametrize(
    ("lang", "rid", "public", "initials"),
    [
        ("en", "us-envoy", "Alice Gorinova", "B.\u00a0I."),
        ("ru", "ru-delegation", "Алиса Горинова", "Б.\u00a0И."),
        ("uk", "us-envoy", "Алиса Горинова", "Б.\u00a0И."),  # no Ukrainian form: the Cyrillic one
    ],
)
def test_named_as_consented(lang: str, rid: str, public: str, initials: str, consent_build) -> None:
    _, out, _ = consent_build
    section = signatories_section(html(out, lang, rid))
    names = re.findall(r'<span class="name">([^<]*)</span>', section)
    assert names == [public, initials]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    public_item, initials_item = items[0], items[1]
    assert "63" in public_item  # public: full name with age and role
    assert "77" not in initials_item and "schoolmaster" not in initials_item  # initials: no role, no age
    pdf = fold_spaces(pdf_raw_text(out / "appeal" / lang / f"{rid}.pdf"))
    assert public in pdf
    assert fold_spaces(initials) in pdf


def test_total_counts_everyone_but_the_withdrawn(consent_build) -> None:
    """public 1 + initials 1 + anonymous 1 + group of 9 = 12; the withdrawn one is not counted."""
    _, out, _ = consent_build
    en = signatories_section(html(out, "en", "us-envoy"))
    assert "Signed by 12 people:" in fold_spaces(en)
    assert "and 10 other signatories who are not named" in fold_spaces(en)
    for lang, rid in [("ru", "ru-delegation"), ("uk", "us-envoy"), ("uk", "ru-delegation")]:
        section = signatories_section(html(out, lang, rid))
        count = re.search(r'<p class="signed-count">(.*?)</p>', section, re.S)
        assert count is not None and re.search(r"\b12\b", count.group(1)), section
        unnamed = re.search(r'<li class="unnamed">(.*?)</li>', section, re.S)
        assert unnamed is not None and re.search(r"\b10\b", unnamed.group(1)), section


def test_view_counts(consent_build) -> None:
    root, _, _ = consent_build
    view = Session(root).render(Job("appeal", "en", "us-envoy", ("html",))).view
    assert (view.total_count, view.unnamed_count, len(view.signatories)) == (12, 10, 2)


@pytest.mark.parametrize(
    ("overlay", "hidden"),
    [
        ("bad-no-consent", "Erin Noconsentia"),
        ("bad-unknown-consent", "Erin Typoconsent"),
    ],
)
def test_missing_or_unknown_consent_is_not_published(overlay: str, hidden: str, tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", overlay)
    session = Session(root)
    assert any(p.code in ("no-consent", "bad-consent") for p in session.errors())
    rendered = session.render(Job("appeal", "en", "us-envoy", ("html",)))
    assert hidden not in rendered.html
    assert hidden.split()[0] not in rendered.html
    assert (rendered.view.total_count, rendered.view.unnamed_count) == (1, 0)  # only Alice, and not counted
    check = run_cli("check", root)
    assert check.exit_code == 1
    assert hidden not in check.output  # the error names the id, never the person
    build = run_cli("build", root, "--out", tmp_path / "out")
    assert build.exit_code == 1 and not (tmp_path / "out").exists()


def test_withdrawn_name_with_an_unprintable_character_does_not_break_the_build(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", "consent")
    text = (root / "signatories.yaml").read_text("utf-8")
    text = text.replace("Dorothea Withdrawnova", "Dorothea \U0001f600 Withdrawnova")
    (root / "signatories.yaml").write_text(text, "utf-8")
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out, "--recipient", "us-envoy", "--format", "pdf")
    assert run.exit_code == 0, run.output
    assert "Withdrawnova" not in run.output


def test_group_signatories_are_never_named(tmp_path: Path) -> None:
    """A group (count > 1) is counted even if someone gives it a name and public consent."""
    root = make_campaign(tmp_path / "c", "consent")
    text = (
        (root / "signatories.yaml")
        .read_text("utf-8")
        .replace(
            "nine-others:\n  count: 9\n  consent:\n    level: anonymous",
            "nine-others:\n  name: Group Groupington\n  count: 9\n  consent:\n    level: public",
        )
    )
    (root / "signatories.yaml").write_text(text, "utf-8")
    session = Session(root)
    assert [p.code for p in session.problems if not p.is_error] == ["group-consent"]
    rendered = session.render(Job("appeal", "en", "us-envoy", ("html",)))
    assert "Groupington" not in rendered.html
    assert rendered.view.total_count == 12
