"""Collect every translatable string into a catalog template (POT).

Toolkit: the shipped templates (Jinja's own extractor, with the options the renderer uses, so a
``{% trans %}`` block yields exactly the msgid looked up at render time) and the strings of
``letters`` marked ``N_()`` or passed literally to ``pgettext``. Campaign: every translatable
field of the fact store (``TRANSLATABLE`` of each record in :mod:`letters.model`), each under the
context :func:`letters.contexts.msgctxt` that :mod:`letters.compose` looks it up with, plus the
campaign's own templates. A template that cannot be parsed is an error, never skipped.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog

from .. import __version__
from ..contexts import msgctxt
from ..errors import CampaignInvalid, Location, TranslationError
from ..load import SourceIndex, load_campaign
from ..model import Campaign, Record
from .layout import Domain, now

TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2", ".html", ".htm", ".txt", ".xml")
COMMENT_TAGS = ("Translators:",)
# The renderer's Jinja settings (letters.render.Renderer): extraction must see the same text.
JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "keep_trailing_newline": "true",
    "newstyle_gettext": "true",
    "autoescape": "true",
    "silent": "false",  # a template with a syntax error raises instead of yielding nothing
}
TEMPLATE_KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
PYTHON_KEYWORDS: dict[str, Any] = {"N_": None, "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
NO_PERCENT = "no-python-format"  # campaign content is never %-formatted (see catalogs.message_uses_percent)

# What a translator should know about a fact-store field; {id} is the record's id, {n} a list item's number.
FIELD_COMMENTS: dict[tuple[str, str], str] = {
    ("campaign", "title"): "Title of campaign {id}; used in the PDF's metadata.",
    ("campaign", "place"): "Place on the date line, before the date (as in 'London, 3 July 2025').",
    ("sender", "name"): "Name of the sender, in the letterhead and as the PDF's author.",
    ("sender", "lines"): "Line {n} of the sender's letterhead.",
    ("letter", "subject"): "Subject line of letter {id}.",
    ("letter", "opening"): "Opening paragraph of letter {id}, before the numbered demands.",
    ("letter", "body"): "Paragraph {n} of letter {id}, after the numbered demands.",
    ("letter", "closing"): "Closing paragraph of letter {id}, before the valediction.",
    ("demand", "text"): "Demand {id}: one numbered item of what the letter asks for.",
    ("signatory", "role"): "Role of signatory {id}, shown after their name and age.",
    ("recipient", "office"): "Office of recipient {id}; used in the address block and salutation.",
    ("recipient", "attention"): "'For the attention of' line of recipient {id}, in the address block.",
    ("fact", "claim"): "Claim of fact {id}, shown in the numbered source notes.",
    ("fact", "value_text"): "Value of fact {id}; it replaces {{fact:{id}}} in the letter.",
}
PLACEHOLDER_COMMENT = (
    "Keep {found} exactly as written: each becomes a sourced figure or a note "
    "number. Move it where your language needs it."
)
# Python strings marked N_() are looked up later with a context; these are the tables they sit in.
_PYTHON_TABLES = (
    ("QUALIFIERS", "QUALIFIER_CONTEXT", "A figure with its qualifier, as in 'at least 10,000'; keep %(value)s."),
    ("STATUSES", "STATUS_CONTEXT", "Status of a signatory, shown in brackets after the name."),
)


def new_template(project: str, header: str) -> Catalog:
    cat = Catalog(
        project=project,
        version=__version__,
        copyright_holder="the letters contributors",
        msgid_bugs_address="",
        charset="utf-8",
        creation_date=now(),
        fuzzy=True,
    )
    cat.header_comment = header
    return cat


# --- campaign ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentString:
    """One translatable field of the fact store."""

    kind: str
    rid: str
    field: str
    index: int | None
    text: str
    location: Location

    @property
    def context(self) -> str:
        return msgctxt(self.kind, self.rid, self.field, self.index)

    def comment(self) -> str:
        n = "" if self.index is None else str(self.index + 1)
        text = FIELD_COMMENTS.get((self.kind, self.field), "{field} of {kind} {id}.")
        return text.format(id=self.rid, n=n, field=self.field, kind=self.kind)


def content_strings(campaign: Campaign, index: SourceIndex) -> Iterator[ContentString]:
    """Every translatable field, in the order of the files; only what the renderer can show."""
    s = campaign.settings
    yield from _fields("campaign", s.id, s, index, ("campaign",))
    yield from _fields("sender", s.id, s.sender, index, ("campaign", "sender"))
    for lid, letter in s.letters.items():
        yield from _fields("letter", lid, letter, index, ("letter", lid))
    records: tuple[tuple[str, dict[str, Any]], ...] = (
        ("signatory", campaign.signatories),
        ("recipient", campaign.recipients),
        ("demand", campaign.demands),
        ("fact", campaign.facts),
        ("source", campaign.sources),
    )
    for kind, items in records:
        for rid, rec in items.items():
            if kind == "signatory" and not _shown_with_role(rec):
                # only a publicly named signatory's role is ever rendered; nothing else about the
                # others leaves the fact store, not even for translators
                continue
            yield from _fields(kind, rid, rec, index, (kind, rid))


def _shown_with_role(sig: Any) -> bool:
    level = sig.consent.effective if sig.consent else "withdrawn"
    return level == "public" and sig.count == 1 and sig.name is not None


_YAML_FIELD = {"value_text": "value"}  # model property -> the YAML key it comes from


def _fields(kind: str, rid: str, rec: Record, index: SourceIndex, where: tuple[str, ...]) -> Iterator[ContentString]:
    doc_kind, *key = where
    for name in type(rec).TRANSLATABLE:
        value = getattr(rec, name)
        if not value:
            continue
        yname = _YAML_FIELD.get(name, name)
        if isinstance(value, tuple):
            for i, item in enumerate(value):
                if item:
                    yield ContentString(kind, rid, name, i, item, index.loc(doc_kind, *key, yname, i))
        else:
            yield ContentString(kind, rid, name, None, value, index.loc(doc_kind, *key, yname))


def extract_campaign(path: Path, domain: Domain) -> Catalog:
    """The campaign's template: fact-store strings with contexts, then its own templates' strings."""
    from ..compose import PLACEHOLDER_RE

    loaded = load_campaign(path)
    if loaded.campaign is None or any(p.is_error for p in loaded.problems):
        # a record left out would look like a removed string and push translations to obsolete
        raise CampaignInvalid(loaded.problems)
    campaign = loaded.campaign
    cat = new_template(
        campaign.settings.id,
        f"# Strings of campaign {campaign.settings.id}: its fact store and templates.\n"
        "# Made by 'letters i18n extract'; do not edit: translate the PO files made from it.",
    )
    for item in content_strings(campaign, loaded.index):
        comments = [item.comment()]
        found = sorted(set(m.group(0) for m in PLACEHOLDER_RE.finditer(item.text)))
        if found:
            comments.append(PLACEHOLDER_COMMENT.format(found=", ".join(found)))
        loc = item.location
        cat.add(
            item.text,
            locations=[(loc.path, loc.line)],
            auto_comments=comments,
            flags=[NO_PERCENT],
            context=item.context,
        )
    templates = domain.shown_root / "templates"
    if templates.is_dir():
        extract_templates(templates, domain.shown_root, cat)
    return cat


# --- templates and Python ---------------------------------------------------------------------


def extract_templates(folder: Path, shown_root: Path, cat: Catalog, prefix: str = "") -> None:
    """Add the strings of every template under ``folder``; a parse error raises with file:line."""
    from babel.messages.extract import extract
    from jinja2 import TemplateSyntaxError
    from jinja2.ext import babel_extract

    from ..confine import read_inside

    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in TEMPLATE_SUFFIXES):
        shown = prefix + path.relative_to(shown_root).as_posix()
        data = read_inside(shown_root, path.relative_to(shown_root), shown)  # a link leaving is refused
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise TranslationError(
                "template is not valid UTF-8", location=Location(shown, line), hint="save the template as UTF-8"
            ) from None
        try:
            found = list(
                extract(
                    babel_extract,  # type: ignore[arg-type]
                    io.BytesIO(data),  # type: ignore[arg-type]
                    keywords=TEMPLATE_KEYWORDS,
                    comment_tags=COMMENT_TAGS,
                    options=JINJA_OPTIONS,
                    strip_comment_tags=True,
                )
            )
        except TemplateSyntaxError as exc:
            raise TranslationError(
                f"template cannot be parsed: {exc.message}",
                location=Location(shown, exc.lineno or 0),
                hint="fix the template (see the Jinja documentation); no catalog was written",
            ) from None
        for lineno, msgid, comments, context in found:
            cat.add(msgid, locations=[(shown, lineno)], auto_comments=comments, context=context)


def extract_toolkit(domain: Domain) -> Catalog:
    """The toolkit's template: shipped templates, then Python strings of ``letters``."""
    from babel.messages.extract import extract

    from ..resources import PACKAGE_DIR, templates_dir

    if "_shipped" in domain.locales.parts:
        raise TranslationError(
            "the toolkit's catalogs can only be extracted in a source checkout of letters",
            hint="clone the repository and run 'letters i18n extract --toolkit' there",
        )
    cat = new_template(
        "letters",
        "# Strings of the letters toolkit: shipped templates and messages.\n"
        "# Made by 'letters i18n extract --toolkit'; do not edit.",
    )
    extract_templates(templates_dir(), domain.shown_root, cat)
    contexts = _python_contexts()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        shown = path.relative_to(domain.shown_root).as_posix()
        with path.open("rb") as fh:
            for lineno, msgid, comments, context in extract(
                "python", fh, keywords=PYTHON_KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True
            ):
                if context is None and isinstance(msgid, str) and msgid in contexts:
                    context, note = contexts[msgid]
                    comments = [*comments, note]
                cat.add(msgid, locations=[(shown, lineno)], auto_comments=comments, context=context)
    return cat


def _python_contexts() -> dict[str, tuple[str, str]]:
    """msgid -> (context, comment) for strings marked N_() in a table looked up with a context."""
    from .. import compose

    out: dict[str, tuple[str, str]] = {}
    for table, ctx_name, note in _PYTHON_TABLES:
        for msgid in getattr(compose, table).values():
            out[msgid] = (getattr(compose, ctx_name), note)
    return out
