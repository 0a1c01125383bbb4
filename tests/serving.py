"""Helpers for the tests of ``letters serve``: a real server on a free loopback port, raw HTTP requests."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(campaign: Path, *args: str) -> Iterator[str]:
    """``letters serve CAMPAIGN`` in a subprocess; yields its base URL once the index answers. No
    polling: the server prints its URL once its socket listens, and the first request waits for
    the first rebuild (the application starts serving after it)."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "letters", "serve", str(campaign), "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    lines: list[str] = []
    listening = threading.Event()

    def read() -> None:  # keeps the pipe drained and the output for messages
        assert proc.stdout is not None
        for raw in proc.stdout:
            lines.append(raw.decode("utf-8", "replace"))
            if base in lines[-1]:
                listening.set()
        listening.set()  # it stopped

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not listening.wait(30) or proc.poll() is not None:
            pytest.fail(f"letters serve did not start within 30 s:\n{''.join(lines)}")
        if request(base, "/")[0] != 200:
            pytest.fail(f"letters serve did not answer:\n{''.join(lines)}")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join(5)
        assert proc.stdout is not None
        proc.stdout.close()
    out = "".join(lines)
    for bad in ("Traceback", "internal error"):
        assert bad not in out, f"letters serve reported {bad!r}:\n{out}"


def request(
    base: str, path: str, method: str = "GET", headers: dict[str, str] | None = None, body: bytes | None = None
) -> tuple[int, bytes]:
    """Send ``path`` exactly as written (no client-side normalisation of '..' or escapes)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.putrequest(method, path, skip_host="Host" in (headers or {}))
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def launch_browser():  # type: ignore[no-untyped-def]
    """Playwright driving the system Chromium (Playwright's own browser download is not used)."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')"
    )
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no browser: {CHROMIUM} is missing (sh scripts/system-deps.sh --test installs Debian's chromium)")
    pw = sync_api.sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception:
        pw.stop()
        raise
    return pw, browser


class EventStream:
    """The preview's reload channel, read as a browser reads it: tests wait for its events, not for time."""

    def __init__(self, base: str, timeout: float = 15.0):
        host, port = base.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
        self.conn.request("GET", "/events")
        self.resp = self.conn.getresponse()
        assert self.resp.status == 200

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.close()

    def next(self) -> tuple[str, dict[str, Any]]:
        """The next event (keep-alive comments skipped); raises TimeoutError when none comes in time."""
        name, data = "", ""
        while True:
            line = self.resp.fp.readline().decode("utf-8")
            if not line:
                raise ConnectionError("the event stream ended")
            line = line.rstrip("\n")
            if line.startswith("event: "):
                name = line[len("event: ") :]
            elif line.startswith("data: "):
                data = line[len("data: ") :]
            elif not line and name:
                return name, json.loads(data)

    def ready(self, until: Callable[[dict[str, Any]], bool] = lambda d: True) -> dict[str, Any]:
        """The data of the next 'ready' event that satisfies ``until``."""
        while True:
            name, data = self.next()
            if name == "ready" and until(data):
                return data


def status(base: str) -> dict[str, Any]:
    """The server's state (``/_/status.json``): which rebuild rendered each document and made its PDFs."""
    code, body = request(base, "/_/status.json")
    assert code == 200
    return json.loads(body)  # type: ignore[no-any-return]
