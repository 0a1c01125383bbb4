"""The one seam to Jinja: templates → HTML string.

Every template, shipped or the campaign's own, runs in Jinja's sandbox with autoescaping on and
``StrictUndefined`` (a misspelt variable is an error, never an empty string). Templates are read
only from the campaign's ``templates/`` and the shipped ``templates/``; nothing else on disk.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.loaders import ChoiceLoader
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .catalogs import Translator
from .compose import LetterView
from .errors import Location, RenderError
from .resources import templates_dir


class ConfinedLoader(FileSystemLoader):
    """A file loader that refuses files whose real path leaves its folder (symlinks included)."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        if not any(real.startswith(os.path.realpath(p) + os.sep) for p in self.searchpath):
            # not TemplateNotFound: the ChoiceLoader would silently fall back to the shipped template
            raise TemplateError(f"template {template!r} is a link to a file outside the templates folder; "
                                "letters does not read it")
        return source, filename, uptodate


class _Current:
    translator: Translator | None = None


class Renderer:
    """Renders documents; one per build (templates are compiled once and reused)."""

    def __init__(self, campaign_root: Path | None):
        paths = []
        self.campaign_templates = campaign_root / "templates" if campaign_root else None
        if self.campaign_templates and self.campaign_templates.is_dir():
            paths.append(ConfinedLoader(str(self.campaign_templates)))
        paths.append(ConfinedLoader(str(templates_dir())))
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
            return tpl.render(**context)
        except TemplateNotFound as exc:
            raise RenderError(f"template {exc.name!r} not found",
                              hint="templates are looked up in the campaign's templates/ folder, then in the "
                                   "shipped templates (appeal.html.j2)") from None
        except TemplateSyntaxError as exc:
            raise RenderError(f"template syntax error: {exc.message}",
                              location=Location(self._shown(exc.filename), exc.lineno or 0),
                              hint="see the Jinja template documentation") from None
        except TemplateError as exc:
            raise RenderError(f"template error: {exc}", location=self._template_location(exc),
                              hint="every variable a template uses must exist; see docs/templates.md for the list")
        finally:
            self._current.translator = None

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
