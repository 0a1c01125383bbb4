"""Point 6: one document's failure is that document's failure. A template that divides by zero,
recurses without end, prints 'A' * 10**8 or loops for ever fails its document with its name and
a reason; the batch goes on. Images the engine cannot draw are an error, not a silent gap."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_campaign

from adversarial.canary import CANARY, leaks, run_both

RECIPIENT = """
un-sg:
  office: Secretary-General of the United Nations
  language: en
  country: US
  address: [United Nations, New York]
"""

BOMBS = {
    "division-by-zero": ("{{ 1 // (total_count - total_count) }}", "the template failed (ZeroDivisionError)"),
    "recursion": (
        "{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}",
        "the template nests or recurses too deeply",
    ),
    "huge-repeat": ("{{ 'A' * 10**8 }}", "the document went over a limit: '*' would make a value of 100,000,000"),
    "huge-power": ("{{ 10 ** 100000 }}", "the document went over a limit: '**' would make a number too large"),
    "huge-padding": ("{{ 'x'.ljust(10**9) }}", "the document went over a limit: str.ljust()"),
    "doubling-in-a-namespace": (
        "{% set ns = namespace(s='AB') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "the document went over a limit: a value of",
    ),
    "doubling-by-recursion": (
        "{% macro d(s, n) %}{{ d(s ~ s, n - 1) if n else s|length }}{% endmacro %}{{ d('AB', 40) }}",
        "the document went over a limit: a value larger than a document",
    ),
}


def bomb_for_one(root: Path, expression: str) -> None:
    """A campaign template that explodes only for the 'us-envoy' recipient."""
    (root / "templates").mkdir()
    (root / "templates" / "appeal.html.j2").write_text(
        '<!DOCTYPE html><html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ subject }}</title></head>'
        "<body><p>{{ salutation }}</p>"
        "{% if 'Envoy' in recipient_block|join(' ') %}" + expression + "{% endif %}</body></html>\n",
        "utf-8",
    )
    with (root / "recipients.yaml").open("a", encoding="utf-8") as fh:
        fh.write(RECIPIENT)


@pytest.mark.parametrize("case", BOMBS)
def test_a_template_bomb_fails_its_document_and_the_batch_goes_on(case: str, tmp_path: Path) -> None:
    expression, reason = BOMBS[case]
    root = make_campaign(tmp_path / "campaign")
    bomb_for_one(root, expression)
    out = tmp_path / "out"
    build, debug = run_both("build", root, "--out", out, "--format", "html")
    assert build.exit_code == 3, build.output
    assert reason in build.stderr
    assert "us-envoy" in build.stderr
    assert (out / "appeal/en/un-sg.html").is_file()
    assert not (out / "appeal/en/us-envoy.html").exists()
    assert "Internal error" not in build.output + debug


def test_a_corrupt_image_fails_its_document(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    (root / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64 + CANARY.encode())
    (root / "templates").mkdir()
    (root / "templates" / "appeal.html.j2").write_text(
        '<!DOCTYPE html><html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ subject }}</title></head>'
        '<body><p>{{ salutation }}</p><img src="broken.png" alt=""></body></html>\n',
        "utf-8",
    )
    out = tmp_path / "out"
    build, debug = run_both("build", root, "--out", out, "--format", "pdf")
    assert build.exit_code == 3, build.output
    assert not (out / "appeal/en/us-envoy.pdf").exists()
    assert leaks(CANARY, out=out, runs=[build], texts=[debug]) == []


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels, with no pixel data."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    (root / "bomb.png").write_bytes(png_header_only(100_000, 100_000))
    (root / "templates").mkdir()
    (root / "templates" / "appeal.html.j2").write_text(
        '<!DOCTYPE html><html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ subject }}</title></head>'
        '<body><p>{{ salutation }}</p><img src="bomb.png" alt=""></body></html>\n',
        "utf-8",
    )
    out = tmp_path / "out"
    build, debug = run_both("build", root, "--out", out)
    assert build.exit_code == 3, build.output
    assert "bomb.png" in build.stderr and "which letters refuses" in build.stderr
    assert not (out / "appeal/en/us-envoy.pdf").exists()
    assert "Internal error" not in debug


def test_a_pathological_css_value_fails_its_document(tmp_path: Path) -> None:
    """font-size: 1e300px makes the layout engine divide by zero: in a build and in 'render -o'."""
    root = make_campaign(tmp_path / "campaign")
    bomb_for_one(root, '<p style="font-size: 1e300px">x</p>')
    out = tmp_path / "out"
    build, debug = run_both("build", root, "--out", out, "--format", "pdf")
    assert build.exit_code == 3, build.output
    assert "appeal/en/us-envoy" in build.stderr and "the PDF engine failed" in build.stderr
    assert (out / "appeal/en/un-sg.pdf").is_file()
    render, _ = run_both("render", root, "--letter", "appeal", "--recipient", "us-envoy", "-o", tmp_path / "x.pdf")
    assert render.exit_code == 3
    assert "the PDF engine failed" in render.stderr
    assert "Internal error" not in build.output + render.output + debug
