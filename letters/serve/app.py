"""The preview's web application (Starlette): pages, documents, and the reload channel.

Every URL is looked up in the current snapshot by key; no URL is ever turned into a path on
disk, except a file a document itself loads (its ``src``/``url()``), and that only through the
build's confined fetcher and never a fact-store file. The reload channel (``/events``) is
server-sent events: the server speaks, the browser only listens; it reads no input at all.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import LettersError, Problem
from .pages import FONT_FILES, asset, campaign_font, font_faces, index_page, letter_page, problem_dicts
from .state import Doc, Preview
from .watch import watch

log = logging.getLogger("letters.serve")
KEEPALIVE = 15.0  # seconds between comments on an idle event stream (proxies drop silent ones)
DOC_CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'"
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; font-src 'self'"
)


class Hub:
    """Fans rebuild events out to every open event stream."""

    def __init__(self) -> None:
        self.queues: set[asyncio.Queue[tuple[str, dict[str, Any]]]] = set()
        self.state: tuple[str, dict[str, Any]] = ("building", {})
        self.closed = asyncio.Event()

    def publish(self, event: str, data: dict[str, Any]) -> None:
        self.state = (event, data)
        for q in self.queues:
            q.put_nowait((event, data))


def ready_event(preview: Preview, changed: list[str]) -> tuple[str, dict[str, Any]]:
    snap = preview.snapshot
    if preview.broken or snap is None:
        return "broken", {"generation": preview.generation, "problems": problem_dicts(preview.broken)}
    errors = problem_dicts([p for p in snap.problems if p.is_error])  # e.g. a glyph no font has
    return "ready", {"generation": snap.generation, "changed": changed, "problems": errors}


async def rebuild(preview: Preview, hub: Hub) -> None:
    """Rebuild and tell every page; a bug in letters shows as a problem and the watching goes on."""
    hub.publish("building", {"generation": preview.generation})
    try:
        snap = await asyncio.to_thread(preview.rebuild)
    except Exception as exc:
        report(exc)
        preview.broken = [
            Problem(
                None,
                f"internal error in letters ({_name(exc)}); the last good version is shown",
                "run 'letters --debug check' on the campaign to see the details, and report the bug",
                code="internal",
            )
        ]
        snap = None
    hub.publish(*ready_event(preview, snap.changed if snap else []))


def _name(exc: BaseException) -> str:
    return type(exc).__name__


class Debug:
    on = False  # 'letters --debug serve': tracebacks of internal errors are logged


def report(exc: BaseException) -> None:
    """Log a bug in letters: its type only, unless --debug (its text may hold personal data)."""
    if Debug.on:
        log.error("internal error in letters serve", exc_info=exc)
    else:
        log.error("internal error in letters serve: %s (details hidden: run with --debug to see them)", _name(exc))


def create_app(preview: Preview, *, allowed_hosts: list[str], watching: bool = True) -> Starlette:
    """The preview application for one campaign."""
    hub = Hub()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await asyncio.to_thread(_warm)
        await rebuild(preview, hub)
        stop = asyncio.Event()
        task = asyncio.create_task(watch(preview, lambda: rebuild(preview, hub), stop)) if watching else None
        try:
            yield
        finally:
            stop.set()
            hub.closed.set()
            if task is not None:
                task.cancel()

    async def index(request: Request) -> Response:
        return HTMLResponse(index_page(preview), headers={"Content-Security-Policy": PAGE_CSP})

    async def letter(request: Request) -> Response:
        doc = _doc(preview, request.path_params["key"])
        if doc is None:
            return _not_found()
        q = request.query_params
        page = letter_page(preview, doc, translate=q.get("translate") == "1", pseudo=q.get("pseudo") == "1")
        return HTMLResponse(page, headers={"Content-Security-Policy": PAGE_CSP})

    async def document(request: Request) -> Response:
        return await _document(preview, request)

    async def events(request: Request) -> Response:
        return StreamingResponse(
            _stream(hub, request), media_type="text/event-stream", headers={"X-Accel-Buffering": "no"}
        )

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        found = asset(name)
        if found is None:
            return _not_found()
        body, media = found
        return Response(body, media_type=media)

    async def font(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in FONT_FILES:
            return _not_found()
        found = await asyncio.to_thread(_fetch, FONT_FILES[name])
        return Response(found[0], media_type=found[1]) if found is not None else _not_found()

    async def own_font(request: Request) -> Response:
        path = campaign_font(preview.root, request.path_params["name"])
        found = await asyncio.to_thread(_fetch, path, [preview.root]) if path is not None else None
        return Response(found[0], media_type=found[1]) if found is not None else _not_found()

    async def fonts_css(request: Request) -> Response:
        return Response(await asyncio.to_thread(font_faces, preview.root), media_type="text/css")

    async def state(request: Request) -> Response:
        return JSONResponse(status(preview, hub))

    async def fit(request: Request) -> Response:
        return await _fit(preview, request.path_params["key"])

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/letter/{key:path}", letter, methods=["GET"]),
        Route("/doc/{rest:path}", document, methods=["GET"]),
        Route("/events", events, methods=["GET"]),
        Route("/_/fonts.css", fonts_css, methods=["GET"]),
        Route("/_/fonts/{name}", font, methods=["GET"]),
        Route("/_/campaign-fonts/{name}", own_font, methods=["GET"]),
        Route("/_/status.json", state, methods=["GET"]),
        Route("/_/fit/{key:path}", fit, methods=["GET"]),
        Route("/_/{name}", static, methods=["GET"]),
    ]
    middleware = [
        Middleware(HiddenErrors),
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts),
        Middleware(SafetyHeaders),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.preview = preview
    app.state.hub = hub
    return app


def _doc(preview: Preview, key: str) -> Doc | None:
    snap = preview.snapshot
    return snap.docs.get(key) if snap else None


def _not_found() -> Response:
    return PlainTextResponse("not found\n", status_code=404)


async def _document(preview: Preview, request: Request) -> Response:
    """``/doc/<letter>/<locale>/<name>.html|.pdf``, or a file one of those documents loads."""
    rest: str = request.path_params["rest"]
    q = request.query_params
    translate, pseudo = q.get("translate") == "1", q.get("pseudo") == "1"
    stem, dot, ext = rest.rpartition(".")
    doc = _doc(preview, stem) if dot and ext in ("html", "pdf") else None
    if doc is None:
        return await _resource(preview, rest)
    try:
        if ext == "html":
            html = await asyncio.to_thread(preview.variant, doc, translate=translate, pseudo=pseudo)
            return HTMLResponse(_for_browser(html), headers={"Content-Security-Policy": DOC_CSP})
        made = await asyncio.to_thread(partial(preview.pdf, doc, pseudo=pseudo))
    except LettersError as exc:
        return _refused(exc)
    assert isinstance(made.data, bytes)
    return Response(made.data, media_type="application/pdf", headers={"Content-Security-Policy": DOC_CSP})


def _refused(exc: LettersError) -> Response:
    where = f"{exc.location}: " if exc.location else ""
    return PlainTextResponse(f"{where}{exc.message}\nhint: {exc.hint}\n", status_code=422)


async def _fit(preview: Preview, key: str) -> Response:
    """How many pages the letter and its pseudo-translation take (both PDFs are made if need be):
    a letter that runs onto another page once its text is 30 % longer will overflow in translation."""
    doc = _doc(preview, key)
    if doc is None:
        return _not_found()
    try:
        plain = await asyncio.to_thread(preview.pdf, doc)
        pseudo = await asyncio.to_thread(partial(preview.pdf, doc, pseudo=True))
    except LettersError as exc:
        return _refused(exc)
    return JSONResponse({"pages": plain.pages, "pseudo_pages": pseudo.pages})


def status(preview: Preview, hub: Hub) -> dict[str, Any]:
    """The server's state for scripts and tests: which rebuild made each document and its PDFs."""
    snap = preview.snapshot
    docs: dict[str, Any] = {}
    for key, doc in (snap.docs if snap else {}).items():
        pdf, pseudo = preview.made(doc), preview.made(doc, pseudo=True)
        docs[key] = {
            "rendered": doc.generation,
            "pdf": pdf.generation if pdf else None,
            "pseudo_pdf": pseudo.generation if pseudo else None,
            "failing": key in snap.doc_errors if snap else False,
        }
    return {
        "state": hub.state[0],
        "generation": preview.generation,
        "snapshot": snap.generation if snap else None,
        "renders": preview.renders,
        "docs": docs,
    }


