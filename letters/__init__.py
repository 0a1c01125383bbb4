"""letters: multilingual advocacy letters and petitions from a curated fact store.

Pipeline, one module per stage: ``load`` (files → raw data with line numbers) → ``model``
(typed, immutable records) → ``validate`` (every problem at once) → ``plan`` (letter ×
recipient × locale jobs) → ``render`` (Jinja + Babel → HTML string) → ``pdf`` / ``write``
(files and manifest). ``build`` ties the stages together; ``cli`` is the only place that
prints or exits.

The public API is what ``__all__`` names (see :mod:`letters.api`): ``load_campaign``,
``check_campaign``, ``build_campaign``, ``render_document`` and the error and problem types.
Names are imported on first use, so ``import letters`` stays cheap (``letters --help`` must not
load WeasyPrint).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "CampaignInvalid",
    "ExitCode",
    "FileSystemError",
    "InputError",
    "LettersError",
    "Location",
    "Problem",
    "RenderError",
    "Severity",
    "TranslationError",
    "__version__",
    "build_campaign",
    "check_campaign",
    "errors_in",
    "load_campaign",
    "render_document",
]

_FROM = {
    **{name: "api" for name in ("build_campaign", "check_campaign", "errors_in", "load_campaign", "render_document")},
    **{name: "errors" for name in __all__ if name[0].isupper()},
}

if TYPE_CHECKING:
    from .api import build_campaign, check_campaign, errors_in, load_campaign, render_document
    from .errors import (
        CampaignInvalid,
        ExitCode,
        FileSystemError,
        InputError,
        LettersError,
        Location,
        Problem,
        RenderError,
        Severity,
        TranslationError,
    )


def __getattr__(name: str) -> Any:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module 'letters' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"letters.{module}"), name)
    globals()[name] = value
    return value
