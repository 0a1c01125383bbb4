"""``letters signatures``: import, count, withdraw, invalidate, export petition signatures; build,
verify and prove the petition PDF. Library work lives in :mod:`letters.signatures`."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from letters.cli.app import CampaignArg, guarded
from letters.errors import ExitCode, InputError

if TYPE_CHECKING:
    from letters.signatures.csvimport import ImportReport
    from letters.signatures.store import Store

signatures_app = typer.Typer(
    help="Petition signatures: import CSV files, count, withdraw, invalidate, export; build and verify the petition.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

DbOpt = Annotated[
    Optional[Path],
    typer.Option("--db", help="The signatures database (default: CAMPAIGN/.letters/signatures.sqlite3)."),
]
SHOWN_REJECTIONS = 50


def _root(campaign: Path) -> Path:
    from letters.load import find_campaign_root

    return find_campaign_root(campaign)


def _store(campaign: Path, db: Path | None, create: bool = False) -> Store:
    from letters.signatures.store import Store, default_path

    return Store(db or default_path(_root(campaign)), create=create)


def _mapping(items: list[str]) -> dict[str, str]:
    from letters.signatures.csvimport import FIELDS

    out = {}
    for item in items:
        col, sep, fieldname = item.rpartition("=")
        if not sep or not col or fieldname not in FIELDS:
            raise typer.BadParameter(
                f"{item!r}: use COLUMN=FIELD, FIELD one of {', '.join(FIELDS)}", param_hint="--map"
            )
        out[col] = fieldname
    return out


def _print_report(r: ImportReport) -> None:
    from rich.console import Console
    from rich.table import Table

    if r.already_imported:
        typer.echo(f"{r.file}: already imported (same content): nothing added")
        return
    table = Table(title=f"import of {r.file} (source {r.source!r})", title_justify="left")
    table.add_column("rows")
    table.add_column("accepted", justify="right")
    table.add_column("duplicates", justify="right")
    table.add_column("flagged", justify="right")
    table.add_column("rejected", justify="right")
    table.add_row(str(r.rows), str(r.accepted), str(r.duplicates), str(r.flagged), str(r.rejected))
    Console(file=sys.stdout, width=100, no_color=True, highlight=False).print(table)
    for rej in r.rejections[:SHOWN_REJECTIONS]:
        typer.echo(f"{r.file}:{rej.line}: rejected: {rej.reason}")
    if r.rejected > SHOWN_REJECTIONS:
        typer.echo(f"... and {r.rejected - SHOWN_REJECTIONS} more rejected row(s)")
    if r.counted_only_default:
        lines = ", ".join(map(str, r.counted_only_lines[:10])) + (" ..." if r.counted_only_default > 10 else "")
        typer.echo(
            f"{r.counted_only_default} row(s) with an empty or unknown display value are counted only, never named "
            f"(lines {lines})"
        )
    if r.ignored_columns:
        typer.echo(f"ignored columns: {', '.join(r.ignored_columns)}")
    if r.flagged:
        typer.echo(f"{r.flagged} look-alike signature(s) flagged for review: letters signatures stats shows them")


@signatures_app.command("import")
@guarded
def import_(
    campaign: CampaignArg,
    file: Annotated[Path, typer.Argument(help="The CSV file (first line names the columns).")],
    encoding: Annotated[str, typer.Option("--encoding", help="The file's encoding (never guessed).")] = "utf-8",
    source: Annotated[Optional[str], typer.Option("--source", help="Name of the source (default: file name).")] = None,
    mapping: Annotated[
        Optional[list[str]], typer.Option("--map", help="COLUMN=FIELD for a column with another name (repeatable).")
    ] = None,
    channel: Annotated[
        str, typer.Option("--channel", help="Channel of rows without one: online, paper, partner.")
    ] = "online",
    db: DbOpt = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
    jobs: Annotated[
        Optional[int], typer.Option("--jobs", "-j", min=1, help="Processes checking rows of a large file (default: 2).")
    ] = None,
) -> None:
    """Import signatures from a CSV file: all of it in one transaction, or nothing.

    Columns: name, country (ISO code), date (YYYY-MM-DD) required; city, channel, display (full,
    initials, counted, recipient), email, phone optional. Re-importing the same file adds nothing.
    """
    from letters.signatures.csvimport import import_csv
    from letters.signatures.petition import load_config

    fields = _mapping(mapping or [])
    n_jobs = jobs or min(2, os.cpu_count() or 1)
    root = _root(campaign)
    try:
        petition_sha = load_config(root).text_sha256()
    except InputError:
        petition_sha = None
    with _store(campaign, db, create=True) as store:
        if progress and sys.stderr.isatty():
            from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

            with Progress(
                TextColumn("importing"), BarColumn(), DownloadColumn(), TimeRemainingColumn(), transient=True
            ) as bar:
                task = bar.add_task("import", total=None)
                report = import_csv(
                    store,
                    file,
                    encoding=encoding,
                    source=source,
                    mapping=fields,
                    channel=channel,
                    petition_sha256=petition_sha,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                    jobs=n_jobs,
                )
        else:
            report = import_csv(
                store,
                file,
                encoding=encoding,
                source=source,
                mapping=fields,
                channel=channel,
                petition_sha256=petition_sha,
                jobs=n_jobs,
            )
    _print_report(report)


@signatures_app.command()
@guarded
def stats(
    campaign: CampaignArg,
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Totals: raw, counted, duplicates, flagged, withdrawn, invalidated; by country, channel and date."""
    from dataclasses import asdict

    from letters.signatures.store import stats as get_stats

    with _store(campaign, db) as store:
        s = get_stats(store)
    if as_json:
        typer.echo(json.dumps(asdict(s), indent=2))
        return
    typer.echo(
        f"raw {s.raw}  counted {s.counted}  duplicates {s.duplicates}  flagged {s.flagged}  "
        f"withdrawn {s.withdrawn}  invalidated {s.invalidated}"
    )
    for title, rows in (("by country", s.by_country), ("by channel", s.by_channel), ("by date", s.by_date)):
        typer.echo(f"{title}:")
        for key, n in rows:
            typer.echo(f"  {key:<12} {n:>9}")


