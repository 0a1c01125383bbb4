"""The one seam to Jinja: templates → HTML string.

Every template, shipped or the campaign's own, runs in Jinja's sandbox with autoescaping on and
``StrictUndefined`` (a misspelt variable is an error, never an empty string). Templates are read
only from the campaign's ``templates/`` and the shipped ``templates/``; nothing else on disk.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.loaders import ChoiceLoader
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .catalogs import Translator
from .compose import LetterView
from .errors import Location, RenderError
from .resources import templates_dir

_RESOURCE_ATTRS = {"src", "srcset", "data", "poster", "background", "xlink:href"}
_CSS_URL_RE = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
_ALLOWED_SCHEMES = ("data:", "#")


def outside_references(html: str) -> list[str]:
    """Resources a document would load from outside itself (absolute URLs other than data:), and scripts.

    Links (``<a href>``) are not loads and are allowed; relative references resolve inside the
    campaign folder (PDF) and are checked again by the PDF fetcher.
    """
    from html.parser import HTMLParser

    found: list[str] = []

    def consider(url: str) -> None:
        u = url.strip()
        if ":" in u.split("/")[0] and not u.lower().startswith(_ALLOWED_SCHEMES):
            found.append(u)
        elif u.startswith("//"):
            found.append(u)

    class _Scan(HTMLParser):
        in_style = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "script":
                found.append("<script>")
            if tag == "style":
                self.in_style = True
            rel = dict(attrs).get("rel") or ""
            for name, value in attrs:
                if value is None:
                    continue
                if (
                    name in _RESOURCE_ATTRS
                    or (tag == "link" and name == "href" and "stylesheet" in rel.lower())
                    or (tag in ("link", "base") and name == "href" and tag == "base")
                ):
                    for part in value.split(","):
                        consider(part.strip().split(" ")[0])
                if name == "style":
                    for m in _CSS_URL_RE.finditer(value):
                        consider(m.group(1) or m.group(2))

        def handle_endtag(self, tag: str) -> None:
            if tag == "style":
                self.in_style = False

        def handle_data(self, data: str) -> None:
            if self.in_style:
                for m in _CSS_URL_RE.finditer(data):
                    consider(m.group(1) or m.group(2))

    _Scan(convert_charrefs=True).feed(html)
    return found


class ConfinedLoader(FileSystemLoader):
    """A file loader that reads only regular files whose real path stays inside ``boundary`` (the
    campaign folder, or the shipped templates): a link leaving it is refused, never followed."""

    def __init__(self, searchpath: Path, boundary: Path):
        super().__init__(str(searchpath))
        self.folder = searchpath
        self.boundary = boundary

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        from jinja2.loaders import split_template_path

        from .confine import escaping_link

        folder = self.folder.relative_to(self.boundary)
        path = folder.joinpath(*split_template_path(template))
        link = escaping_link(self.boundary, path)
        # checked before anything is opened; not TemplateNotFound, or the ChoiceLoader would silently
        # fall back to the shipped template
        if link is not None and link.parts == folder.parts:
            raise TemplateError(
                "the templates folder is a link to a place outside the campaign; letters does not read it"
            )
        if link is not None:
            raise TemplateError(
                f"template {template!r} is a link to a file outside the templates folder; letters does not read it"
            )
        if os.path.lexists(self.boundary / path) and not os.path.isfile(self.boundary / path):
            raise TemplateError(f"template {template!r} is not a regular file; letters does not read it")
        return super().get_source(environment, template)


class _Current:
    translator: Translator | None = None


class Renderer:
    """Renders documents; one per build (templates are compiled once and reused)."""

    def __init__(self, campaign_root: Path | None):
        paths = []
        self.campaign_templates = campaign_root / "templates" if campaign_root else None
        if campaign_root and self.campaign_templates and os.path.lexists(self.campaign_templates):
            paths.append(ConfinedLoader(self.campaign_templates, campaign_root))
        paths.append(ConfinedLoader(templates_dir(), templates_dir()))
        self.campaign_root = campaign_root
        self._current = _Current()
        env = ImmutableSandboxedEnvironment(
            loader=ChoiceLoader(paths),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        cur = self._current
        env.install_gettext_callables(  # type: ignore[attr-defined]
            lambda m: cur.translator.gettext(m),  # type: ignore[union-attr]
            lambda s, p, n: cur.translator.ngettext(s, p, n),  # type: ignore[union-attr]
            newstyle=True,
            pgettext=lambda c, m: cur.translator.pgettext(c, m),  # type: ignore[union-attr]
            npgettext=lambda c, s, p, n: cur.translator.npgettext(c, s, p, n),  # type: ignore[union-attr]
        )
        self.env = env

    def render(self, template: str, view: LetterView, translator: Translator) -> str:
        self._current.translator = translator
        try:
            tpl = self.env.get_template(template)
            context = asdict(view)
            context["view"] = view
            html = tpl.render(**context)
        except TemplateNotFound as exc:
            raise RenderError(
                f"template {exc.name!r} not found",
                hint="templates are looked up in the campaign's templates/ folder, then in the "
                "shipped templates (appeal.html.j2)",
            ) from None
        except TemplateSyntaxError as exc:
            raise RenderError(
                f"template syntax error: {exc.message}",
                location=Location(self._shown(exc.filename), exc.lineno or 0),
                hint="see the Jinja template documentation",
            ) from None
        except TemplateError as exc:
            raise RenderError(
                f"template error: {exc}",
                location=self._template_location(exc),
                hint="every variable a template uses must exist; see docs/templates.md for the list",
            ) from None
        finally:
            self._current.translator = None
        outside = outside_references(html)
        if outside:
            raise RenderError(
                f"the document refers to {outside[0]!r}, which letters refuses to load",
                location=Location(self._shown(self._filename(template))),
                hint="letters produce no scripts and load nothing from the network or from files "
                "outside the campaign: use a path relative to the campaign folder, or remove it",
            )
        return html

    def _filename(self, template: str) -> str | None:
        try:
            return self.env.get_template(template).filename
        except TemplateError:
            return None

    def _shown(self, filename: str | None) -> str:
        if not filename:
            return "<template>"
        path = Path(filename)
        if self.campaign_root:
            try:
                return str(path.resolve().relative_to(self.campaign_root.resolve()))
            except ValueError:
                pass
        try:
            return "<letters>/templates/" + str(path.resolve().relative_to(templates_dir().resolve()))
        except ValueError:
            return path.name

    def _template_location(self, exc: BaseException) -> Location | None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".j2", ".html", ".css", ".jinja")) and frame.lineno:
                return Location(self._shown(frame.filename), frame.lineno)
        return None
