"""PO contexts (``msgctxt``) of campaign content: one definition for rendering and extraction.

Every translatable field of the fact store is looked up in the campaign catalog under
``<kind>:<id>:<field>``; list items get a 1-based suffix (``body.2``, ``lines.1``). Kinds:
``campaign``, ``sender`` (the campaign id), ``letter``, ``demand``, ``signatory``, ``recipient``,
``fact``.
"""

from __future__ import annotations


def msgctxt(kind: str, rid: str, field: str, index: int | None = None) -> str:
    """Context of one translatable field; ``index`` is 0-based for list items."""
    suffix = f".{index + 1}" if index is not None else ""
    return f"{kind}:{rid}:{field}{suffix}"