@signatures_app.command()
@guarded
def withdraw(
    campaign: CampaignArg,
    signature_id: Annotated[list[str], typer.Argument(help="Signature id(s) of the signer who leaves.")],
    db: DbOpt = None,
) -> None:
    """A signer leaves: every row of theirs is out of every future count and output, and their
    name and contact fields are erased. The history records that a withdrawal happened, not whose."""
    from letters.signatures.store import withdraw as do_withdraw

    with _store(campaign, db) as store:
        n = do_withdraw(store, signature_id)
    typer.echo(f"withdrawn: {n} row(s); rebuild the petition to take them out of the annex")


@signatures_app.command()
@guarded
def invalidate(
    campaign: CampaignArg,
    where: Annotated[
        list[str],
        typer.Option(
            "--where",
            help="FIELD=VALUE (repeatable, all must hold): source, channel, country, date, import, display, flag, id.",
        ),
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why (recorded in the audit log).")],
    yes: Annotated[bool, typer.Option("--yes", help="Apply it (without --yes only the count is shown).")] = False,
    db: DbOpt = None,
) -> None:
    """Invalidate a batch of counted signatures (audited). Shows the count first; --yes applies it."""
    from letters.signatures.store import invalidate as do_invalidate

    with _store(campaign, db) as store:
        n = do_invalidate(store, where, reason, dry_run=not yes)
    if yes:
        typer.echo(f"invalidated: {n} signature(s) ({reason})")
    else:
        typer.echo(f"dry run: {n} signature(s) would be invalidated; add --yes to apply")


@signatures_app.command()
@guarded
def export(
    campaign: CampaignArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv or json (OSDI-shaped).")] = "csv",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write here (default: stdout).")] = None,
    private: Annotated[
        bool, typer.Option("--private", help="Also the stored names and contact fields of everyone (not public!).")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Export the counted signatures: public fields at each signer's display level by default."""
    from letters.signatures.export import export_text
    from letters.write import atomic_write

    if fmt not in ("csv", "json"):
        raise typer.BadParameter("use csv or json", param_hint="--format")
    with _store(campaign, db) as store:
        text = export_text(store, fmt, private)
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text.encode("utf-8"))
        typer.echo(f"wrote {output}", err=True)


