"""Read a petition PDF back and check it: the embedded entries against the printed and embedded
root, the printed annex against the entries, the annex against the database; proofs for one
signer; and whether a later annex extends an earlier one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import merkle
from .annex import Entry, entries
from .petition import ENTRIES_ATTACHMENT, FORMAT, HEADER_ATTACHMENT, ROOT_KEY
from .store import Store

_SPACE = re.compile(r"[\s\u00a0\u202f\u2009\u200e\u200f\u2068\u2069]+")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@dataclass
class Embedded:
    header: dict[str, Any]
    entries: list[Entry]
    reader: Any

    @property
    def leaves(self) -> list[bytes]:
        return [e.leaf() for e in self.entries]


def read_petition(path: Path) -> Embedded:
    """The header and entries a petition PDF carries; InputError if it is not one."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        attachments = reader.attachments
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}", hint="check the path of the PDF") from None
    except (PdfReadError, ValueError, KeyError) as exc:
        raise InputError(f"{path}: not a readable PDF ({exc})", hint="give the petition PDF letters made") from None
    if HEADER_ATTACHMENT not in attachments or ENTRIES_ATTACHMENT not in attachments:
        raise InputError(
            f"{path}: no annex is embedded in this PDF",
            hint="only petitions made by 'letters signatures build' can be verified",
        )
    try:
        header = json.loads(attachments[HEADER_ATTACHMENT][0])
        lines = attachments[ENTRIES_ATTACHMENT][0].decode("utf-8").splitlines()
        items = [Entry.from_json(json.loads(line)) for line in lines if line.strip()]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: the embedded annex is damaged ({type(exc).__name__})", hint="") from None
    if header.get("format") != FORMAT:
        raise InputError(f"{path}: unknown annex format {header.get('format')!r}", hint="upgrade letters")
    return Embedded(header, items, reader)


@dataclass
class Verification:
    ok: bool
    root: str
    size: int
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    database: str | None = None  # "matches" or a description of the difference


