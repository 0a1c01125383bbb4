"""Loading the fact store: strict YAML, typed records, errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from letters.errors import InputError
from letters.load import load_campaign
from letters.validate import validate
from letters.yamlio import load_yaml, parse_yaml


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_yaml(text, Path("x.yaml"), "x.yaml")


def refused(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse(text)
    return info.value


def errors_of(root: Path) -> list[str]:
    return [p.format() for p in validate(load_campaign(root)) if p.is_error]


# --- YAML -------------------------------------------------------------------------------------


def test_ambiguous_scalars_stay_the_strings_written() -> None:
    doc, problems = parse("a: NO\nb: Null\nc: 0123\nd: yes\ne: 1e3\nf: 2025-07-03\ng: ~\nh:\ni: ''\n")
    assert problems == []
    assert doc.data == {
        "a": "NO",
        "b": "Null",
        "c": "0123",
        "d": "yes",
        "e": "1e3",
        "f": "2025-07-03",
        "g": None,
        "h": None,
        "i": "",
    }


def test_duplicate_key_names_both_lines() -> None:
    doc, problems = parse("a:\n  x: 1\n  y: 2\n  x: 3\n")
    assert [p.format().splitlines()[0] for p in problems] == [
        "x.yaml:4: error: duplicate key 'x' (first defined on line 2) [duplicate-key]"
    ]
    assert doc.data == {"a": {"x": "1", "y": "2"}}  # the first one wins, and the error blocks the build


def test_duplicate_top_level_ids() -> None:
    _, problems = parse("alice:\n  name: A\nbob:\n  name: B\nalice:\n  name: C\n")
    assert problems[0].location is not None and problems[0].location.line == 5
    assert "first defined on line 1" in problems[0].message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: &anchor 1\n", 1),
        ("a: &anchor 1\nb: *anchor\n", 1),
        ("a:\n  - x\n  - &y {k: v}\n", 3),
    ],
)
def test_anchors_and_aliases_refused(text: str, line: int) -> None:
    err = refused(text)
    assert "anchors and aliases" in err.message
    assert err.location is not None and err.location.line == line


def test_merge_keys_refused() -> None:
    err = refused("base: {a: 1}\nother:\n  <<: {a: 2}\n")
    assert "merge keys" in err.message
    assert err.location is not None and err.location.line == 3


@pytest.mark.parametrize(
    "text",
    ["a: !!int 5\n", "a: !!python/object:os.system x\n", "a: !custom x\n", "a: !!binary aGVsbG8=\n", "a: !!set {x}\n"],
)
def test_tags_refused(text: str) -> None:
    err = refused(text)
    assert "explicit YAML tag" in err.message
    assert err.location is not None and err.location.line == 1


def test_syntax_error_has_its_line() -> None:
    err = refused("a: 1\nb: 2\nc: [1, 2\nd: 4\n")
    assert err.message.startswith("YAML syntax error")
    assert err.location is not None and err.location.line >= 3
    assert err.hint


def test_several_documents_refused() -> None:
    err = refused("a: 1\n---\nb: 2\n")
    assert err.location is not None and err.location.line == 3


def test_non_utf8_file(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(InputError) as info:
        load_yaml(f, "x.yaml")
    assert info.value.message == "file is not valid UTF-8"
    assert str(info.value.location) == "x.yaml:2"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_bytes("\ufeffname: Алексей Горинов\n".encode())
    doc, _ = load_yaml(f, "x.yaml")
    assert doc.data == {"name": "Алексей Горинов"}


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_yaml(tmp_path / "missing.yaml", "missing.yaml")
    assert "cannot read file" in info.value.message


# --- the fact store -------------------------------------------------------------------------


def test_minimal_campaign_loads_typed(campaign) -> None:
    loaded = load_campaign(campaign())
    assert loaded.problems == []
    c = loaded.campaign
    assert c is not None
    import datetime as dt
    from decimal import Decimal

    assert c.settings.date == dt.date(2025, 7, 3)
    assert c.facts["prisoners"].number == Decimal(10000)
    assert c.signatories["alice-public"].age == 63
    assert c.signatories["alice-public"].consent.effective == "public"  # type: ignore[union-attr]
    assert list(c.settings.letters) == ["appeal"]


def test_records_are_immutable(campaign) -> None:
    c = load_campaign(campaign()).campaign
    assert c is not None
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error type is an implementation detail
        c.recipients["us-envoy"].language = "de"  # type: ignore[misc]


def test_ambiguous_values_stay_strings_in_string_fields(campaign, cli) -> None:
    root = campaign()
    (root / "signatories.yaml").write_text(
        "alice-public:\n  name: Yes\n  role: NO\n  consent:\n    level: public\n"
        "    record: {method: Null, via: 0123}\n",
        "utf-8",
    )
    (root / "sources.yaml").write_text("monitor-report:\n  publisher: 0123\n  title: Null\n", "utf-8")
    c = load_campaign(root).campaign
    assert c is not None
    alice = c.signatories["alice-public"]
    assert alice.name is not None and alice.name.forms == {"und": "Yes"}
    assert alice.role == "NO"
    assert alice.consent is not None and alice.consent.record is not None
    assert (alice.consent.record.method, alice.consent.record.via) == ("Null", "0123")
    assert (c.sources["monitor-report"].publisher, c.sources["monitor-report"].title) == ("0123", "Null")
    html = cli("render", root, "--letter", "appeal", "--recipient", "us-envoy").stdout
    assert '<span class="name">Yes</span>' in html
    assert ", NO" in html
    assert "0123, \u201cNull\u201d" in html  # the source note: publisher, quoted title


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/hostname",
        "data:text/html,<b>x</b>",
        "ftp://example.org/x",
        "//example.org/x",
        "https://exa mple.org",
        "JaVaScRiPt:alert(1)",
        'https://example.org/"><script>',
    ],
)
def test_only_web_and_mail_urls(url: str, campaign) -> None:
    root = campaign()
    (root / "sources.yaml").write_text(f"monitor-report:\n  publisher: M\n  url: '{url}'\n", "utf-8")
    assert errors_of(root) == [
        "sources.yaml:3: error: url: only https:, http: and mailto: URLs are allowed [schema]\n"
        "    hint: give the web address of the source, starting with https:// (or http://, mailto:)"
    ]


@pytest.mark.parametrize("url", ["https://example.org/r?a=1&b=2", "http://example.org", "mailto:office@example.org"])
def test_web_and_mail_urls_accepted(url: str, campaign) -> None:
    root = campaign()
    (root / "sources.yaml").write_text(f"monitor-report:\n  publisher: M\n  url: '{url}'\n", "utf-8")
    assert errors_of(root) == []


def test_sender_url_is_checked_too(campaign) -> None:
    root = campaign()
    text = (
        (root / "campaign.yaml")
        .read_text("utf-8")
        .replace("  email: contact@example.org", "  email: contact@example.org\n  url: javascript:void(0)")
    )
    (root / "campaign.yaml").write_text(text, "utf-8")
    errors = errors_of(root)
    assert len(errors) == 1 and errors[0].startswith("campaign.yaml:14: error: sender.url: only https:")


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        (
            "facts.yaml",
            "prisoners:\n  claim: c\n  value: 1\n  sorce: monitor-report\n",
            ("facts.yaml:4: error: unknown field 'sorce' [unknown-field]", "did you mean 'source'?"),
        ),
        (
            "signatories.yaml",
            "alice-public:\n  name: A\n  consent:\n    level: public\n    record: {metod: letter}\n",
            (
                "signatories.yaml:5: error: unknown field 'consent.record.metod' [unknown-field]",
                "did you mean 'method'?",
            ),
        ),
        (
            "recipients.yaml",
            "us-envoy:\n  office: Envoy\n  languge: en\n",
            ("recipients.yaml:3: error: unknown field 'languge' [unknown-field]", "did you mean 'language'?"),
        ),
    ],
)
def test_unknown_fields_with_a_did_you_mean(file: str, text: str, expected: tuple[str, str], campaign) -> None:
    root = campaign()
    (root / file).write_text(text, "utf-8")
    errors = "\n".join(errors_of(root))
    for part in expected:
        assert part in errors


def test_unknown_field_in_campaign_settings(campaign) -> None:
    root = campaign()
    text = (root / "campaign.yaml").read_text("utf-8").replace("place: Berlin", "plaec: Berlin")
    (root / "campaign.yaml").write_text(text, "utf-8")
    errors = errors_of(root)
    assert errors == ["campaign.yaml:8: error: unknown field 'plaec' [unknown-field]\n    hint: did you mean 'place'?"]


def test_bad_date_and_bad_number(campaign) -> None:
    root = campaign()
    (root / "signatories.yaml").write_text(
        "alice-public:\n  name: A\n  age: sixty\n  consent:\n    level: public\n"
        "    record: {method: letter, date: 30.06.2025}\n",
        "utf-8",
    )
    errors = "\n".join(errors_of(root))
    assert "signatories.yaml:3: error: age:" in errors
    assert "signatories.yaml:6: error: consent.record.date:" in errors
    assert "YYYY-MM-DD" in errors


def test_a_file_that_is_not_a_mapping(campaign) -> None:
    root = campaign()
    (root / "demands.yaml").write_text("- release everyone\n", "utf-8")
    errors = errors_of(root)
    assert errors[0].startswith("demands.yaml:1: error: demands.yaml must map each id to its fields")
    assert len(errors) == 1  # the letter's 'demands: [all]' is not an unknown-id on top


def test_an_empty_record_file_is_allowed(campaign) -> None:
    root = campaign()
    (root / "demands.yaml").write_text("# no demands yet\n", "utf-8")
    assert errors_of(root) == []