@signatures_app.command()
@guarded
def build(
    campaign: CampaignArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    recipient: Annotated[
        Optional[list[str]], typer.Option("--recipient", "-r", help="Only this recipient (repeatable).")
    ] = None,
    locale: Annotated[
        Optional[str], typer.Option("--locale", "-l", help="This language instead of each recipient's.")
    ] = None,
    public: Annotated[
        bool, typer.Option("--public", help="A public copy: 'recipient'-only signers are counted, not named.")
    ] = False,
    chunk_pages: Annotated[int, typer.Option("--chunk-pages", min=1, help="Annex pages laid out per chunk.")] = 25,
    jobs: Annotated[
        Optional[int],
        typer.Option(
            "--jobs", "-j", min=0, help="Worker processes laying out the PDFs (0: this process; default: CPUs)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Make every petition, even the up-to-date ones.")] = False,
    time_limit: Annotated[
        Optional[float], typer.Option("--time-limit", min=1, help="Seconds a worker may take per PDF (cover or chunk).")
    ] = None,
    memory_limit: Annotated[
        Optional[int], typer.Option("--memory-limit", min=64, help="Megabytes of address space per worker.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    db: DbOpt = None,
) -> None:
    """Make the petition PDF for each recipient of the letter it backs (petition.yaml):
    OUT/petition/<locale>/<recipient>.pdf, with the annex committed to by a Merkle root, recorded
    in OUT/petition/manifest.json. Up-to-date petitions are kept; stale ones removed."""
    from letters.build import Session
    from letters.build.run import cpu_count
    from letters.signatures.petition import load_config
    from letters.signatures.runner import PetitionOptions, build_all

    session = Session(campaign)
    session.require_valid()
    config = load_config(session.root)
    options = PetitionOptions(
        recipient or [],
        locale,
        public,
        chunk_pages,
        cpu_count() if jobs is None else jobs,
        force,
        time_limit,
        memory_limit,
    )
    with _store(campaign, db) as store, _petition_bar(not quiet) as bar:
        report = build_all(session, store, config, out, options, bar)
    for path, reason in report.removed:
        typer.echo(f"removed {out / 'petition' / path}: {reason}")
    for status, r in report.results:
        verb = "wrote" if status == "made" else "up to date:"
        typer.echo(f"{verb} {r.path}: {r.pages} page(s), {r.entries} entries, root {r.root}")


@contextmanager
def _petition_bar(show: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar on a terminal (stderr) only: PDFs made (covers and annex chunks)."""
    if not (show and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("petition", total=None)

        def tick(name: str, done: int, total: int) -> None:
            progress.update(task, total=total, completed=done, description=name.rsplit(" annex", 1)[0])

        yield tick


@signatures_app.command()
@guarded
def verify(
    campaign: CampaignArg,
    pdf: Annotated[Path, typer.Argument(help="The petition PDF.")],
    db: DbOpt = None,
    quick: Annotated[bool, typer.Option("--quick", help="Skip reading the printed pages back.")] = False,
) -> None:
    """Recompute the annex's Merkle root and check it against the printed pages, the PDF's metadata
    and the database. Exit code 1 if the annex does not match."""
    from letters.signatures.store import Store, default_path
    from letters.signatures.verify import verify_pdf

    path = db or default_path(_root(campaign))
    store = Store(path, create=False) if path.exists() else None
    try:
        v = verify_pdf(pdf, store, text_check=not quick)
    finally:
        if store:
            store.close()
    for p in v.problems:
        typer.echo(f"{pdf}: {p}", err=True)
    if v.database is not None:
        typer.echo(f"database: the current signatures {_db_words(v.database)}")
    if not v.ok:
        typer.echo(f"FAILED: the annex of {pdf} does not match its root", err=True)
        raise typer.Exit(int(ExitCode.PROBLEMS))
    typer.echo(f"ok: {v.size} entries, root {v.root} (recomputed, printed on every page, embedded)")


def _db_words(text: str) -> str:
    return "match this annex" if text == "matches" else f"{text.replace('extends it', 'extend this annex')}"


@signatures_app.command()
@guarded
def proof(
    campaign: CampaignArg,
    signature_id: Annotated[str, typer.Argument(help="The signer's signature id.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the proof here (JSON).")] = None,
    public: Annotated[bool, typer.Option("--public", help="For the public copy of the petition.")] = False,
    db: DbOpt = None,
) -> None:
    """A private proof for one signer that their entry is counted in the current annex's root.
    Give it only to them: it holds their entry."""
    from letters.signatures.verify import make_proof
    from letters.write import atomic_write

    with _store(campaign, db) as store:
        p = make_proof(store, signature_id, public)
    text = json.dumps(p, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text.encode("utf-8"))
        typer.echo(f"wrote {output}: entry {p['number']} of {p['size']}, root {p['root']}", err=True)


@signatures_app.command("check-proof")
@guarded
def check_proof_cmd(
    proof_file: Annotated[Path, typer.Argument(help="A proof from 'letters signatures proof'.")],
    pdf: Annotated[Optional[Path], typer.Argument(help="The petition PDF whose root it should lead to.")] = None,
) -> None:
    """Check a signer's proof (no database needed): against its own root, or the root of PDF."""
    from letters.signatures.verify import check_proof, read_petition

    try:
        data = json.loads(proof_file.read_text("utf-8"))
    except OSError as exc:
        raise InputError(f"{proof_file}: {exc.strerror}", hint="check the path") from None
    except ValueError:
        raise InputError(f"{proof_file}: not a proof (invalid JSON)", hint="") from None
    root = str(read_petition(pdf).header["root"]) if pdf else None
    if not isinstance(data, dict) or not check_proof(data, root):
        typer.echo(f"FAILED: the proof does not lead to {'the root of ' + str(pdf) if pdf else 'its root'}", err=True)
        raise typer.Exit(int(ExitCode.PROBLEMS))
    typer.echo(f"ok: entry {data['number']} of {data['size']} is counted in root {root or data['root']}")


@signatures_app.command()
@guarded
def compare(
    earlier: Annotated[Path, typer.Argument(help="The earlier petition PDF.")],
    later: Annotated[Path, typer.Argument(help="The later petition PDF.")],
) -> None:
    """Does the later annex extend the earlier one (appends only), or differ (withdrawals)?"""
    from letters.signatures.verify import compare_pdfs

    typer.echo(f"the later annex {compare_pdfs(earlier, later).replace('matches', 'is the same')}")
