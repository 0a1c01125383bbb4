"""The session: a loaded, validated campaign ready to render documents to HTML.

:class:`Session` holds what one command needs (the campaign, its catalogs, the compiled
templates) so that ``check``, ``render`` and ``build`` share one path. A document that fails is
reported and skipped; the others are still written (and the manifest says which failed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..address import campaign_rules
from ..catalogs import CAMPAIGN_DOMAIN, TOOLKIT_DOMAIN, CatalogSet, Translator
from ..compose import LetterView, compose
from ..errors import CampaignInvalid, LettersError, Location, Problem, Severity, TranslationError
from ..fonts import glyph_problems
from ..load import Loaded, load_campaign
from ..localization import is_known_locale
from ..model import Campaign, Recipient
from ..plan import Job, Selection, plan
from ..render import Renderer
from ..resources import locales_dir, templates_dir
from ..validate import validate


@dataclass
class Rendered:
    job: Job
    recipients: list[Recipient]
    html: str
    view: LetterView
    translator: Translator


# errors whose input is set aside (the source string is used instead): reported, not fatal
FALLBACK_CODES = frozenset({"unsafe-translation"})


class Session:
    """A loaded, validated campaign ready to render."""

    def __init__(self, path: Path):
        self.loaded: Loaded = load_campaign(path)
        self.root = self.loaded.index.root
        self.problems: list[Problem] = validate(self.loaded)
        self.catalogs: CatalogSet | None = None
        self._renderer: Renderer | None = None
        if self.loaded.campaign is not None:
            self.catalogs = CatalogSet(
                locales_dir(), self.root / "locales", self.loaded.campaign.settings.source_language, self.root
            )
            self.problems += self._catalog_problems()

    @property
    def campaign(self) -> Campaign:
        if self.loaded.campaign is None:
            raise CampaignInvalid(self.problems)
        return self.loaded.campaign

    def errors(self, strict: bool = False) -> list[Problem]:
        """What stops a build or render before it starts: errors, and warnings under ``strict``. A
        rejected translation is not among them: its source text is used, and under ``strict`` the
        documents in its language fail one by one (the others are still made)."""
        return [
            p
            for p in self.problems
            if (p.is_error and p.code not in FALLBACK_CODES) or (strict and p.severity is Severity.WARNING)
        ]

    def require_valid(self, strict: bool = False) -> None:
        if self.errors(strict):
            raise CampaignInvalid(self.problems)

    def _catalog_problems(self) -> list[Problem]:
        """Malformed or unsafe catalogs of every language the campaign may use."""
        assert self.catalogs is not None
        c = self.loaded.campaign
        assert c is not None
        langs = set(c.settings.languages) | {r.language for r in c.recipients.values()}
        langs |= set(c.settings.output.extra_locales)
        out: list[Problem] = []
        for lang in sorted(langs):
            if not is_known_locale(lang):
                continue  # already reported by validate
            try:
                tr = self.catalogs.translator(lang)
            except TranslationError as exc:
                out.append(Problem(exc.location, exc.message, exc.hint, Severity.ERROR, "bad-catalog"))
                continue
            out.extend(tr.problems)
        return list(dict.fromkeys(out))

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = Renderer(self.root)
        return self._renderer

    def plan(self, sel: Selection = Selection()) -> list[Job]:
        return plan(self.campaign, sel)

    def render(self, job: Job) -> Rendered:
        """Render one document to HTML (no PDF yet)."""
        assert self.catalogs is not None
        c = self.campaign
        letter = c.settings.letters[job.letter]
        recipients = c.letter_recipients(letter) if job.group else [c.recipients[job.recipient]]
        tr = self.catalogs.translator(job.locale)
        with campaign_rules(self.root):  # the campaign's own address/<language>.yaml, if any
            view = compose(c, letter, recipients, job.locale, tr)
        html = self.renderer.render(letter.template, view, tr)
        return Rendered(job, recipients, html, view, tr)

    def dry_render(self, render: Callable[[Job], Rendered] | None = None) -> list[Problem]:
        """Render every planned document to HTML (no PDF) and return what that finds: template and
        render errors (once each), view warnings validate did not already report, and one
        missing-translation warning per language. Used by ``letters check``; ``render`` replaces
        :meth:`render` (the preview passes the documents it kept from before, so only the changed
        ones are rendered again)."""
        render = render or self.render
        out: list[Problem] = []
        seen: set[str] = set()
        missing: dict[str, dict[tuple[str, str | None, str], None]] = {}
        known = {(p.code, p.message.split(":")[0]) for p in self.problems}
        for job in self.plan():
            try:
                r = render(job)
            except LettersError as exc:
                if exc.message not in seen:
                    seen.add(exc.message)
                    who = f"recipient {job.recipient!r}" if job.recipient else "its group of recipients"
                    out.append(
                        Problem(
                            exc.location,
                            f"{exc.message} (letter {job.letter!r}, {who}, {job.locale})",
                            exc.hint,
                            Severity.ERROR,
                            "render",
                        )
                    )
                continue
            who = f"recipient {job.recipient!r}" if job.recipient else "its group of recipients"
            out.extend(glyph_problems(r.html, self.root, f"letter {job.letter!r} to {who} in {job.locale!r}"))
            for w in r.view.warnings:
                # validate already reported this (with a proposal and a line number) for the usual languages
                key = (w.code, w.message.split(":")[0])
                if w.message not in seen and key not in known:
                    seen.add(w.message)
                    out.append(w)
            for m in r.translator.missing():
                missing.setdefault(job.locale, {})[m] = None
        for locale, items in sorted(missing.items()):
            out.append(missing_warning(locale, items, strict=False))
        return out

    def input_files(self, out_dir: Path | None = None) -> list[tuple[str, Path]]:
        """Every file a build reads (the output folder excluded, even inside the campaign; links
        that leave the campaign too: loading refuses them, and hashing must not read them)."""
        out = out_dir.resolve() if out_dir else None
        root = self.root.resolve()
        files = [
            (f"campaign/{p.relative_to(self.root)}", p)
            for p in sorted(self.root.rglob("*"))
            if p.is_file()
            and not _hidden(p.relative_to(self.root))
            and p.resolve().is_relative_to(root)  # a link leaving the campaign is never read, not even to hash it
            and not (out and p.resolve().is_relative_to(out))
        ]
        files += [
            (f"letters/templates/{p.relative_to(templates_dir())}", p)
            for p in sorted(templates_dir().rglob("*"))
            if p.is_file()
        ]
        files += [(f"letters/locales/{p.relative_to(locales_dir())}", p) for p in sorted(locales_dir().rglob("*.po"))]
        return files


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts) or rel.parts[0] in ("build", "out", "dist")


def missing_warning(locale: str, missing: dict[tuple[str, str | None, str], None], strict: bool) -> Problem:
    listed = "; ".join(f"{m!r}" + (f" ({c})" if c else "") for _kind, c, m in list(missing)[:12])
    more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
    return Problem(
        Location(f"locales/{locale}"),
        f"{len(missing)} string(s) not translated into {locale!r}, the source text is used: {listed}{more}",
        f"translate them in locales/{locale}/LC_MESSAGES/{CAMPAIGN_DOMAIN}.po "
        f"(or the toolkit's {TOOLKIT_DOMAIN}.po); 'letters i18n status' shows what is missing",
        Severity.ERROR if strict else Severity.WARNING,
        "missing-translation",
    )
