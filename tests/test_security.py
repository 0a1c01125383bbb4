"""Nothing in a fact store or a campaign template can read local files, reach the network, run
code or inject markup into the output."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest
from conftest import fold_spaces, make_campaign, no_part_files, pdf_raw_text, pdf_reader, run_cli

TEMPLATE_HEAD = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ subject }}</title>
"""
TEMPLATE_BODY = """</head><body><h1>{{ subject }}</h1><p>{{ salutation }}</p>
"""
TEMPLATE_END = "</body></html>\n"


def secret_file(tmp_path: Path) -> tuple[Path, str]:
    token = "SECRET-TOKEN-4f1d9c"
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{token}\n", "utf-8")
    return path, token


def with_template(root: Path, head: str = "", body: str = "") -> Path:
    """Give the campaign its own appeal.html.j2 (overriding the shipped one)."""
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "appeal.html.j2").write_text(
        TEMPLATE_HEAD + head + TEMPLATE_BODY + body + TEMPLATE_END, "utf-8"
    )
    return root


def pdf_payload(path: Path) -> bytes:
    """Every stream of the PDF, decompressed, plus the raw file: where an embedded file would be."""
    reader = pdf_reader(path)
    chunks = [path.read_bytes()]
    for num in range(1, len(reader.xref_objStm) + 4096):
        try:
            obj = reader.get_object(num)
        except Exception:
            continue
        if obj is not None and hasattr(obj, "get_data"):
            try:
                chunks.append(obj.get_data())
            except Exception:
                continue
    return b"\n".join(chunks)


def assert_nothing_leaked(out: Path, secrets: list[str]) -> None:
    for p in out.rglob("*"):
        if p.suffix == ".pdf":
            payload = pdf_payload(p)
            text = pdf_raw_text(p)
            for s in secrets:
                assert s.encode() not in payload, f"{s!r} embedded in {p}"
                assert s not in text
            assert not pdf_reader(p).attachments
        elif p.is_file() and p.suffix != ".html":  # HTML keeps the (inert) reference, never the content
            for s in secrets:
                assert s.encode() not in p.read_bytes()


def hostname() -> str:
    try:
        return Path("/etc/hostname").read_text("utf-8").strip()
    except OSError:
        return ""


REFERENCES = {
    "img": ("", '<img src="{url}" alt="">'),
    "css-background": ("<style>body {{ background: url('{url}'); }}</style>", ""),
    "css-import": ("<style>@import url('{url}');</style>", ""),
    "stylesheet-link": ('<link rel="stylesheet" href="{url}">', ""),
    "attachment-link": ('<link rel="attachment" href="{url}">', ""),
    "attachment-anchor": ("", '<a rel="attachment" href="{url}">annex</a>'),
    "object": ("", '<object data="{url}" type="image/png"></object>'),
}


@pytest.mark.parametrize("kind", REFERENCES)
@pytest.mark.parametrize("target", ["etc-hostname", "outside-file", "relative-escape"])
def test_local_files_outside_the_campaign_are_never_embedded(kind: str, target: str, tmp_path: Path) -> None:
    secret, token = secret_file(tmp_path)
    root = make_campaign(tmp_path / "campaign")
    url = {
        "etc-hostname": "file:///etc/hostname",
        "outside-file": secret.as_uri(),
        "relative-escape": "../outside/secret.txt",
    }[target]
    head, body = REFERENCES[kind]
    with_template(root, head.format(url=url), body.format(url=url))
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out, "--format", "pdf")
    assert run.exit_code == 3, run.output
    assert "which letters refuses" in run.stderr
    assert not (out / "appeal/en/us-envoy.pdf").exists()
    secrets = [token] + ([hostname()] if target == "etc-hostname" and len(hostname()) >= 6 else [])
    assert_nothing_leaked(out, secrets)
    assert no_part_files(out) == []


def test_a_symlink_in_the_campaign_to_an_outside_file_is_refused(tmp_path: Path) -> None:
    secret, token = secret_file(tmp_path)
    root = make_campaign(tmp_path / "campaign")
    (root / "logo.png").symlink_to(secret)
    with_template(root, body='<img src="logo.png" alt="">')
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out)
    assert run.exit_code == 3
    assert "logo.png" in run.stderr
    assert_nothing_leaked(out, [token])


