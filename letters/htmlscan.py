"""The HTML safety scan: a rendered document may load only what the PDF fetcher would serve,
and holds no script. Parsed, not pattern-matched: :mod:`html.parser` for markup, tinycss2 for
CSS (so ``\\75rl(`` is seen as the ``url(`` it is).

What counts as a load, for every element: ``src``, ``srcset``, ``data``, ``poster``,
``background``, ``href`` (except on ``<a>``/``<area>``, which are links a reader follows) and
``xlink:href`` (``<svg><image>``, ``<use>``), any ``<link>``, ``<base>``, every ``url()`` and
``@import`` in a style. Scripts: ``<script>``, any ``on…=`` attribute, frames and plug-ins
(``iframe``, ``srcdoc``, ``object``, ``embed``), ``<meta http-equiv=refresh>``, ``javascript:``
and other script URLs anywhere, and CSS ``expression()`` or ``-moz-binding``.
"""

from __future__ import annotations

import weakref
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .fetcher import AssetPolicy

LOAD_ATTRS = {"src", "data", "poster", "background", "xlink:href", "lowsrc", "dynsrc", "longdesc", "ping"}
LINK_TAGS = {"a", "area"}
SCRIPT_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "noembed"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:")
CSS_SCRIPT = {"expression", "-moz-binding", "behavior"}


# what a stylesheet text was found to load or run, per policy (a policy lives as long as its session)
_CSS_SEEN: weakref.WeakKeyDictionary[AssetPolicy, dict[tuple[str, bool, str], list[str]]] = weakref.WeakKeyDictionary()


def refusals(html: str, policy: AssetPolicy, base: Path | None) -> list[str]:
    """What the document would load or run that letters refuses (empty: nothing)."""
    scan = _Scan(policy, base)
    scan.feed(html)
    scan.close()
    return scan.found


class _Scan(HTMLParser):
    def __init__(self, policy: AssetPolicy, base: Path | None):
        super().__init__(convert_charrefs=True)
        self.policy, self.base = policy, base
        self.found: list[str] = []
        self.in_style = False
        self.style = ""

    def load(self, url: str) -> None:
        if not self.policy.allows(url, self.base):
            self.found.append(url.strip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.element(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.element(tag, attrs)

    def element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SCRIPT_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "style":
            self.in_style, self.style = True, ""
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        if tag == "base":
            self.found.append("<base>")
        if "attachment" in values.get("rel", "").lower().split():
            self.attachment(values.get("href", ""))
        for name, value in values.items():
            self.attribute(tag, name, value)

    def attribute(self, tag: str, name: str, value: str) -> None:
        bare = "".join(value.split()).lower()  # browsers ignore whitespace and control characters in schemes
        if name.startswith("on") or name in ("srcdoc", "formaction", "action"):
            self.found.append(f"{name}=")
        elif bare.startswith(SCRIPT_SCHEMES):
            self.found.append(value.strip()[:60])
        elif name == "style":
            self.css(value, declarations=True)
        elif name == "srcset" or (name == "imagesrcset"):
            for part in value.split(","):
                if part.strip():
                    self.load(part.strip().split()[0])
        elif name in LOAD_ATTRS or (name == "href" and tag not in LINK_TAGS):
            self.load(value)

    def attachment(self, href: str) -> None:
        """A file to embed in the PDF: only the ones ``output.attachments`` lists."""
        import os
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(href.strip())
        path = os.path.realpath(self.base / unquote(parts.path)) if self.base and not parts.scheme else ""
        if path not in self.policy.attachments:
            self.found.append(f"attachment {href.strip()}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self.in_style:
            self.in_style = False
            self.css(self.style, declarations=False)

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.style += data

    def close(self) -> None:
        super().close()
        if self.in_style:  # an unclosed <style>: still a style
            self.in_style = False
            self.css(self.style, declarations=False)

    def css(self, text: str, declarations: bool) -> None:
        import tinycss2

        # Every letter of a build carries the same <style>: parse it once per policy (issue 9)
        memo = _CSS_SEEN.setdefault(self.policy, {})
        key = (text, declarations, str(self.base))
        if key in memo:
            self.found.extend(memo[key])
            return
        before = len(self.found)
        if declarations:
            nodes: list[Any] = tinycss2.parse_blocks_contents(text)
        else:
            nodes = tinycss2.parse_stylesheet(text)
        self.css_nodes(nodes)
        if len(memo) > 256:
            memo.clear()
        memo[key] = self.found[before:]

    def css_nodes(self, nodes: list[Any]) -> None:
        import tinycss2

        for node in nodes:
            kind = getattr(node, "type", "")
            if kind == "url":
                self.load(node.value)
            elif kind == "function":
                name = node.lower_name
                if name in CSS_SCRIPT:
                    self.found.append(f"{name}()")
                elif name in ("url", "src"):
                    strings = [t.value for t in node.arguments if t.type == "string"]
                    self.load(strings[0] if strings else tinycss2.serialize(node.arguments).strip())
                self.css_nodes(node.arguments)
            elif kind == "ident" and node.lower_value in CSS_SCRIPT:
                self.found.append(node.value)
            elif kind == "at-rule":
                if node.lower_at_keyword == "import":
                    for t in node.prelude:
                        if t.type == "string":
                            self.load(t.value)
                self.css_nodes(node.prelude)
                if node.content:
                    self.css_nodes(tinycss2.parse_blocks_contents(tinycss2.serialize(node.content)))
            elif kind == "qualified-rule":
                self.css_nodes(tinycss2.parse_blocks_contents(tinycss2.serialize(node.content)))
            elif kind == "declaration":
                if node.lower_name in CSS_SCRIPT:
                    self.found.append(node.name)
                self.css_nodes(node.value)
            elif kind in ("() block", "[] block", "{} block"):
                self.css_nodes(node.content)
