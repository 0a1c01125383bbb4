"""The one seam to Jinja: templates → HTML string.

Every template, shipped or the campaign's own, runs in Jinja's sandbox with autoescaping on and
``StrictUndefined`` (a misspelt variable is an error, never an empty string). Templates are read
only from the campaign's ``templates/`` and the shipped ``templates/``; nothing else on disk.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.loaders import ChoiceLoader

from .catalogs import Translator
from .compose import LetterView
from .errors import Location, RenderError
from .fetcher import AssetPolicy
from .htmlscan import refusals
from .resources import assets_dir, templates_dir
from .sandbox import LimitedSandbox, LimitExceeded


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
        self.policy = AssetPolicy([assets_dir(), templates_dir(), *([campaign_root] if campaign_root else [])])
        self._current = _Current()
        env = LimitedSandbox(
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
            html = self.env.render_limited(tpl.generate(**context))
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
        except LimitExceeded as exc:
            raise RenderError(
                f"the document went over a limit: {exc}",
                location=self._template_location(exc),
                hint="a letter is a few pages: check the template for a runaway loop or repetition",
            ) from None
        except TemplateError as exc:
            raise RenderError(
                f"template error: {exc}",
                location=self._template_location(exc),
                hint="every variable a template uses must exist; see docs/templates.md for the list",
            ) from None
        except RecursionError as exc:
            raise RenderError(
                "the template nests or recurses too deeply",
                location=self._template_location(exc),
                hint="simplify the template (a macro calling itself, or includes in a loop)",
            ) from None
        except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError, MemoryError) as exc:
            # only the type is shown: the message of an error in a template may quote the letter's data
            raise RenderError(
                f"the template failed ({type(exc).__name__})",
                location=self._template_location(exc),
                hint="fix the expression at this line (e.g. a division by zero); run 'letters render' "
                "on this document with --debug for details",
            ) from None
        finally:
            self._current.translator = None
        outside = refusals(html, self.policy, self.campaign_root or assets_dir())
        if outside:
            raise RenderError(
                f"the document refers to {outside[0]!r}, which letters refuses to load",
                location=Location(self._shown(self._filename(template))),
                hint="a document runs no script and loads only images, fonts and stylesheets from the "
                "campaign folder (a path relative to it); attachments only if campaign.yaml lists them "
                "under output.attachments (see docs/security.md)",
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