async def _resource(preview: Preview, rest: str) -> Response:
    """A file that a current document loads, relative to the campaign (as the PDF resolves it), and
    only if the build's asset rule allows it: images, fonts and stylesheets, never the fact store."""
    parts = rest.split("/")
    snap = preview.snapshot
    if len(parts) < 3 or snap is None:
        return _not_found()
    ref = "/".join(parts[2:])
    if not any(ref in d.resources for d in snap.docs.values()):
        return _not_found()
    found = await asyncio.to_thread(_fetch, preview.root / ref, [preview.root])
    return Response(found[0], media_type=found[1]) if found is not None else _not_found()


def _warm() -> None:
    """Import WeasyPrint's fetcher once, before requests in several threads race to import it."""
    import weasyprint.urls  # noqa: F401


def _fetch(path: Path, roots: list[Path] | None = None) -> tuple[bytes, str] | None:
    """Read through the build's confined fetcher and asset rule: what a build would not load, the
    preview does not serve either. The content and its MIME type, or None."""
    from ..fetcher import AssetPolicy, make_fetcher
    from ..resources import assets_dir

    roots = roots or [assets_dir()]
    media = AssetPolicy(roots).mime_type(os.path.realpath(path))
    if media is None:
        return None
    fetcher = make_fetcher(roots, [])
    try:
        response = fetcher.fetch(path.resolve().as_uri())
    except (ValueError, OSError):
        return None
    try:
        data: bytes = response.read()
    finally:
        response.close()
    return data, media


def _for_browser(html: str) -> str:
    """The build's HTML, with the bundled fonts linked so the browser sets it as the PDF is set."""
    link = '<link rel="stylesheet" href="/_/fonts.css"><link rel="stylesheet" href="/_/doc.css">'
    head = html.find("<head>")
    if head < 0:
        return link + html
    return html[: head + 6] + link + html[head + 6 :]


async def _stream(hub: Hub, request: Request) -> AsyncIterator[str]:
    queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
    hub.queues.add(queue)
    try:
        yield _event(*hub.state)
        while not hub.closed.is_set():
            try:
                event, data = await asyncio.wait_for(queue.get(), KEEPALIVE)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            yield _event(event, data)
    finally:
        hub.queues.discard(queue)


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


class SafetyHeaders:
    """Headers on every response: nothing cached, sniffed, framed from elsewhere or sent as referrer."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"cache-control", b"no-store"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                    (b"referrer-policy", b"no-referrer"),
                ]
            await send(message)

        await self.app(scope, receive, send_with)


class HiddenErrors:
    """An unexpected error answers 500 and is logged by its type only: its text may hold personal data."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watch_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch_start)
        except Exception as exc:
            report(exc)
            if scope["type"] == "http" and not started:
                await PlainTextResponse("internal error in letters serve\n", status_code=500)(scope, receive, send)
