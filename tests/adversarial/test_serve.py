"""``letters serve``: the preview serves the documents a build would make and nothing else. No URL
reaches a campaign file as such, a file outside, or the package's code; the reload channel reads
no input and writes nothing; a page from another site cannot read the preview (Host checked)."""

from __future__ import annotations

import hashlib
import http.client
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_campaign
from serving import request, running_server

from adversarial.canary import CANARY, plant

pytest.importorskip("starlette", reason="letters serve needs the 'serve' extra (pip install -e '.[test]')")

FONTS_AM = Path(__file__).parent.parent / "data" / "fonts-am"
TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ subject }}</title></head>
<body><img src="logo.png" alt=""><p>{{ sender_name }}</p></body></html>
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("serve-adversarial")
    plant(base)
    root = make_campaign(base / "campaign", "multilang")
    (root / "templates").mkdir()
    (root / "templates" / "appeal.html.j2").write_text(TEMPLATE, "utf-8")
    from PIL import Image

    Image.new("RGB", (4, 4), "navy").save(root / "logo.png")
    with (root / "signatories.yaml").open("a", encoding="utf-8") as f:
        f.write(f"# {CANARY}\n")
    shutil.copyfile(root / "signatories.yaml", root / "notes.txt")
    (root / "fonts").mkdir()  # a campaign font: served to the preview's HTML, and nothing beside it
    shutil.copyfile(FONTS_AM / "NotoSerifEthiopic-Regular.ttf", root / "fonts" / "NotoSerifEthiopic-Regular.ttf")
    shutil.copyfile(root / "signatories.yaml", root / "fonts" / "signatories.yaml")
    return root


