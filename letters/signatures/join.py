"""Join tagged PDF parts (the petition's cover and annex chunks) into one tagged PDF, streaming.

pypdf's ``PdfWriter`` keeps every object of the result in memory and drops the parts' structure
trees. :class:`PdfJoiner` instead copies each part's objects to the output as it reads the part
(renumbered, non-stream objects packed into compressed object streams), so memory is bounded by
one part, and it merges the parts' structure trees: one ``Document`` element whose children are
each part's top-level elements, one parent tree with each part's keys shifted past the previous
part's. The catalog keeps the first part's ``/Lang``, ``/Metadata`` (XMP, PDF/UA identification),
``/Outlines`` and viewer preferences.

The output is a function of the parts and the arguments alone: objects are numbered in the order
they are reached, and ``/ID`` is a hash of the body, so the same parts give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from array import array
from collections.abc import Iterator
from typing import Any, BinaryIO

OBJECTS_PER_STREAM = 200
NUMS_PER_NODE = 256
_CATALOG_KEYS = ("/Lang", "/Metadata", "/Outlines", "/ViewerPreferences", "/PageMode")


class PdfJoiner:
    """Write parts with :meth:`add_part`, attachments with :meth:`attach`, then :meth:`finish`."""

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.pos = 0
        self.digest = hashlib.sha256()
        # cross-reference entries by object number: kind (1 at an offset, 2 in an object stream), a, b
        self.kind, self.field_a, self.field_b = array("B", [0]), array("Q", [0]), array("I", [65535])
        self.pages: list[int] = []
        self.kids: list[int] = []  # top-level structure elements of every part
        self.nums: list[tuple[int, int]] = []  # parent tree: (key, object number of its value)
        self.next_key = 0
        self.role_map: dict[Any, Any] = {}
        self.catalog_extra: dict[Any, Any] = {}
        self.files: list[tuple[str, int]] = []
        self._packed: list[tuple[int, bytes]] = []
        self.catalog, self.pages_root, self.struct_root, self.document = (self.reserve() for _ in range(4))
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    # --- low level --------------------------------------------------------------------------

    def reserve(self) -> int:
        self.kind.append(0)
        self.field_a.append(0)
        self.field_b.append(0)
        return len(self.kind) - 1

    def _write(self, data: bytes) -> None:
        self.fh.write(data)
        self.digest.update(data)
        self.pos += len(data)

    def _direct(self, num: int, body: bytes) -> None:
        self.kind[num], self.field_a[num], self.field_b[num] = 1, self.pos, 0
        self._write(b"%d 0 obj\n%s\nendobj\n" % (num, body))

    def _stream(self, num: int, head: str, data: bytes) -> None:
        """A compressed stream object; ``head`` is the dictionary's content without ``/Length``."""
        packed = zlib.compress(data, 6)
        self._direct(
            num,
            b"<< %s /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (head.encode(), len(packed), packed),
        )

    def _pack(self, num: int, body: bytes) -> None:
        self._packed.append((num, body))
        if len(self._packed) >= OBJECTS_PER_STREAM:
            self._flush_packed()

    def _flush_packed(self) -> None:
        if not self._packed:
            return
        stream_num = self.reserve()
        offsets, bodies, at = [], [], 0
        for i, (num, body) in enumerate(self._packed):
            offsets.append(b"%d %d" % (num, at))
            bodies.append(body)
            at += len(body) + 1
            self.kind[num], self.field_a[num], self.field_b[num] = 2, stream_num, i
        head = b" ".join(offsets) + b"\n"
        self._stream(stream_num, f"/Type /ObjStm /N {len(self._packed)} /First {len(head)}", head + b"\n".join(bodies))
        self._packed = []

    # --- parts ------------------------------------------------------------------------------

    def add_part(self, data: bytes, first: bool = False) -> int:
        """Copy one PDF's pages and structure tree; return its page count. ``first``: also take its
        catalog's language, XMP metadata, outline and viewer preferences."""
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        cat: Any = reader.trailer["/Root"]
        tree: Any = cat.get("/StructTreeRoot")
        special = {n: self.pages_root for n in _page_tree_nodes(cat.raw_get("/Pages"))}
        roots: list[Any] = [p.indirect_reference for p in reader.pages]
        nums: list[tuple[int, Any]] = []
        if tree is not None:
            special[cat.raw_get("/StructTreeRoot").idnum] = self.struct_root
            for doc in _refs(tree.raw_get("/K")):
                special[doc.idnum] = self.document
                roots += list(_refs(doc.get_object().raw_get("/K")))
            nums = list(_number_tree(tree.get("/ParentTree")))
            roots += [v for _, v in nums]
            self.role_map.update(tree.get("/RoleMap") or {})
        extra = {k: cat.raw_get(k) for k in _CATALOG_KEYS if first and k in cat}
        roots += list(extra.values())
        mapping, fresh = self._number(reader, roots, special)
        offset = self.next_key
        for old, new in fresh.items():  # in the order reached, so numbers rise through the file
            self._copy(reader.get_object(old), new, mapping, offset)
        self.pages += [mapping[_ref(p).idnum] for p in reader.pages]
        if tree is not None:
            for doc in _refs(tree.raw_get("/K")):
                self.kids += [mapping[k.idnum] for k in _refs(doc.get_object().raw_get("/K"))]
            for key, value in nums:
                self.nums.append((key + offset, self._value(value, mapping, offset)))
            keys = [k for k, _ in nums]
            self.next_key = max([offset + int(tree.get("/ParentTreeNextKey", 0)), *(offset + k + 1 for k in keys)])
        self.catalog_extra.update({k: _remap(v, mapping, offset) for k, v in extra.items()})
        return len(reader.pages)

    def _number(self, reader: Any, roots: list[Any], special: dict[int, int]) -> tuple[dict[int, int], dict[int, int]]:
        """New object numbers for everything reachable from ``roots``, in the order reached."""
        from pypdf.generic import IndirectObject

        mapping = dict(special)
        fresh: dict[int, int] = {}
        stack = list(reversed(roots))
        while stack:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                if obj.idnum in mapping:
                    continue
                mapping[obj.idnum] = fresh[obj.idnum] = self.reserve()
                obj = reader.get_object(obj.idnum)
            stack.extend(reversed(list(_children(obj))))
        return mapping, fresh

    def _copy(self, obj: Any, num: int, mapping: dict[int, int], offset: int) -> None:
        from pypdf.generic import StreamObject

        body = _serialise(_remap(obj, mapping, offset))
        if isinstance(obj, StreamObject):
            self._direct(num, body)
        else:
            self._pack(num, body)

    def _value(self, value: Any, mapping: dict[int, int], offset: int) -> int:
        from pypdf.generic import IndirectObject

        if isinstance(value, IndirectObject):
            return mapping[value.idnum]
        num = self.reserve()
        self._pack(num, _serialise(_remap(value, mapping, offset)))
        return num

    # --- the end ----------------------------------------------------------------------------

    def attach(self, name: str, data: bytes, description: str) -> None:
        """Embed a file (listed in the catalog's ``/EmbeddedFiles``)."""
        stream, spec = self.reserve(), self.reserve()
        head = f"/Type /EmbeddedFile /Subtype /application#2Foctet-stream /Params << /Size {len(data)} >>"
        self._stream(stream, head, data)
        text = _text(name)
        self._pack(
            spec,
            b"<< /Type /Filespec /F %s /UF %s /Desc %s /EF << /F %d 0 R /UF %d 0 R >> >>"
            % (text, text, _text(description), stream, stream),
        )
        self.files.append((name, spec))

    def finish(self, info: dict[str, str]) -> None:
        """Write the page tree, structure tree, catalog, info and cross-reference stream."""
        n = len(self.pages)
        kids = b" ".join(b"%d 0 R" % p for p in self.pages)
        self._pack(self.pages_root, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (n, kids))
        tree = self._parent_tree()
        role = _serialise(_remap_dict(self.role_map)) if self.role_map else b""
        self._pack(
            self.struct_root,
            b"<< /Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R /ParentTreeNextKey %d%s >>"
            % (self.document, tree, self.next_key, (b" /RoleMap " + role) if role else b""),
        )
        kids = b" ".join(b"%d 0 R" % k for k in self.kids)
        self._pack(self.document, b"<< /Type /StructElem /S /Document /P %d 0 R /K [%s] >>" % (self.struct_root, kids))
        self._pack(self.catalog, self._catalog())
        info_num = self.reserve()
        self._pack(info_num, b"<< %s >>" % b" ".join(_name(k) + b" " + _text(v) for k, v in sorted(info.items())))
        self._flush_packed()
        self._xref(info_num)

    def _catalog(self) -> bytes:
        parts = [b"/Type /Catalog", b"/Pages %d 0 R" % self.pages_root, b"/StructTreeRoot %d 0 R" % self.struct_root]
        parts.append(b"/MarkInfo << /Marked true >>")
        for key in _CATALOG_KEYS:
            if key in self.catalog_extra:
                parts.append(_name(key) + b" " + _serialise(self.catalog_extra[key]))
        if self.files:
            names = b" ".join(_text(name) + b" %d 0 R" % spec for name, spec in sorted(self.files))
            parts.append(b"/Names << /EmbeddedFiles << /Names [%s] >> >>" % names)
        return b"<< " + b" ".join(parts) + b" >>"

    def _parent_tree(self) -> int:
        nums = sorted(self.nums)
        if len(nums) <= NUMS_PER_NODE:
            num = self.reserve()
            self._pack(num, b"<< /Nums [%s] >>" % b" ".join(b"%d %d 0 R" % kv for kv in nums))
            return num
        kids = []
        for i in range(0, len(nums), NUMS_PER_NODE):
            part = nums[i : i + NUMS_PER_NODE]
            num = self.reserve()
            body = b" ".join(b"%d %d 0 R" % kv for kv in part)
            self._pack(num, b"<< /Limits [%d %d] /Nums [%s] >>" % (part[0][0], part[-1][0], body))
            kids.append(num)
        num = self.reserve()
        self._pack(num, b"<< /Kids [%s] >>" % b" ".join(b"%d 0 R" % k for k in kids))
        return num

    def _xref(self, info_num: int) -> None:
        xref = self.reserve()
        self.kind[xref], self.field_a[xref], self.field_b[xref] = 1, self.pos, 0
        rows = b"".join(
            bytes([self.kind[i]]) + self.field_a[i].to_bytes(5, "big") + self.field_b[i].to_bytes(2, "big")
            for i in range(len(self.kind))
        )
        ident = self.digest.hexdigest()[:32]
        head = (
            f"/Type /XRef /Size {len(self.kind)} /W [1 5 2] /Root {self.catalog} 0 R /Info {info_num} 0 R "
            f"/ID [<{ident}> <{ident}>]"
        )
        start = self.pos
        self._stream(xref, head, rows)
        self._write(b"startxref\n%d\n%%%%EOF\n" % start)


