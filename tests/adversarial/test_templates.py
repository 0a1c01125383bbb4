"""Points 3 and 7: a template may load assets, not data, and the HTML scan refuses whatever the
PDF fetcher refuses (parsed: HTML parser and tinycss2, so CSS escapes and SVG links are seen)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from conftest import make_campaign, pdf_reader, run_cli

from adversarial.canary import CANARY, leaks, run_both

HEAD = '<!DOCTYPE html>\n<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ subject }}</title>\n'
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def with_template(root: Path, head: str = "", body: str = "") -> Path:
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "appeal.html.j2").write_text(
        f"{HEAD}{head}</head><body><h1>{{{{ subject }}}}</h1>{body}</body></html>\n", "utf-8"
    )
    return root


def canary_campaign(tmp_path: Path) -> Path:
    """The minimal campaign with a withdrawn signatory whose name is the canary."""
    root = make_campaign(tmp_path / "campaign")
    with (root / "signatories.yaml").open("a", encoding="utf-8") as fh:
        fh.write(f"gone:\n  name: {{Latn: {CANARY}}}\n  status: free\n  consent: {{level: withdrawn}}\n")
    return root


def build_refused(root: Path, out: Path, *expected: str) -> None:
    check, debug = run_both("check", root)
    assert check.exit_code == 1, check.output
    for e in expected:
        assert e in check.stderr
    build = run_cli("build", root, "--out", out)
    assert build.exit_code == 3, build.output
    assert not (out / "appeal/en/us-envoy.pdf").exists() and not (out / "appeal/en/us-envoy.html").exists()
    assert leaks(CANARY, out=out, runs=[check, build], texts=[debug]) == []


DATA_LOADS = {
    "img-signatories": '<img src="signatories.yaml" alt="">',
    "object-signatories": '<object data="signatories.yaml" type="image/png"></object>',
    "css-import-po": "<style>@import url('locales/de/LC_MESSAGES/campaign.po');</style>",
    "link-attachment": '<link rel="attachment" href="signatories.yaml">',
    "anchor-attachment": '<a rel="attachment" href="signatories.yaml">annex</a>',
    "yaml-renamed-png": '<img src="renamed.png" alt="">',
    "svg-image": '<svg><image href="signatories.yaml" width="9" height="9"/></svg>',
    "svg-use-xlink": '<svg><use xlink:href="signatories.yaml#x"/></svg>',
}


@pytest.mark.parametrize("kind", DATA_LOADS)
def test_a_template_cannot_load_the_fact_store(kind: str, tmp_path: Path) -> None:
    root = canary_campaign(tmp_path)
    (root / "renamed.png").write_bytes((root / "signatories.yaml").read_bytes())
    with_template(root, body=DATA_LOADS[kind])
    build_refused(root, tmp_path / "out", "which letters refuses to load")


def test_an_asset_is_served_by_type_and_extension(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    (root / "assets").mkdir()
    (root / "assets" / "logo.png").write_bytes(PNG)
    (root / "assets" / "letterhead.css").write_text("h1 { color: #7a1f1f; }\n", "utf-8")
    with_template(root, '<link rel="stylesheet" href="assets/letterhead.css">', '<img src="assets/logo.png" alt="">')
    out = tmp_path / "out"
    assert run_cli("check", root).exit_code == 0
    assert run_cli("build", root, "--out", out).exit_code == 0
    assert len(pdf_reader(out / "appeal/en/us-envoy.pdf").pages[0].images) == 1


def test_a_listed_attachment_is_embedded_and_an_unlisted_one_refused(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    (root / "annex.txt").write_text("Annex for every reader\n", "utf-8")
    (root / "other.txt").write_text(f"{CANARY}\n", "utf-8")
    with_template(root, '<link rel="attachment" href="annex.txt">')
    text = (root / "campaign.yaml").read_text("utf-8")
    (root / "campaign.yaml").write_text(text.replace("  formats:", "  attachments: [annex.txt]\n  formats:"), "utf-8")
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out, "--format", "pdf").exit_code == 0
    assert set(pdf_reader(out / "appeal/en/us-envoy.pdf").attachments) == {"annex.txt"}
    with_template(root, '<link rel="attachment" href="other.txt">')
    build_refused(root, tmp_path / "out2", "'attachment other.txt', which letters refuses")


@pytest.mark.parametrize("listed", ["signatories.yaml", "locales/de/LC_MESSAGES/campaign.po", "../outside.pdf"])
def test_the_fact_store_cannot_be_listed_as_an_attachment(listed: str, tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    text = (root / "campaign.yaml").read_text("utf-8")
    (root / "campaign.yaml").write_text(text.replace("  formats:", f"  attachments: ['{listed}']\n  formats:"), "utf-8")
    check = run_cli("check", root)
    assert check.exit_code == 1
    assert f"campaign.yaml:25: error: attachment {listed!r} refused" in check.stderr


OUTSIDE = "http://203.0.113.9/p.png"
PARITY = {
    "svg-image-href": f'<svg><image href="{OUTSIDE}"/></svg>',
    "svg-use-href": f'<svg><use href="{OUTSIDE}#a"/></svg>',
    "link-icon": f'<link rel="icon" href="{OUTSIDE}">',
    "link-preload": f'<link rel="preload" as="image" href="{OUTSIDE}">',
    "css-escape-url": "<style>body { background: \\75rl(" + OUTSIDE + "); }</style>",
    "css-escape-attr": '<p style="background: \\000075rl(' + OUTSIDE + ')">x</p>',
    "css-font-face": f"<style>@font-face {{ font-family: x; src: url({OUTSIDE}); }}</style>",
    "css-in-media": f"<style>@media print {{ p {{ background-image: url('{OUTSIDE}') }} }}</style>",
    "srcset": f'<img srcset="a.png 1x, {OUTSIDE} 2x" alt="">',
    "event-attribute": '<p onmouseover="alert(1)">x</p>',
    "iframe-srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "javascript-url-spaced": '<a href=" java\tscript:alert(1)">x</a>',
    "meta-refresh": f'<meta http-equiv="refresh" content="0; url={OUTSIDE}">',
    "base-href": '<base href="http://203.0.113.9/">',
    "embed": '<embed src="x.swf">',
    "css-expression": '<p style="width: expression(alert(1))">x</p>',
}


@pytest.mark.parametrize("kind", PARITY)
def test_the_html_scan_refuses_what_the_fetcher_refuses(kind: str, tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    body = PARITY[kind]
    with_template(
        root,
        head=body if kind.startswith(("link", "css-escape-url", "css-font", "css-in", "meta", "base")) else "",
        body=body,
    )
    out = tmp_path / "out"
    build = run_cli("build", root, "--out", out, "--format", "html")
    assert build.exit_code == 3, build.output
    assert "which letters refuses to load" in build.stderr
    assert not (out / "appeal/en/us-envoy.html").exists()