@pytest.fixture(scope="module")
def base(root: Path) -> Iterator[str]:
    with running_server(root) as url:
        yield url


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def open_stream(base: str, path: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, bytes]:
    """Status and first chunk of an event stream (which never ends by itself)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.putrequest("GET", path)
        for k, v in headers.items():
            conn.putheader(k, v)
        if body:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body or None)
        resp = conn.getresponse()
        return resp.status, resp.read1(65536) if resp.status == 200 else b""
    finally:
        conn.close()


def test_a_file_a_document_loads_is_served(base: str, root: Path) -> None:
    status, body = request(base, "/doc/appeal/de/logo.png")
    assert (status, body) == (200, (root / "logo.png").read_bytes())


@pytest.mark.parametrize(
    "path",
    [
        # campaign files as such, even those a document names
        "/campaign.yaml",
        "/signatories.yaml",
        "/doc/appeal/de/signatories.yaml",
        "/doc/appeal/de/locales/de/LC_MESSAGES/campaign.po",
        "/doc/appeal/de/notes.txt",
        "/doc/appeal/de/templates/appeal.html.j2",
        "/doc/appeal/de/",
        "/doc/",
        "/letter/",
        "/_/",
        # traversal, plain and encoded
        "/doc/appeal/de/../../../signatories.yaml",
        "/doc/appeal/de/../../../../outside/secret.txt",
        "/doc/appeal/de/..%2f..%2f..%2fsignatories.yaml",
        "/doc/appeal/de/%2e%2e/%2e%2e/%2e%2e/signatories.yaml",
        "/doc/appeal/de/%252e%252e/%252e%252e/signatories.yaml",
        "/doc/appeal/de/..%5c..%5c..%5csignatories.yaml",
        "/doc/appeal/de/..\\..\\..\\signatories.yaml",
        "/doc/appeal/de/%2fetc%2fpasswd",
        "/doc//etc/passwd",
        "/doc/appeal/de/logo.png%00.yaml",
        "/doc/appeal/de/signatories.yaml%00.png",
        "/_/fonts/..%2f..%2f..%2fsignatories.yaml",
        "/_/fonts/NotoSerif-Regular.ttf%2f..%2f..%2f..%2f..%2fcampaign.yaml",
        "/_/..%2fapp.py",
        "/_/app.py",
        "/_/fonts/OFL.txt",
        "/letter/appeal/de/de-chancellor/../../../../signatories.yaml",
        "/letter/%2e%2e%2f%2e%2e%2fsignatories.yaml",
        # the campaign's fonts: a font file by its exact name, nothing else of the folder or beyond
        "/_/campaign-fonts/signatories.yaml",
        "/_/campaign-fonts/../signatories.yaml",
        "/_/campaign-fonts/..%2fsignatories.yaml",
        "/_/campaign-fonts/%2e%2e%2f%2e%2e%2foutside%2fsecret.txt",
        "/_/campaign-fonts/NotoSerifEthiopic-Regular.ttf%00.yaml",
        "/_/campaign-fonts/NotoSerifEthiopic-Regular.ttf%2f..%2f..%2fsignatories.yaml",
        "/_/campaign-fonts",
        "/_/campaign-fonts/NotoSerif-Regular.ttf",
        "/_/fonts/NotoSerifEthiopic-Regular.ttf",
        # the preview's own state and fit check name documents by key only
        "/_/fit/signatories.yaml",
        "/_/fit/appeal/de/../../../signatories.yaml",
        "/_/fit/%2e%2e/%2e%2e/signatories.yaml",
        "/_/status.json/../../signatories.yaml",
        "/_/status.json%2f..%2fsignatories.yaml",
    ],
)
def test_campaign_files_and_paths_outside_find_nothing(base: str, path: str) -> None:
    status, body = request(base, path)
    assert status in (400, 404), path
    assert CANARY.encode() not in body
    assert b"consent" not in body


def test_what_a_document_names_outside_the_campaign_is_not_served(base: str) -> None:
    for path in ("/doc/appeal/de/../outside/secret.txt", "/doc/outside/secret.txt", "/doc/appeal/outside/secret.txt"):
        status, body = request(base, path)
        assert status == 404 and CANARY.encode() not in body


def test_another_site_cannot_read_the_preview_through_its_own_host_name(base: str) -> None:
    status, _ = request(base, "/", headers={"Host": "attacker.example"})
    assert status == 400
    status, _ = request(base, "/doc/appeal/de/de-chancellor.html", headers={"Host": "attacker.example:80"})
    assert status == 400


def test_the_reload_channel_reads_no_input_and_writes_nothing(base: str, root: Path) -> None:
    before = fingerprint(root.parent)
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for path in ("/events", "/_/status.json", "/_/fit/appeal/de/de-chancellor", "/_/campaign-fonts/x.ttf"):
            status, _ = request(base, path, method=method, body=b'{"path": "../../x", "write": "pwned"}')
            assert status == 405, (method, path)
        status, _ = request(base, "/doc/appeal/de/de-chancellor.html", method=method, body=b"pwned")
        assert status == 405, method
    # a GET with a query and a body gets the same one-way stream, whatever it says
    status, first = open_stream(base, "/events?write=../../pwned.txt&path=/etc/passwd", {}, b"pwned")
    assert status == 200 and first.startswith(b"event: ") and b"pwned" not in first
    # an attempt to open a WebSocket on it is not upgraded
    upgrade = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    }
    status, _ = open_stream(base, "/events", upgrade)
    assert status != 101
    assert fingerprint(root.parent) == before
    assert not list(root.parent.rglob("pwned*"))


def test_pages_carry_headers_that_keep_them_to_this_origin(base: str) -> None:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", "/doc/appeal/de/de-chancellor.html")
    resp = conn.getresponse()
    resp.read()
    csp = resp.getheader("content-security-policy") or ""
    assert "default-src 'none'" in csp and "script" not in csp  # documents run no script at all
    assert resp.getheader("x-content-type-options") == "nosniff"
    assert resp.getheader("cache-control") == "no-store"
    conn.close()


def test_the_campaign_font_is_served_as_it_is(base: str, root: Path) -> None:
    font = root / "fonts" / "NotoSerifEthiopic-Regular.ttf"
    assert request(base, "/_/campaign-fonts/NotoSerifEthiopic-Regular.ttf") == (200, font.read_bytes())
    status, css = request(base, "/_/fonts.css")
    assert status == 200 and b'url("/_/campaign-fonts/NotoSerifEthiopic-Regular.ttf")' in css
    assert b"file:" not in css  # no path on disk is named to the browser


def test_a_font_name_that_links_outside_or_is_no_font_is_not_served(tmp_path: Path) -> None:
    """The font route reads through the confined fetcher: a link leaving the campaign and a file
    that only says it is a font are refused, as the PDF's fetcher refuses them (such a campaign
    does not pass 'check' either, so a running server cannot be given one to test)."""
    from letters.serve.app import _fetch
    from letters.serve.pages import campaign_font

    secret = plant(tmp_path)
    outside_font = tmp_path / "outside" / "Real.ttf"
    shutil.copyfile(FONTS_AM / "NotoSerifEthiopic-Regular.ttf", outside_font)
    root = make_campaign(tmp_path / "campaign")
    (root / "fonts").mkdir()
    (root / "fonts" / "Link.ttf").symlink_to(outside_font)
    (root / "fonts" / "Secret.ttf").symlink_to(secret)
    (root / "fonts" / "Fake.ttf").write_text(f"{CANARY}\n", "utf-8")
    for name in ("Link.ttf", "Secret.ttf", "Fake.ttf"):
        path = campaign_font(root, name)
        assert path is not None and _fetch(path, [root]) is None, name
