"""``letters manifest merge`` (join a split build's parts) and ``letters doctor`` (what the machine lacks)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