def _ref(page: Any) -> Any:
    return page.indirect_reference


def _refs(value: Any) -> Iterator[Any]:
    """The indirect references in ``value`` (one reference, or an array of them)."""
    from pypdf.generic import ArrayObject, IndirectObject

    items = value if isinstance(value, ArrayObject) else [value]
    return (v for v in items if isinstance(v, IndirectObject))


def _page_tree_nodes(ref: Any) -> Iterator[int]:
    stack = [ref]
    while stack:
        ref = stack.pop()
        node = ref.get_object()
        if node.get("/Type") == "/Pages":
            yield ref.idnum
            stack.extend(_refs(node.raw_get("/Kids")))


def _number_tree(node: Any) -> Iterator[tuple[int, Any]]:
    """(key, raw value) pairs of a number tree."""
    if node is None:
        return
    node = node.get_object()
    nums = node.get("/Nums") or []
    for i in range(0, len(nums) - 1, 2):
        yield int(nums[i]), list.__getitem__(nums, i + 1)
    for kid in node.get("/Kids") or []:
        yield from _number_tree(kid)


def _children(obj: Any) -> Iterator[Any]:
    from pypdf.generic import ArrayObject, DictionaryObject

    if isinstance(obj, DictionaryObject):
        yield from dict.values(obj)
    elif isinstance(obj, ArrayObject):
        yield from list.__iter__(obj)


