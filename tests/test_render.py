"""Rendering with campaign templates: override, autoescape everywhere, i18n through PO files."""

from __future__ import annotations

from pathlib import Path

from conftest import make_campaign, run_cli


def render(root: Path, *extra: str) -> str:
    run = run_cli("render", root, "--letter", "appeal", "--recipient", "us-envoy", *extra)
    assert run.exit_code == 0, run.output
    return run.stdout


def test_a_campaign_template_overrides_the_shipped_one(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    (root / "templates").mkdir()
    (root / "templates" / "appeal.html.j2").write_text(
        '<html lang="{{ lang }}"><body><h1>OWN TEMPLATE</h1>{{ subject }}</body></html>\n', "utf-8"
    )
    page = render(root)
    assert "OWN TEMPLATE" in page
    assert "Release of political prisoners" in page


def test_a_campaign_template_can_extend_the_shipped_css(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    (root / "templates").mkdir()
    (root / "templates" / "appeal.html.j2").write_text(
        '<html><head><style>{% include "appeal.css" %}</style></head><body>{{ subject }}</body></html>\n', "utf-8"
    )
    assert "@page" in render(root)


def test_autoescape_is_on_for_every_template_name(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    (root / "templates").mkdir()
    (root / "templates" / "plain.txt.j2").write_text("{{ sender_name }}|{{ opening }}\n", "utf-8")
    text = (root / "campaign.yaml").read_text("utf-8")
    text = text.replace("  name: Test Coalition for Prisoners", "  name: Test <b>Coalition</b>")
    text = text.replace("  appeal:\n", "  appeal:\n    template: plain.txt.j2\n")
    (root / "campaign.yaml").write_text(text, "utf-8")
    out = render(root)
    assert out.startswith('Test &lt;b&gt;Coalition&lt;/b&gt;|Today at least <span class="cited">10,000<sup')


def test_trans_blocks_in_a_campaign_template_use_the_campaign_catalog(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c", "multilang")
    (root / "templates").mkdir()
    (root / "templates" / "appeal.html.j2").write_text(
        "<p>{% trans %}Thank you, reader.{% endtrans %}</p>\n"
        "<p>{% trans count=total_count %}{{ count }} signature{% pluralize %}"
        "{{ count }} signatures{% endtrans %}</p>\n",
        "utf-8",
    )
    po = root / "locales/de/LC_MESSAGES/campaign.po"
    po.write_text(
        po.read_text("utf-8") + '\nmsgid "Thank you, reader."\nmsgstr "Danke, <i>Leser</i>."\n'
        '\nmsgid "%(count)s signature"\nmsgid_plural "%(count)s signatures"\n'
        'msgstr[0] "%(count)s Unterschrift"\nmsgstr[1] "%(count)s Unterschriften"\n',
        "utf-8",
    )
    run = run_cli("render", root, "--letter", "appeal", "--recipient", "de-chancellor")
    assert run.exit_code == 0  # the translation adds markup: it is rejected, and the source text used ...
    assert "campaign.po" in run.stderr and "changes the markup" in run.stderr
    assert "<p>Thank you, reader.</p>" in run.stdout
    assert run_cli("check", root).exit_code == 1  # ... and check refuses it
    po.write_text(po.read_text("utf-8").replace("Danke, <i>Leser</i>.", "Danke, Leser."), "utf-8")
    page = render(root, "--locale", "de")
    assert "<p>Danke, Leser.</p>" in page
    assert "<p>1 Unterschrift</p>" in page
    assert "<p>1 signature</p>" in render(root)  # English: the source text


def test_strict_undefined_in_a_campaign_template(tmp_path: Path) -> None:
    root = make_campaign(tmp_path / "c")
    (root / "templates").mkdir()
    (root / "templates" / "appeal.html.j2").write_text(
        "<p>{{ subject }}</p>\n<p>{{ signatories[0].nmae }}</p>\n", "utf-8"
    )
    run = run_cli("render", root, "--letter", "appeal", "--recipient", "us-envoy")
    assert run.exit_code == 3
    assert "templates/appeal.html.j2:2:" in run.stderr
    assert run.stdout == ""
