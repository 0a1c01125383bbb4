"""``letters manifest merge`` (join a split build's parts) and ``letters doctor`` (what the machine lacks)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from letters.cli.app import guarded

manifest_app = typer.Typer(
    help="Work with build manifests: join the parts of a split build (--shard K/N).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@manifest_app.command("merge")
@guarded
def merge_cmd(
    parts: Annotated[list[Path], typer.Argument(help="The parts' output folders (each with its manifest.json).")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to copy the files into and write the joined manifest.")
    ],
) -> None:
    """Check that PARTS are parts 1..N of one build of the same inputs, each once, with no document
    twice and every file matching its hash; then copy them into OUT with one manifest.json."""
    from letters.build.merge import merge

    joined = merge(parts, out)
    typer.echo(f"merged {len(parts)} part(s): {len(joined.outputs)} file(s) in {out}")


@guarded
def bundle(
    campaign: Annotated[Path, typer.Argument(help="The campaign folder (holding campaign.yaml).")] = Path("."),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (bundles go to OUT/bundles/).")] = Path(
        "build"
    ),
    letter: Annotated[Optional[list[str]], typer.Option("--letter", help="Only this letter id (repeatable).")] = None,
    locale: Annotated[
        Optional[list[str]], typer.Option("--locale", "-l", help="Also this language for every recipient.")
    ] = None,
) -> None:
    """Join each letter's documents of one language into one print-ready PDF, page numbers
    restarting with each letter: OUT/bundles/<letter>/<locale>.pdf. Bundles are listed in
    OUT/manifest.json; a later 'letters build' removes a bundle whose letters changed."""
    from letters.build import Session
    from letters.build.bundle import bundle as make_bundles
    from letters.errors import ExitCode
    from letters.plan import Selection

    bundles = make_bundles(Session(campaign), out, Selection(tuple(letter or ()), (), tuple(locale or ())))
    failed = 0
    for b in bundles:
        for job, exc in b.failed:
            typer.echo(f"{exc.category}: {job.letter}/{job.locale}/{job.recipient}: {exc.message}", err=True)
            failed += 1
        if b.letters:
            typer.echo(f"wrote {out / b.path}: {b.letters} letter(s), {b.pages} page(s)")
    if failed:
        typer.echo(f"{failed} document(s) left out of their bundle", err=True)
        raise typer.Exit(int(ExitCode.BUILD_FAILED))


@guarded
def doctor() -> None:
    """Report what this machine lacks for letters (libraries, fonts, a browser, Dask) and what it costs."""
    from letters.build.doctor import diagnose
    from letters.errors import ExitCode

    findings = diagnose()
    for f in findings:
        mark = "ok     " if f.ok else ("MISSING" if f.required else "absent ")
        typer.echo(f"{mark} {f.name}: {f.detail}")
        if not f.ok:
            if f.cost:
                typer.echo(f"        costs: {f.cost}")
            if f.fix:
                typer.echo(f"        fix:   {f.fix}")
    if any(f.required and not f.ok for f in findings):
        raise typer.Exit(int(ExitCode.PROBLEMS))