def _squash(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def verify_pdf(path: Path, store: Store | None = None, text_check: bool = True) -> Verification:
    """Recompute the root from the embedded entries and compare it with everything else."""
    emb = read_petition(path)
    leaves = emb.leaves
    computed = merkle.root(leaves).hex()
    claimed = str(emb.header.get("root", ""))
    v = Verification(ok=True, root=computed, size=len(leaves))
    if computed != claimed:
        v.problems.append(f"the embedded entries give root {computed}, the file claims {claimed}")
    if emb.header.get("size") != len(leaves):
        v.problems.append(f"the file claims {emb.header.get('size')} entries, {len(leaves)} are embedded")
    meta = (emb.reader.metadata or {}).get(ROOT_KEY)
    if meta != claimed:
        v.problems.append(f"the PDF metadata gives root {meta!r}, not {claimed}")
    if text_check:
        v.problems += _check_pages(emb, claimed)
    if store is not None:
        v.database = compare_leaves(leaves, [e.leaf() for e in entries(store, bool(emb.header.get("public")))])
    v.ok = not v.problems
    return v


def _check_pages(emb: Embedded, root_hex: str) -> list[str]:
    """The printed root on every page; the printed entries, in order, on the annex pages."""
    problems: list[str] = []
    pages = emb.reader.pages
    want = iter(emb.entries)
    pending: Entry | None = next(want, None)
    for number, page in enumerate(pages, start=1):
        text = _squash(page.extract_text() or "")
        if root_hex not in text.lower():
            problems.append(f"page {number}: the Merkle root {root_hex[:8]}… is not printed on it")
            continue
        pos = 0
        while pending is not None:
            name = _squash(pending.name)
            if not name:
                pending = next(want, None)  # counted, not named
                continue
            end = _find_rtl(text, name, pos) if _RTL.search(name) else _find(text, name, pos)
            if end < 0:
                break
            pos = end
            pending = next(want, None)
        if len(problems) > 20:
            break
    if pending is not None and not problems:
        problems.append(f"the printed annex does not show the entry {pending.name!r} where the list has it")
    return problems


def _find(text: str, name: str, pos: int) -> int:
    found = text.find(name, pos)
    return found + len(name) if found >= 0 else -1


RTL_WINDOW = 240  # characters after the previous name within which a right-to-left name must start


def _find_rtl(text: str, name: str, pos: int) -> int:
    """Where a right-to-left name ends in the page text, or -1. Text extraction gives its words
    (and the parts of a ligature) in no fixed order, so the name is found as the same characters,
    in any order, in a stretch of its length starting soon after the previous entry."""
    want = sorted(name)
    size = len(name)
    for start in range(pos, min(len(text) - size, pos + RTL_WINDOW) + 1):
        if text[start] in name and sorted(text[start : start + size]) == want:
            return start + size
    return -1


def compare_leaves(earlier: list[bytes], later: list[bytes]) -> str:
    """How ``later`` relates to ``earlier``: identical, an extension (checked by an RFC 6962
    consistency proof), or different, with the difference counted."""
    if earlier == later:
        return "matches"
    m, n = len(earlier), len(later)
    if 0 < m < n and later[:m] == earlier:
        proof = merkle.consistency_proof(m, later)
        ok = merkle.verify_consistency(m, n, merkle.root(earlier), merkle.root(later), proof)
        return f"extends it: {n - m} entr{'y' if n - m == 1 else 'ies'} appended" + (
            " (consistency proof verified)" if ok else " (CONSISTENCY PROOF FAILED)"
        )
    if m == 0:
        return f"extends it: {n} entries appended"
    a, b = Counter(earlier), Counter(later)
    gone = sum((a - b).values())
    new = sum((b - a).values())
    return f"differs: {gone} entr{'y' if gone == 1 else 'ies'} removed (withdrawn or invalidated), {new} added"


def compare_pdfs(earlier: Path, later: Path) -> str:
    return compare_leaves(read_petition(earlier).leaves, read_petition(later).leaves)


def make_proof(store: Store, signature_id: str, public: bool = False) -> dict[str, Any]:
    """A private proof for one signer: their entry, its place, and the audit path to the root."""
    from .annex import shown

    row = store.db.execute("SELECT seq FROM signatures WHERE id = ?", (signature_id,)).fetchone()
    if row is None:
        raise InputError(f"no signature with id {signature_id!r}", hint="check the id the signer gave")
    leaves: list[bytes] = []
    index = None
    entry = None
    for r in store.counted():
        if r["seq"] == row[0]:
            index = len(leaves)
            entry = shown(r, public)
        leaves.append(shown(r, public).leaf())
    if index is None or entry is None:
        raise InputError(
            f"signature {signature_id!r} is not counted (a duplicate, withdrawn or invalidated)",
            hint="'letters signatures stats' shows the counts",
        )
    return {
        "format": "letters-signature-proof/1",
        "signature": signature_id,
        "entry": entry.as_json(),
        "index": index,
        "number": index + 1,
        "size": len(leaves),
        "root": merkle.root(leaves).hex(),
        "path": [h.hex() for h in merkle.audit_path(index, leaves)],
        "public": public,
    }


def check_proof(proof: dict[str, Any], root_hex: str | None = None) -> bool:
    """Does the proof lead from its entry to its root (and to ``root_hex``, if given)?"""
    try:
        leaf = Entry.from_json(proof["entry"]).leaf()
        path = [bytes.fromhex(h) for h in proof["path"]]
        root = bytes.fromhex(root_hex or proof["root"])
        if root_hex and root_hex != proof["root"]:
            return False
        return merkle.verify_audit_path(int(proof["index"]), int(proof["size"]), leaf, path, root)
    except (KeyError, ValueError, TypeError):
        return False
