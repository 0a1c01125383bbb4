"""The one seam to the YAML library: strict loading with line numbers.

Every scalar stays the exact string the user wrote (``NO``, ``Null``, ``0123``, ``yes`` are
strings); the schema (:mod:`letters.model`) decides what becomes a number, a date or a flag.
Duplicate keys, anchors/aliases and explicit tags are errors: a fact store is reviewed by
people, and those features hide what a reviewer sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .confine import read_inside
from .errors import InputError, Location, Problem, Severity

Key = tuple[str | int, ...]
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass
class YamlDoc:
    """Plain data (dict/list/str/None) plus the line of every key and item."""

    path: Path
    shown: str  # the path as shown in messages (relative to the campaign)
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)

    def loc(self, key: Key = ()) -> Location:
        """Location of ``key``, or of its nearest parent that has one."""
        key = tuple(key)
        while key and key not in self.lines:
            key = key[:-1]
        return Location(self.shown, self.lines.get(key, 1))


def load_yaml(path: Path, shown: str | None = None, root: Path | None = None) -> tuple[YamlDoc, list[Problem]]:
    """Read a YAML file strictly. Raises :class:`InputError` for unreadable or unparsable files;
    returns soft problems (duplicate keys) alongside the data so all can be reported at once.
    With ``root``, the file must be a regular file resolving inside it (:mod:`letters.confine`)."""
    shown = shown or str(path)
    if root is not None:
        raw = read_inside(root, path.relative_to(root), shown)
    else:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(
                f"cannot read file: {exc.strerror}",
                location=Location(shown),
                hint="check that the file exists and is readable",
            ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            "file is not valid UTF-8",
            location=Location(shown, line),
            hint="save the file as UTF-8 (most editors offer this in 'Save as')",
        ) from None
    return parse_yaml(text, path, shown)


MAX_DEPTH = 40  # nesting a fact store never needs; deeper would exhaust the parser's recursion


# libyaml (PyYAML's C parser) reads a file several times faster than the pure-Python one; the
# pure-Python one words errors best. So a file is read with libyaml when it has it, and read again
# with the pure-Python parser when that fails, or when the text holds a character only that one
# refuses: every message and line stays the same either way.
_FAST = getattr(yaml, "CBaseLoader", None)
_PY_ONLY = yaml.reader.Reader.NON_PRINTABLE


def _nodes(text: str, shown: str) -> list[yaml.Node]:
    if _FAST is not None and not _PY_ONLY.search(text):
        try:
            _refuse_features(text, shown, _FAST)
            return list(yaml.compose_all(text, Loader=_FAST))
        except yaml.YAMLError:
            pass  # worded below
    _refuse_features(text, shown, yaml.BaseLoader)  # one flat pass over the events: no recursion yet
    return list(yaml.compose_all(text, Loader=yaml.BaseLoader))


def parse_yaml(text: str, path: Path, shown: str) -> tuple[YamlDoc, list[Problem]]:
    try:
        nodes = _nodes(text, shown)
    except yaml.reader.ReaderError as exc:  # raised before any line is known: count them
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise InputError(
            f"control character U+{ord(char):04X} is not allowed in YAML",
            location=Location(shown, line),
            hint="delete it (most editors do not show it); tabs and line breaks are fine",
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError(
            f"YAML syntax error: {_problem(exc)}",
            location=Location(shown, _line(exc)),
            hint="check indentation and quoting; a value containing ': ' or '#' needs quotes",
        ) from None
    except yaml.YAMLError:
        raise InputError("YAML error", location=Location(shown), hint="check the file's syntax") from None
    if len(nodes) > 1:
        raise InputError(
            "file holds several YAML documents ('---')",
            location=Location(shown, nodes[1].start_mark.line + 1),
            hint="keep one document per file",
        )
    doc = YamlDoc(path, shown, None)
    problems: list[Problem] = []
    if nodes and nodes[0] is not None:
        doc.data = _convert(nodes[0], (), doc, problems, set())
    return doc, problems


def _refuse_features(text: str, shown: str, loader: Any) -> None:
    """Anchors, explicit tags (``!!str`` included) and nesting deeper than :data:`MAX_DEPTH`."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1 if event.start_mark else 0
        if getattr(event, "anchor", None) is not None:
            raise InputError(
                "anchors and aliases (&name, *name) are not allowed",
                location=Location(shown, line),
                hint="write the value out in full",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise InputError(
                f"explicit YAML tag {tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed",
                location=Location(shown, line),
                hint="remove the '!tag'; values are typed by the schema",
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(
                    f"nested more than {MAX_DEPTH} levels deep",
                    location=Location(shown, line),
                    hint="a fact store needs a few levels; check for runaway brackets or indentation",
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _unclosed(exc: yaml.MarkedYAMLError) -> bool:
    """An unclosed quote, bracket or brace: the place that matters is where it opens."""
    context = exc.context or ""
    problem = exc.problem or ""
    return exc.context_mark is not None and (
        "end of stream" in problem or "<stream end>" in problem or context.startswith("while parsing a flow")
    )


def _line(exc: yaml.MarkedYAMLError) -> int:
    mark = exc.context_mark if _unclosed(exc) else (exc.problem_mark or exc.context_mark)
    return mark.line + 1 if mark is not None else 0


def _problem(exc: yaml.MarkedYAMLError) -> str:
    if _unclosed(exc) and exc.context:
        what = exc.context.removeprefix("while scanning ").removeprefix("while parsing ").replace("scalar", "value")
        what = what.replace("flow sequence", "list [").replace("flow mapping", "mapping {")
        where = f" (line {exc.problem_mark.line + 1})" if exc.problem_mark is not None else ""
        return f"{what} that opens here is never closed{where}"
    return exc.problem or "invalid YAML"


def _convert(node: yaml.Node, key: Key, doc: YamlDoc, problems: list[Problem], seen: set[int]) -> Any:
    line = node.start_mark.line + 1
    doc.lines.setdefault(key, line)
    if id(node) in seen:  # the composer hands back the same node object for an alias
        raise InputError(
            "anchors and aliases (&name, *name) are not allowed",
            location=Location(doc.shown, line),
            hint="write the value out in full",
        )
    seen.add(id(node))
    if node.tag not in _STANDARD_TAGS:
        raise InputError(
            f"explicit YAML tag {node.tag!r} is not allowed",
            location=Location(doc.shown, line),
            hint="remove the '!tag'; values are typed by the schema",
        )
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in ("", "~"):  # plain style: None (Python parser) or "" (libyaml)
            return None  # an empty value means 'not given'
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, key + (i,), doc, problems, seen) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                raise InputError("a key must be plain text", location=Location(doc.shown, knode.start_mark.line + 1))
            k = knode.value
            if k == "<<":
                raise InputError(
                    "merge keys ('<<') are not allowed",
                    location=Location(doc.shown, knode.start_mark.line + 1),
                    hint="write the values out in full",
                )
            kline = knode.start_mark.line + 1
            if k in out:
                first = doc.lines.get(key + (k,), 0)
                problems.append(
                    Problem(
                        Location(doc.shown, kline),
                        f"duplicate key {k!r} (first defined on line {first})",
                        "remove or rename one of them: the second would silently replace the first",
                        Severity.ERROR,
                        "duplicate-key",
                    )
                )
                continue
            doc.lines[key + (k,)] = kline
            out[k] = _convert(vnode, key + (k,), doc, problems, seen)
            doc.lines[key + (k,)] = kline  # the key's own line, not its value's
        return out
    raise InputError("unsupported YAML node", location=Location(doc.shown, line))  # pragma: no cover


def dump_yaml(data: Any) -> str:
    """Serialise plain data for scaffolding and tests."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
