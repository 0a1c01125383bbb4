"""``letters i18n``: the translators' commands (extract, init, update, status, check).

A campaign's catalogs live in ``<campaign>/locales/``; the toolkit's (the shipped templates'
strings) in the package's ``locales/``. Commands work on the campaign's catalogs; ``--toolkit``
adds the toolkit's, which only makes sense in a source checkout of letters (a campaign never
rewrites the package's files). See docs/translators.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from letters.cli.app import _echo_problem, guarded
from letters.errors import ExitCode, Severity

if TYPE_CHECKING:
    from letters.i18n.layout import Domain

i18n_app = typer.Typer(
    help="Translators' workflow: extract strings, start and update PO files, see what is missing, check them.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

CampaignOpt = Annotated[
    Optional[Path], typer.Argument(help="The campaign folder (default: the current folder).", show_default=False)
]
ToolkitOpt = Annotated[
    bool,
    typer.Option(
        "--toolkit",
        help="Also (or, without CAMPAIGN, only) the toolkit's catalogs: "
        "the shipped templates' strings, in letters' own locales/.",
    ),
]


def _domains(campaign: Path | None, toolkit: bool) -> list[Domain]:
    """The campaign's domain (unless --toolkit was given alone), then the toolkit's if asked."""
    from letters.i18n.layout import campaign_domain, toolkit_domain
    from letters.load import find_campaign_root

    out = []
    if campaign is not None or not toolkit:
        out.append(campaign_domain(find_campaign_root(campaign or Path("."))))
    if toolkit:
        out.append(toolkit_domain())
    return out


@i18n_app.command()
@guarded
def extract(campaign: CampaignOpt = None, toolkit: ToolkitOpt = False) -> None:
    """Collect translatable strings into the catalog template (.pot).

    The campaign's fact store and templates go to CAMPAIGN/locales/campaign.pot, each string with
    its context (msgctxt) and a comment for translators. --toolkit writes the shipped templates'
    strings to letters' locales/letters.pot (for developers of letters). Set SOURCE_DATE_EPOCH for
    a reproducible date; an unchanged template is not rewritten.
    """
    from letters.i18n.catalog_ops import write_template
    from letters.i18n.extract import extract_campaign, extract_toolkit

    for domain in _domains(campaign, toolkit):
        cat = extract_toolkit(domain) if domain.label == "toolkit" else extract_campaign(domain.shown_root, domain)
        n = sum(1 for m in cat if m.id)
        written = write_template(cat, domain.pot)
        typer.echo(f"{domain.shown(domain.pot)}: {n} string(s)" + ("" if written else " (unchanged)"))
    typer.echo("next: 'letters i18n update' merges it into the PO files; 'letters i18n init' starts a language")


@i18n_app.command()
@guarded
def init(
    campaign: Annotated[
        str, typer.Argument(metavar="CAMPAIGN", help="The campaign folder (with --toolkit: the language).")
    ],
    lang: Annotated[
        Optional[str],
        typer.Argument(metavar="LANG", help="Language code Babel knows, e.g. de, tr, pt_BR.", show_default=False),
    ] = None,
    toolkit: Annotated[
        bool, typer.Option("--toolkit", help="Start the toolkit's catalog instead: 'letters i18n init --toolkit LANG'.")
    ] = False,
) -> None:
    """Start a new language: CAMPAIGN/locales/LANG/LC_MESSAGES/campaign.po from the template.

    The header gets the language's usual plural rule (GNU gettext's). An existing catalog is never overwritten.
    """
    from letters.errors import InputError
    from letters.i18n.catalog_ops import init_catalog
    from letters.i18n.layout import campaign_domain, toolkit_domain
    from letters.load import find_campaign_root

    if toolkit:
        if lang is not None:
            raise InputError("with --toolkit give only the language", hint="letters i18n init --toolkit LANG")
        domain, code = toolkit_domain(), campaign
    else:
        if lang is None:
            raise InputError("missing LANG", hint="letters i18n init CAMPAIGN LANG, e.g. letters i18n init . de")
        domain, code = campaign_domain(find_campaign_root(Path(campaign))), lang
    path = init_catalog(domain, code)
    typer.echo(f"created {domain.shown(path)}")
    typer.echo("next: translate it (Poedit, Weblate or a text editor), then 'letters i18n check'")


@i18n_app.command()
@guarded
def update(campaign: CampaignOpt = None, toolkit: ToolkitOpt = False) -> None:
    """Merge the template into every PO file: new strings added, changed ones fuzzy, removed ones obsolete.

    No translation is lost: a changed string keeps its old translation marked fuzzy (shown with the
    old source text), a removed one stays in the file as an obsolete (#~) entry.
    """
    from letters.i18n.catalog_ops import read_template, update_catalog

    for domain in _domains(campaign, toolkit):
        template = read_template(domain)
        langs = domain.languages()
        if not langs:
            typer.echo(f"{domain.label}: no PO files yet; start one with 'letters i18n init'")
        for lang in langs:
            r = update_catalog(domain, lang, template)
            counts = f"{len(r.added)} new, {len(r.fuzzy)} fuzzy, {len(r.obsolete)} obsolete" + (
                f", {len(r.revived)} restored" if r.revived else ""
            )
            typer.echo(f"{r.shown}: {counts}" + ("" if r.written else " (unchanged)"))
            for label in r.fuzzy:
                typer.echo(f"    fuzzy: {label}")


def _status_languages(campaign: Path | None, toolkit: bool) -> tuple[list[tuple[Domain, list[str]]], str]:
    """Which catalogs to show: per domain, the languages to report on."""
    from letters.i18n.layout import same_language

    domains = _domains(campaign, toolkit)
    source = "en"
    wanted: set[str] = set()
    camp = next((d for d in domains if d.label == "campaign"), None)
    if camp is not None:
        from letters.load import load_campaign

        loaded = load_campaign(camp.shown_root)
        c = loaded.campaign
        if c is not None:
            source = c.settings.source_language
            wanted |= set(c.settings.languages) | set(c.settings.output.extra_locales)
            wanted |= {r.language for r in c.recipients.values()}
            for letter in c.settings.letters.values():
                wanted |= set(letter.locales)
        wanted |= set(camp.languages())
    out = []
    for d in domains:
        src = source if d.label == "campaign" else "en"
        langs = set(wanted) if camp is not None else set()
        if d.label == "toolkit" and camp is None:
            langs = set(d.languages())
        langs |= set(d.languages()) if d.label == "campaign" else set()
        out.append((d, sorted(lang.replace("-", "_") for lang in langs if not same_language(lang, src))))
    return out, source


@i18n_app.command()
@guarded
def status(
    campaign: CampaignOpt = None,
    toolkit: Annotated[
        bool,
        typer.Option(
            "--toolkit",
            help="Without CAMPAIGN: every language of the toolkit's catalog. (With a campaign, "
            "its languages' toolkit catalogs are always shown.)",
        ),
    ] = False,
    fail_under: Annotated[
        Optional[float],
        typer.Option("--fail-under", metavar="PERCENT", help="Exit 1 if any catalog is less translated than this."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """How much of each catalog is translated, per language: translated, fuzzy, untranslated, percent.

    Fuzzy strings never count as translated (a build does not use them), nor do plural strings with
    a form missing or translations the safety check rejects ('rejected': see 'letters i18n check').
    """
    from letters.i18n.layout import toolkit_domain
    from letters.i18n.status import catalog_status, read_template_or_none

    plan, _source = _status_languages(campaign, toolkit)
    if campaign is not None or not toolkit:  # a campaign's languages also need the toolkit's strings
        tk = toolkit_domain()
        if not any(d.label == "toolkit" for d, _ in plan):
            plan.append((tk, plan[0][1] if plan else []))
    rows = []
    for domain, langs in plan:
        template = read_template_or_none(domain)
        rows += [catalog_status(domain, lang, template) for lang in langs]
    rows.sort(key=lambda r: (r.language, r.catalog != "campaign"))
    failing = [r for r in rows if fail_under is not None and r.percent < fail_under]
    if as_json:
        doc = {
            "catalogs": [r.as_dict() for r in rows],
            "fail_under": fail_under,
            "failing": [f"{r.language}/{r.catalog}" for r in failing],
        }
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        _print_table(rows)
    for r in rows:
        if r.error:
            typer.echo(f"error: {r.error}", err=True)
    if failing:
        below = ", ".join(f"{r.language}/{r.catalog} ({r.percent:.1f}%)" for r in failing)
        typer.echo(f"below {fail_under:g}%: {below}", err=True)
        raise typer.Exit(int(ExitCode.PROBLEMS))


def _print_table(rows: list) -> None:  # type: ignore[type-arg]
    if not rows:
        typer.echo("no languages to translate into (the campaign has only its source language)")
        return
    head = ("language", "catalog", "translated", "fuzzy", "untranslated", "rejected", "total", "percent", "file")
    table = [head] + [
        (
            r.language,
            r.catalog,
            str(r.translated),
            str(r.fuzzy),
            str(r.untranslated),
            str(r.rejected),
            str(r.total),
            f"{r.percent:.1f}%",
            r.path + ("" if r.exists else " (missing)") + (" (unreadable)" if r.error else ""),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    for row in table:
        cells = [c.ljust(w) if i in (0, 1, 8) else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        typer.echo("  ".join(cells).rstrip())


@i18n_app.command()
@guarded
def check(
    campaign: CampaignOpt = None,
    toolkit: ToolkitOpt = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings too (fuzzy entries, outdated files).")
    ] = False,
) -> None:
    """Check every PO file: placeholders, markup, plural forms, header, encoding; each problem with file:line.

    Exit 1 on errors (the build would reject those translations); warnings (fuzzy entries, a file
    out of date with its template) fail only with --strict.
    """
    from letters.i18n.check import check_catalog
    from letters.i18n.status import read_template_or_none

    problems = []
    files = 0
    for domain in _domains(campaign, toolkit):
        template = read_template_or_none(domain)
        for lang in domain.languages():
            files += 1
            problems += check_catalog(domain.po(lang), domain.shown(domain.po(lang)), lang, template)
    for p in problems:
        _echo_problem(p)
    n_err = sum(p.is_error for p in problems)
    n_warn = sum(p.severity is Severity.WARNING for p in problems)
    typer.echo(
        f"{files} catalog(s) checked: {n_err} error(s), {n_warn} warning(s)"
        + (" (--strict: warnings count as errors)" if strict and n_warn else ""),
        err=True,
    )
    if n_err or (strict and n_warn):
        raise typer.Exit(int(ExitCode.PROBLEMS))
    typer.echo("ok: the catalogs are usable")