def _remap(obj: Any, mapping: dict[int, int], offset: int) -> Any:
    """A copy of ``obj`` with references renumbered and structure-parent keys shifted by ``offset``."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NullObject, NumberObject, StreamObject

    if isinstance(obj, IndirectObject):
        return IndirectObject(mapping[obj.idnum], 0, None) if obj.idnum in mapping else NullObject()
    if isinstance(obj, DictionaryObject):
        out: Any = obj.__class__()
        if isinstance(obj, StreamObject):
            out._data = obj._data
        for k, v in dict.items(obj):
            if k in ("/StructParents", "/StructParent"):
                out[k] = NumberObject(int(v) + offset)
            else:
                out[k] = _remap(v, mapping, offset)
        return out
    if isinstance(obj, ArrayObject):
        return ArrayObject(_remap(v, mapping, offset) for v in list.__iter__(obj))
    return obj


def _remap_dict(d: dict[Any, Any]) -> Any:
    from pypdf.generic import DictionaryObject

    return DictionaryObject(d)


def _serialise(obj: Any) -> bytes:
    buf = io.BytesIO()
    obj.write_to_stream(buf)
    return buf.getvalue()


def _text(value: str) -> bytes:
    from pypdf.generic import create_string_object

    return _serialise(create_string_object(value))


def _name(key: str) -> bytes:
    from pypdf.generic import NameObject

    return _serialise(NameObject(key))