def test_a_file_inside_the_campaign_may_be_used(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    (root / "letterhead.css").write_text("h1 { color: #7a1f1f; }\n", "utf-8")
    with_template(root, head='<link rel="stylesheet" href="letterhead.css">')
    out = tmp_path / "out"
    run = run_cli("build", root, "--out", out, "--format", "pdf")
    assert run.exit_code == 0, run.output


def test_the_network_is_never_reached(tmp_path: Path) -> None:
    """A URL on 127.0.0.1 at a port we hold open but never answer: a fetch would connect to it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.setblocking(False)
        port = server.getsockname()[1]
        root = make_campaign(tmp_path / "campaign")
        url = f"http://127.0.0.1:{port}/pixel.png"
        with_template(
            root,
            head=f"<style>body {{ background: url('{url}'); }}</style>",
            body=f'<img src="{url}" alt=""><link rel="attachment" href="{url}">',
        )
        out = tmp_path / "out"
        run = run_cli("build", root, "--out", out, "--format", "pdf")
        with pytest.raises(BlockingIOError):
            server.accept()  # nobody connected
    assert run.exit_code == 3
    assert f"http://127.0.0.1:{port}/" in run.stderr
    assert not (out / "appeal/en/us-envoy.pdf").exists()


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ lipsum.__globals__['os'].listdir('/') }}",
        "{{ salutation.__class__.__base__ }}",
        "{{ view.__class__.__init__.__globals__ }}",
    ],
)
def test_sandbox_blocks_python_internals_in_campaign_templates(expression: str, tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    with_template(root, body=f"<p>{expression}</p>\n")
    check = run_cli("check", root)
    assert check.exit_code == 1
    assert "templates/appeal.html.j2:" in check.stderr
    assert "unsafe" in check.stderr or "undefined" in check.stderr
    run = run_cli("render", root, "--letter", "appeal", "--recipient", "us-envoy")
    assert run.exit_code == 3
    assert "<class" not in run.stdout and "uid=" not in run.stdout


def test_a_template_symlink_pointing_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.html.j2"
    outside.write_text("<p>SECRET-TEMPLATE-TEXT</p>\n", "utf-8")
    root = make_campaign(tmp_path / "campaign")
    (root / "templates").mkdir()
    (root / "templates" / "appeal.html.j2").symlink_to(outside)
    check = run_cli("check", root)
    assert check.exit_code == 1
    assert "template 'appeal.html.j2' is a link to a file outside the templates folder" in check.stderr
    run = run_cli("render", root, "--letter", "appeal", "--recipient", "us-envoy")
    assert run.exit_code == 3
    assert "SECRET-TEMPLATE-TEXT" not in run.output


def test_a_template_cannot_include_files_outside(tmp_path: Path) -> None:
    secret, token = secret_file(tmp_path)
    root = make_campaign(tmp_path / "campaign")
    (root / "templates").mkdir()
    (root / "templates" / "leak.html").symlink_to(secret)
    for include in ["leak.html", "../../outside/secret.txt", str(secret), "/etc/hostname"]:
        with_template(root, body=f'{{% include "{include}" %}}')
        run = run_cli("render", root, "--letter", "appeal", "--recipient", "us-envoy")
        assert run.exit_code == 3, include
        assert "not found" in run.stderr or "outside the templates folder" in run.stderr
        assert token not in run.output


@pytest.mark.parametrize("template", ["../outside.html.j2", "/etc/hostname", "../../../../etc/hostname"])
def test_a_letter_template_path_cannot_leave_the_template_folders(template: str, tmp_path: Path) -> None:
    (tmp_path / "outside.html.j2").write_text("<p>OUTSIDE</p>", "utf-8")
    root = make_campaign(tmp_path / "campaign")
    (root / "templates").mkdir()
    text = (
        (root / "campaign.yaml").read_text("utf-8").replace("  appeal:\n", f"  appeal:\n    template: '{template}'\n")
    )
    (root / "campaign.yaml").write_text(text, "utf-8")
    check = run_cli("check", root)
    assert check.exit_code == 1
    assert "not found" in check.stderr
    assert "OUTSIDE" not in check.output


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("hostile")
    root = make_campaign(base / "campaign", "hostile")
    out = base / "out"
    run = run_cli("build", root, "--out", out)
    assert run.exit_code == 0, run.output
    return root, out


def test_hostile_strings_are_escaped_in_html(hostile) -> None:
    _, out = hostile
    html = (out / "appeal/en/us-envoy.html").read_text("utf-8")
    assert html.count("<script") == 0
    assert "<img" not in html and "<iframe" not in html and "<b>" not in html
    assert html.count("</style>") == 1  # only the template's own
    assert html.count("<body") == 1 and html.count("</address>") == 1
    assert not re.search(r"<[a-zA-Z][^>]*\son\w+\s*=", html)  # no element got an event handler
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in html
    assert "&lt;/style&gt;&lt;style&gt;body{display:none}&lt;/style&gt; &amp; Co" in html
    assert "Release them &lt;b&gt;now&lt;/b&gt; &amp;amp;" in html
    assert "https://example.org/report?a=1&amp;b=2" in html


def test_template_syntax_in_data_is_not_evaluated(hostile) -> None:
    _, out = hostile
    html = (out / "appeal/en/us-envoy.html").read_text("utf-8")
    assert "{{ 7*7 }} {% raw %}{{ config }}{% endraw %} ${7*7} #{7*7}" in html
    assert "{{ &#39;&#39;.__class__.__mro__ }} Monitor" in html
    assert not re.search(r"\b49\b", html)
    assert "<class" not in html and "Config" not in html


def test_hostile_strings_are_plain_text_in_the_pdf(hostile) -> None:
    _, out = hostile
    text = fold_spaces(pdf_raw_text(out / "appeal/en/us-envoy.pdf"))
    assert "Alice <script>alert('name')</script> Gorinova" in text
    assert "{{ 7*7 }}" in text
    assert "Envoy </style><style>body{display:none}</style> & Co" in text
    assert not re.search(r"\b49\b", text)
    meta = pdf_reader(out / "appeal/en/us-envoy.pdf").metadata
    assert meta is not None and meta.subject is not None and "</style>" in meta.subject  # as text


def test_output_paths_come_from_ids_only(hostile) -> None:
    _, out = hostile
    for p in out.rglob("*"):
        rel = p.relative_to(out)
        assert all(re.fullmatch(r"[a-z0-9][a-z0-9._-]*", part) for part in rel.parts), rel
    assert os.path.realpath(out) == str(out.resolve())


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("recipients.yaml", "us-envoy:", "'../../evil':", "invalid id '../../evil'"),
        ("campaign.yaml", "  appeal:", "  ../appeal:", "invalid id '../appeal'"),
        ("signatories.yaml", "alice-public:", "Alice/Public:", "invalid id 'Alice/Public'"),
    ],
)
def test_ids_that_could_steer_a_path_are_refused(file: str, old: str, new: str, message: str, tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    (root / file).write_text((root / file).read_text("utf-8").replace(old, new, 1), "utf-8")
    run = run_cli("build", root, "--out", tmp_path / "out")
    assert run.exit_code == 1
    assert message in run.stderr
    assert not (tmp_path / "out").exists()


def test_a_locale_option_cannot_steer_a_path(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "campaign")
    run = run_cli("build", root, "--out", tmp_path / "out", "--locale", "../../x")
    assert run.exit_code == 1
    assert "unknown language code" in run.stderr
    assert not (tmp_path / "x").exists()


def test_yaml_cannot_construct_python_objects(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    root = make_campaign(tmp_path / "campaign")
    (root / "demands.yaml").write_text(
        f"release:\n  text: !!python/object/apply:os.system ['touch {marker}']\n", "utf-8"
    )
    run = run_cli("check", root)
    assert run.exit_code == 1
    assert "explicit YAML tag" in run.stderr
    assert not marker.exists()
