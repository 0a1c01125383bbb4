"""Jinja's immutable sandbox with limits: one document's template cannot run for ever or fill
memory. Each render has a deadline and an output budget; ``*``, ``**`` and ``+`` that would
build a huge string, list or number, and ``str`` padding methods with a huge width, are refused
before they allocate; a value doubled in a loop or by a recursive macro is stopped when it is
kept in a ``namespace()`` or passed on (at most twice the budget is ever allocated). A limit
reached is a :class:`LimitExceeded` (a ``SecurityError``), which fails that document only.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

TIME_LIMIT = 60.0  # seconds of template rendering per document
OUTPUT_LIMIT = 64_000_000  # characters of HTML per document (a 100,000-signature annex is ~20 M)
_WIDTH_METHODS = {"ljust", "rjust", "center", "zfill", "expandtabs"}


class LimitExceeded(SecurityError):
    """A document's template went over its time or size limit."""


def _too_big(value: Any) -> bool:
    return isinstance(value, (str, list, tuple)) and len(value) > OUTPUT_LIMIT


class LimitedNamespace(Namespace):
    """``namespace()``: the one place a template can keep a value across loop iterations, so the
    place where a value doubled in a loop is stopped."""

    def __setitem__(self, name: str, value: Any) -> None:
        if _too_big(value):
            raise LimitExceeded(f"a value of {len(value):,} items kept in a namespace")
        super().__setitem__(name, value)


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox every template runs in (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.deadline = float("inf")
        self.globals["namespace"] = LimitedNamespace

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"the template ran longer than {TIME_LIMIT:g} seconds")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > OUTPUT_LIMIT:
                    raise LimitExceeded(f"'*' would make a value of {len(seq) * n:,} items")
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            if len(left) + len(right) > OUTPUT_LIMIT:
                raise LimitExceeded(f"'+' would make a value of {len(left) + len(right):,} items")
        if (
            operator == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and abs(right) > 10_000
            and abs(left) > 1
        ):
            raise LimitExceeded("'**' would make a number too large to print")
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.tick()
        return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's signature)
        __self.tick()
        if any(_too_big(a) for a in (*args, *kwargs.values())):
            raise LimitExceeded("a value larger than a document passed to a macro or function")
        if getattr(__obj, "__name__", "") in _WIDTH_METHODS and isinstance(getattr(__obj, "__self__", None), str):
            if any(isinstance(a, int) and a > OUTPUT_LIMIT for a in args):
                raise LimitExceeded(f"str.{__obj.__name__}() with a width over {OUTPUT_LIMIT:,}")
        return super().call(__context, __obj, *args, **kwargs)

    def render_limited(self, chunks: Iterator[str]) -> str:
        """Join a template's output, stopping at the deadline or the output budget."""
        self.deadline = time.monotonic() + TIME_LIMIT
        out: list[str] = []
        size = 0
        try:
            for chunk in chunks:
                size += len(chunk)
                if size > OUTPUT_LIMIT:
                    raise LimitExceeded(f"the document is larger than {OUTPUT_LIMIT:,} characters")
                self.tick()
                out.append(chunk)
        finally:
            self.deadline = float("inf")
        return "".join(out)
