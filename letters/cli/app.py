"""``letters``: check, build and render campaign letters; ``letters i18n`` for translators.

Exit codes (see :class:`letters.errors.ExitCode`): 0 success, 1 problems in the campaign, 2 bad
command line, 3 some documents could not be produced, 70 internal error, 74 the system refused a
file operation (disk full, permission, read-only), 141 the reader of the output went away.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer
from typer.core import TyperGroup

from letters import __version__
from letters.errors import ExitCode, FileSystemError, LettersError, Location, Problem, Severity

if TYPE_CHECKING:
    from letters.build import Session


class _Group(TyperGroup):
    """The command group: a closed pipe while Click itself prints (help, usage) ends quietly too."""

    def make_context(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:
            _quiet_broken_pipe()

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _quiet_broken_pipe()


app = typer.Typer(
    cls=_Group,
    name="letters",
    help="Multilingual advocacy letters from a campaign's fact store: check it, build PDF and HTML, translate.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

CampaignArg = Annotated[Path, typer.Argument(help="The campaign folder (holding campaign.yaml).", show_default=True)]


class State:
    debug = False


def _echo_problem(p: Problem) -> None:
    typer.echo(p.format(), err=True)


def fail(exc: LettersError) -> NoReturn:
    """The error funnel: 'Category: file:line: message' and a hint, then the exit code."""
    from letters.errors import CampaignInvalid

    if isinstance(exc, CampaignInvalid):
        for p in exc.problems:
            if p.severity is not Severity.INFO:
                _echo_problem(p)
        n_err = sum(p.is_error for p in exc.problems)
        n_warn = sum(p.severity is Severity.WARNING for p in exc.problems)
        typer.echo(f"{exc.category}: {n_err} error(s), {n_warn} warning(s)", err=True)
    else:
        where = f"{exc.location}: " if exc.location else ""
        typer.echo(f"{exc.category}: {where}{exc.message}", err=True)
        if exc.hint:
            typer.echo(f"    hint: {exc.hint}", err=True)
    raise typer.Exit(int(exc.exit_code))


def guarded(fn):  # type: ignore[no-untyped-def]
    """Run a command body; letters' errors are shown plainly, unexpected ones without their text
    (it may hold personal data) unless --debug."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            result = fn(*args, **kwargs)
            sys.stdout.flush()  # a closed pipe shows here, not at exit as "Exception ignored"
            return result
        except BrokenPipeError:
            _quiet_broken_pipe()
        except LettersError as exc:
            fail(exc)
        except (typer.Exit, typer.Abort, typer.BadParameter, KeyboardInterrupt):  # Typer reports these itself
            raise
        except OSError as exc:  # the system refused a file operation: the user's to fix, not a bug
            fail(FileSystemError.from_os(exc))
        except Exception as exc:
            if State.debug:
                raise
            typer.echo(
                f"Internal error: {type(exc).__name__} (details hidden: they may contain personal data; "
                "run with --debug to see the traceback, and report the bug)",
                err=True,
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None

    wrapper.__letters_guarded__ = True  # type: ignore[attr-defined]  # checked by tests/test_api.py
    return wrapper


def _quiet_broken_pipe() -> NoReturn:
    """`letters ... | head`: the reader left. Stop quietly with 141 (128 + SIGPIPE), as a shell tool
    would; stdout goes to /dev/null so the interpreter's last flush cannot complain."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test runner's stream)
        pass
    raise typer.Exit(int(ExitCode.BROKEN_PIPE))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"letters {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    State.debug = debug


def _session(campaign: Path) -> Session:
    from letters.build import Session

    return Session(campaign)


@app.command()
@guarded
def check(
    campaign: CampaignArg = Path("."),
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings (stale or unused facts, missing translations) as errors.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the summary.")] = False,
) -> None:
    """Validate the whole fact store and report every problem with file:line and a hint.

    Also renders every document once (without making PDFs) to catch template and translation errors.
    Forms of address are checked too: a salutation that needs the office holder's gender
    (needs-gender), a language without the register a letter asks for ('register: diplomatic' in
    campaign.yaml, a letter or a recipient: no-register), see docs/forms-of-address.md.
    """
    from letters.api import check_campaign
    from letters.errors import CampaignInvalid

    problems = check_campaign(_session(campaign))
    shown = [p for p in problems if p.severity is not Severity.INFO and (not quiet or p.is_error)]
    for p in shown:
        _echo_problem(p)
    infos = [p for p in problems if p.severity is Severity.INFO]
    if not quiet:
        for p in infos:
            _echo_problem(p)
    n_err = sum(p.is_error for p in problems)
    n_warn = sum(p.severity is Severity.WARNING for p in problems)
    failing = n_err + (n_warn if strict else 0)
    typer.echo(
        f"{n_err} error(s), {n_warn} warning(s)"
        + (" (--strict: warnings count as errors)" if strict and n_warn else ""),
        err=True,
    )
    if failing:
        raise typer.Exit(int(CampaignInvalid.exit_code))
    typer.echo("ok: the campaign is valid")


def _require_output_folder(out: Path) -> None:
    """--out must be a folder we can write in (or can be made); find out before any document is
    rendered, without creating anything yet."""
    import errno
    import os

    if out.exists() and not out.is_dir():
        hint = "give a folder (it is created if missing)"
        raise FileSystemError("--out is a file, not a folder", location=Location(str(out)), hint=hint)
    probe = out.absolute()
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise FileSystemError.from_os(NotADirectoryError(errno.ENOTDIR, "not a folder"), probe)
    if not os.access(probe, os.W_OK | os.X_OK):
        raise FileSystemError.from_os(PermissionError(errno.EACCES, "permission denied"), probe)


@app.command()
@guarded
def build(
    campaign: CampaignArg = Path("."),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    locale: Annotated[
        Optional[list[str]],
        typer.Option("--locale", "-l", help="Also make this language for every recipient (repeatable)."),
    ] = None,
    recipient: Annotated[
        Optional[list[str]], typer.Option("--recipient", "-r", help="Only this recipient id (repeatable).")
    ] = None,
    letter: Annotated[Optional[list[str]], typer.Option("--letter", help="Only this letter id (repeatable).")] = None,
    fmt: Annotated[
        Optional[list[str]],
        typer.Option("--format", "-f", help="pdf or html (repeatable; default: the campaign's output.formats)."),
    ] = None,
    pdf_variant: Annotated[Optional[str], typer.Option("--pdf-variant", help="Make PDF/A, e.g. pdf/a-3b.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings and on any missing translation.")] = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no warnings.")] = False,
    jobs: Annotated[
        Optional[int], typer.Option("--jobs", "-j", min=0, help="Worker processes (default: the CPU count; 0: none).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Make every document, even the up-to-date ones.")] = False,
    shard: Annotated[
        Optional[str], typer.Option("--shard", metavar="K/N", help="Only the K-th of N stable, disjoint parts.")
    ] = None,
    time_limit: Annotated[float, typer.Option("--time-limit", min=1, help="Seconds per PDF before it fails.")] = 120,
    memory_limit: Annotated[int, typer.Option("--memory-limit", min=0, help="MB per worker (0: no limit).")] = 3072,
    scheduler: Annotated[
        Optional[str],
        typer.Option("--scheduler", help="Dask scheduler address, or 'local' (needs letters[dask]).", envvar=None),
    ] = None,
) -> None:
    """Write every letter × recipient × language as PDF and HTML, plus OUT/manifest.json.

    Files go to OUT/<letter>/<locale>/<recipient>.{pdf,html}. A recipient gets their own language;
    --locale and the campaign's output.extra_locales add more. Documents whose inputs did not change
    since the last build are not made again (see docs/batch.md).
    """
    from letters.build import BuildOptions
    from letters.build import build as run_build
    from letters.plan import Selection

    for f in fmt or []:
        if f not in ("pdf", "html"):
            raise typer.BadParameter(f"unknown format {f!r}: use pdf or html", param_hint="--format")
    if pdf_variant is not None and pdf_variant not in ("pdf/a-3b", "pdf/a-3u", "pdf/a-2b"):
        raise typer.BadParameter("use pdf/a-3b, pdf/a-3u or pdf/a-2b", param_hint="--pdf-variant")
    from letters.cli.build_output import parse_shard, progress_bar, summary

    shard_parts = parse_shard(shard)
    _require_output_folder(out)
    session = _session(campaign)
    sel = Selection(tuple(letter or ()), tuple(recipient or ()), tuple(locale or ()), tuple(fmt or ()))

    options = BuildOptions(
        out_dir=out,
        selection=sel,
        strict=strict,
        pdf_variant=pdf_variant,
        jobs=jobs,
        force=force,
        shard=shard_parts,
        time_limit=time_limit,
        memory_limit_mb=memory_limit,
        scheduler=scheduler,
    )
    with progress_bar(progress and not quiet) as tick:
        report = run_build(session, options, tick)
    for w in report.warnings if not quiet else []:
        _echo_problem(w)
    for job, exc in report.failed:
        where = f"{exc.location}: " if exc.location else ""
        typer.echo(f"{exc.category}: {job.letter}/{job.locale}/{job.recipient}: {where}{exc.message}", err=True)
        if exc.hint:
            typer.echo(f"    hint: {exc.hint}", err=True)
    typer.echo(summary(report, out))
    if report.failed:
        raise typer.Exit(int(ExitCode.BUILD_FAILED))
    if strict and report.warnings:
        raise typer.Exit(int(ExitCode.PROBLEMS))


@app.command()
@guarded
def render(
    campaign: CampaignArg,
    letter: Annotated[str, typer.Option("--letter", help="Letter id.")],
    recipient: Annotated[str, typer.Option("--recipient", "-r", help="Recipient id.")],
    locale: Annotated[
        Optional[str], typer.Option("--locale", "-l", help="Language (default: the recipient's).")
    ] = None,
    output: Annotated[
        Optional[Path], typer.Option("-o", "--output", help="Write here (.pdf or .html); HTML to stdout if omitted.")
    ] = None,
) -> None:
    """Render one document for quick iteration (HTML on stdout unless -o is given)."""
    from letters.api import document_job, pdf_of
    from letters.write import atomic_write

    session = _session(campaign)
    session.require_valid()
    from letters.build.session import FALLBACK_CODES

    for p in session.problems:  # rejected translations: the source text is used, and people are told
        if p.code in FALLBACK_CODES:
            _echo_problem(p)
    job = document_job(session, letter, recipient, locale)
    loc = job.locale
    r = session.render(job)
    for w in r.view.warnings:
        _echo_problem(w)
    missing = r.translator.missing()
    if missing:
        from letters.build import missing_warning

        _echo_problem(missing_warning(loc, {m: None for m in missing}, strict=False))
    if output is None:
        sys.stdout.write(r.html)
        return
    if output.suffix.lower() == ".pdf":
        atomic_write(output, pdf_of(session, r.html))
    else:
        atomic_write(output, r.html.encode("utf-8"))
    typer.echo(f"wrote {output}")


@app.command()
@guarded
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create (must not exist or be empty).")],
    force: Annotated[
        bool, typer.Option("--force", help="Write into a non-empty folder (never overwrites files).")
    ] = False,
) -> None:
    """Scaffold a new campaign: commented example files that 'letters check' accepts at once."""
    from letters.scaffold import scaffold

    written = scaffold(directory, force=force)
    for p in written:
        typer.echo(f"created {p}")
    typer.echo(f"next: letters check {directory} && letters build {directory}")


def _register_i18n() -> None:
    try:
        from letters.cli.i18n import i18n_app
    except ImportError:  # pragma: no cover - during development only
        return
    app.add_typer(i18n_app, name="i18n")
    from letters.cli.serve import serve  # the command is always listed; it needs the 'serve' extra to run

    app.command()(serve)


_register_i18n()


def _register_signatures() -> None:
    from letters.cli.signatures import signatures_app

    app.add_typer(signatures_app, name="signatures")


_register_signatures()


def _register_batch() -> None:
    from letters.cli.batch import bundle, doctor, manifest_app

    app.add_typer(manifest_app, name="manifest")
    app.command()(bundle)
    app.command()(doctor)


_register_batch()


def main() -> None:
    app()
