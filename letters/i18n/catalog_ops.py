"""Write catalog templates, start PO files and merge templates into them.

Every write is atomic and happens only when the content changed, so a re-run leaves files (and
their dates) alone. Merging never loses a translation: a changed source string keeps its old
translation marked fuzzy (with the old source as ``#| msgid``), a removed one becomes obsolete
(``#~``) and comes back if the string returns.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from ..catalogs import read_catalog
from ..errors import InputError, Location, TranslationError
from ..lang import plurals
from .extract import NO_PERCENT
from .layout import Domain, now

# Contexts of fact-store fields (letters.contexts.msgctxt): one field each, so a changed text
# under the same context is the same field edited, however different the words are.
_CONTENT_CTX = re.compile(r"^[a-z]+:[a-z0-9-]+:[a-z_]+(?:\.(\d+))?$")


def render_po(cat: Catalog) -> bytes:
    """The catalog as PO bytes, deterministically (insertion order, wrapped at 76)."""
    for m in [*cat, *cat.obsolete.values()]:
        if NO_PERCENT in m.flags:
            m.flags.discard("python-format")  # Babel re-guesses it from '%' on every read
    buf = io.BytesIO()
    write_po(buf, cat, width=76, include_previous=True, ignore_obsolete=False)
    return buf.getvalue()


def write_template(cat: Catalog, path: Path) -> bool:
    """Write a POT; keeps the old file (and its date) when nothing else changed. True if written."""
    from ..confine import inside

    inside(path.parent.parent, Path(path.parent.name, path.name), action="write")  # locales/ may be a link
    old = path.read_bytes() if path.is_file() else None
    if old is not None:
        fresh = cat.creation_date
        try:
            cat.creation_date = read_po(io.BytesIO(old)).creation_date
        except Exception:  # an unreadable old template is simply replaced
            pass
        if render_po(cat) == old:
            return False
        cat.creation_date = fresh
    data = render_po(cat)
    if data == old:
        return False
    from ..write import atomic_write

    atomic_write(path, data)
    return True


def read_template(domain: Domain) -> Catalog:
    if not domain.pot.is_file():
        flag = " --toolkit" if domain.label == "toolkit" else ""
        raise TranslationError(
            f"no catalog template {domain.name}.pot yet",
            location=Location(domain.shown(domain.pot)),
            hint=f"run 'letters i18n extract{flag}' first",
        )
    return read_catalog(domain.pot, domain.shown(domain.pot))


def language_code(lang: str) -> str:
    """Normalise a language code Babel knows ('pt-br' -> 'pt_BR'); raise InputError otherwise."""
    from ..localization import BadLocale, parse_locale

    try:
        return str(parse_locale(lang))
    except BadLocale:
        raise InputError(
            f"unknown language code {lang!r}", hint="use a code Babel knows, such as de, fr, ru, uk, tr, pt_BR"
        ) from None


def init_catalog(domain: Domain, lang: str) -> Path:
    """Start the PO file of a new language from the template; never overwrites an existing one."""
    code = language_code(lang)
    path = domain.po(code)
    if path.exists():
        raise InputError(
            "this language already has a catalog",
            location=Location(domain.shown(path)),
            hint="run 'letters i18n update' to merge new strings into it",
        )
    read_template(domain)  # a clear error when it is missing or malformed
    cat = read_po(io.BytesIO(domain.pot.read_bytes()), locale=code, domain=domain.name)
    cat.locale = code  # type: ignore[assignment]
    rule = plurals.proposed(code)  # GNU gettext's rule, what Poedit writes; not Babel's of the day
    cat._num_plurals, cat._plural_expr = rule.nplurals, rule.expr  # type: ignore[assignment]
    cat.fuzzy = False
    cat.revision_date = now()
    cat.header_comment = (
        f"# {code} translation of {domain.name}.pot.\n"
        "# Translators: see docs/translators.md. Check your work with 'letters i18n check'."
    )
    from ..write import atomic_write

    atomic_write(path, render_po(cat))
    return path


@dataclass
class UpdateResult:
    """What merging the template into one PO file did."""

    path: Path
    shown: str
    language: str
    added: list[str] = field(default_factory=list)  # new strings, untranslated
    fuzzy: list[str] = field(default_factory=list)  # changed strings: old translation kept, marked fuzzy
    obsolete: list[str] = field(default_factory=list)  # strings no longer used (kept as #~)
    revived: list[str] = field(default_factory=list)  # obsolete strings used again
    written: bool = False


def update_catalog(domain: Domain, lang: str, template: Catalog | None = None) -> UpdateResult:
    """Merge the template into the PO file of ``lang``."""
    template = template or read_template(domain)
    path = domain.po(lang)
    shown = domain.shown(path)
    cat = read_catalog(path, shown, locale=_locale_or_none(lang))
    before = render_po(cat)
    old_keys = {_key(m) for m in cat if m.id}
    old_fuzzy = {_key(m) for m in cat if m.id and m.fuzzy}
    old_obsolete = set(cat.obsolete)
    result = UpdateResult(path, shown, lang)

    if domain.label == "campaign":
        template = _with_own_toolkit_strings(template, cat)
    wanted = {_key(m) for m in template if m.id}
    for okey in list(cat.obsolete):  # a string that comes back gets its old translation back
        if _key(cat.obsolete[okey]) in wanted and _key(cat.obsolete[okey]) not in old_keys:
            msg = cat.obsolete.pop(okey)
            cat[msg.id] = msg
            result.revived.append(_label(msg))
    moved = _match_by_context(cat, template)
    cat.update(template, update_creation_date=True)
    for (msgid, ctx), previous in moved.items():
        merged = cat.get(msgid, ctx)
        if merged is not None and previous is not None:
            merged.previous_id = [previous]

    for m in cat:
        if not m.id:
            continue
        k = _key(m)
        if m.fuzzy and k not in old_fuzzy:
            result.fuzzy.append(_label(m))
        elif k not in old_keys and not _filled(m):
            result.added.append(_label(m))
    result.obsolete = [_label(m) for k, m in cat.obsolete.items() if k not in old_obsolete]
    data = render_po(cat)
    if data != before:
        from ..write import atomic_write

        atomic_write(path, data)
        result.written = True
    return result


def _with_own_toolkit_strings(template: Catalog, cat: Catalog) -> Catalog:
    """The campaign template plus the toolkit strings this campaign's catalog translates itself
    (a language letters does not ship, or a wording of its own): updating keeps them, instead of
    marking them obsolete."""
    from ..resources import locales_dir

    toolkit_pot = locales_dir() / "letters.pot"
    if not toolkit_pot.is_file():
        return template
    toolkit = read_catalog(toolkit_pot, "<letters>/locales/letters.pot")
    merged = copy.deepcopy(template)
    for m in [*cat, *cat.obsolete.values()]:
        if not m.id or not _filled(m) or merged.get(m.id, m.context) is not None:
            continue
        source = toolkit.get(m.id, m.context)
        if source is not None:
            merged.add(source.id, context=source.context, auto_comments=source.auto_comments, flags=source.flags)
    return merged


def _match_by_context(cat: Catalog, template: Catalog) -> dict[tuple[str, str | None], str | None]:
    """Carry fact-store translations to their field's new text before Babel's own (text-similarity) matching.

    A text moved within a list (body.2 -> body.3) keeps its translation as is; a text edited under
    the same context keeps it marked fuzzy. Returns new key -> previous msgid (None when moved).
    """
    wanted = {_key(m) for m in template if m.id}
    by_ctx: dict[str, Message] = {m.context: m for m in cat if m.id and m.context and _CONTENT_CTX.match(m.context)}
    free = {_key(m) for m in by_ctx.values() if _key(m) not in wanted and _filled(m)}  # old, not reused as is
    moved: dict[tuple[str, str | None], str | None] = {}
    targets = [
        m for m in template if m.id and m.context and _CONTENT_CTX.match(m.context) and cat.get(m.id, m.context) is None
    ]

    def take(old: Message, new: Message, fuzzy: bool) -> None:
        free.discard(_key(old))
        cat.delete(old.id, old.context)
        flags = set(old.flags) | ({"fuzzy"} if fuzzy else set())
        cat.add(
            new.id,
            old.string,
            locations=new.locations,
            flags=flags,
            auto_comments=new.auto_comments,
            user_comments=old.user_comments,
            context=new.context,
        )
        moved[_key(new)] = _key(old)[0] if fuzzy else None

    for new in targets:  # same text, another item of the same list
        base = _base(new.context)
        for key in sorted(free):
            old = cat.get(*key)
            if old is not None and old.id == new.id and _base(old.context) == base:
                take(old, new, fuzzy=False)
                break
    for new in targets:  # same field, new text
        if _key(new) in moved:
            continue
        old = by_ctx.get(new.context or "")
        if old is not None and _key(old) in free:
            take(old, new, fuzzy=True)
    return moved


def _base(ctx: str | None) -> str:
    return (ctx or "").rsplit(".", 1)[0] if ctx and _CONTENT_CTX.match(ctx) else (ctx or "")


def _key(m: Message) -> tuple[str, str | None]:
    return (m.id if isinstance(m.id, str) else m.id[0], m.context)


def _filled(m: Message) -> bool:
    strings = m.string if isinstance(m.string, (list, tuple)) else (m.string,)
    return any(strings)


def _label(m: Message) -> str:
    text = m.id if isinstance(m.id, str) else m.id[0]
    short = text if len(text) <= 60 else text[:57] + "..."
    return f"{short!r}" + (f" ({m.context})" if m.context else "")


def _locale_or_none(lang: str) -> str | None:
    from ..localization import is_known_locale

    return lang if is_known_locale(lang) else None
