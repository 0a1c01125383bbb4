"""``letters serve``: the live preview (the optional extra ``letters[serve]``; see docs/serve.md)."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Annotated, Optional

import typer

from letters.cli.app import CampaignArg, guarded
from letters.errors import ExitCode, InputError

LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the server starts so a busy port is a plain error."""
    sock: socket.socket | None = None
    try:
        family, kind, proto, _name, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
    except OSError as exc:
        if sock is not None:
            sock.close()
        raise InputError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="another program (or another 'letters serve') may use this port: try --port 8001",
        ) from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def is_loopback(sock: socket.socket) -> bool:
    return ipaddress.ip_address(sock.getsockname()[0].split("%")[0]).is_loopback


@guarded
def serve(
    campaign: CampaignArg = Path("."),
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="Port (0: any free port).")] = 8000,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on. The default is this machine only; any other address lets others "
            "on the network read every letter (a warning is printed).",
        ),
    ] = "127.0.0.1",
    locale: Annotated[
        Optional[list[str]],
        typer.Option("--locale", "-l", help="Also preview this language for every recipient (repeatable)."),
    ] = None,
    watch: Annotated[bool, typer.Option("--watch/--no-watch", help="Re-render when an input changes.")] = True,
) -> None:
    """Preview every letter in a browser, re-rendered as you edit YAML, templates, stylesheets or PO files.

    Opens nothing and writes nothing: it renders in memory and serves the pages on http://HOST:PORT/.
    Translator mode (?translate=1) shows where each string comes from (msgid, po-file:line);
    the pseudo-locale (?pseudo=1) shows untranslatable text and overflow. Needs 'letters[serve]'.
    """
    try:
        import uvicorn

        from letters.serve.app import create_app
        from letters.serve.state import Preview
    except ImportError as exc:
        typer.echo(
            f"letters serve needs the optional extra 'serve' ({exc.name} is not installed): "
            "pip install 'letters[serve]'",
            err=True,
        )
        raise typer.Exit(int(ExitCode.USAGE)) from None
    from letters.localization import BadLocale
    from letters.plan import normalise_locale

    if not (campaign / "campaign.yaml").is_file():
        raise InputError(
            f"{campaign}: no campaign.yaml here", hint="give the campaign folder: letters serve my-campaign"
        )
    try:
        extra = tuple(normalise_locale(code) for code in locale or ())
    except BadLocale as exc:
        raise typer.BadParameter(str(exc), param_hint="--locale") from None
    sock = _bind(host, port)
    loopback = is_loopback(sock)
    if not loopback:
        typer.echo(
            f"warning: listening on {host}, not only on this machine: anyone who can reach it on port "
            f"{sock.getsockname()[1]} can read every letter, with the signatories' names. "
            "Use this only on a network you trust; the default --host 127.0.0.1 keeps it to this machine.",
            err=True,
        )
    from letters.cli.app import State
    from letters.serve.app import Debug

    Debug.on = State.debug
    app = create_app(
        Preview(campaign, extra), allowed_hosts=[*LOOPBACK_NAMES, host] if loopback else ["*"], watching=watch
    )
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"letters serve: http://{shown}:{sock.getsockname()[1]}/ (Ctrl+C to stop)")
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=1, lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
