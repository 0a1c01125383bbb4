"""Print the tables of docs/forms-of-address.md from letters/data/address/, for every shipped
language: the address block table ("## The address block") and one forms-of-address table per
language (paste them between "## The tables" and "## References"). With --check, print nothing and
exit 1 (naming the tables) when the page does not contain what the data says; tests run it. With
--write, replace the page's language tables (each "### Language (`xx`)" heading and the table under
it) with what the data says.

    python scripts/forms_of_address_table.py [--lang xx ...] [--check | --write]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from babel import Locale

from letters import address

DOC = Path(__file__).resolve().parent.parent / "docs" / "forms-of-address.md"
OFFICE = {
    "excellency": "head of state / government (generic)",
    "secretary-general": "UN Secretary-General",
    "president": "president (state, parliament)",
    "chancellor": "head of government (chancellor)",
    "envoy": "special envoy",
    "head-of-delegation": "delegation head",
    "minister": "minister",
    "ambassador": "ambassador",
    "default": "anyone else / an office",
}


def cell(x: str | None) -> str:
    return (x or "—").replace("|", "\\|")


def name(lang: str) -> str:
    return Locale.parse(lang).get_display_name("en") or lang


def languages(doc: str) -> list[str]:
    """Every shipped language: in the order of the page's tables, then the ones it lacks."""
    shipped = sorted(address.shipped_forms())
    on_page = [x for x in re.findall(r"^### .+ \(`([a-z_A-Z]+)`\)$", doc, re.M) if x in shipped]
    return list(dict.fromkeys(on_page + shipped))


def source_cell(src: str | list[str]) -> str:
    if isinstance(src, list):
        return ", ".join(source_cell(x) for x in src)
    return "**unverified**" if src == "unverified" else f"[{src}](#{src})"


def language_table(lang: str) -> str:
    """The forms of one language: every office in every register (a register the language does not
    ship gets one row saying so; what it prints then is the letter's)."""
    t = address.shipped_forms()[lang]
    out = [f"### {name(lang)} (`{lang}`)\n"]
    out.append("| office | honorific | register | female | male | neutral | closing | needs gender | source |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for register in address.REGISTERS:
        if register == "letter":
            table = t
        elif address.has_register(lang, register):
            table = t["registers"][register]
        else:
            cells = [
                "every office",
                "—",
                register,
                "—",
                "—",
                "not shipped: the letter's forms print, `letters check` warns (`no-register`)",
                "—",
                "—",
                "—",
            ]
            out.append("| " + " | ".join(cells) + " |")
            continue
        out.extend(_rows(lang, register, table))
    return "\n".join(out) + "\n"


def _rows(lang: str, register: str, t: dict) -> list[str]:
    ng = address.needs_gender(lang, register)
    rows = []
    for h in address.HONORIFICS:
        e = t["salutation"].get(h) or t["salutation"].get("default", {})
        if isinstance(e, str):
            e = {"neutral": e}
        named = [f"{k}: {v}" for k, v in e.items() if k.startswith("named-")]
        val = t.get("valediction", {}).get(h) or t.get("valediction", {}).get("default")
        if isinstance(val, dict):
            val = val.get("neutral")
        neu_cell = cell(e.get("neutral")) + (
            " (with a name: " + "; ".join(cell(n) for n in named) + ")" if named else ""
        )
        needs = "yes" if h in ng else "no"
        sources = t.get("sources", {})
        src = sources.get(h) or (sources.get("default", "unverified") if register != "letter" else "unverified")
        cells = [OFFICE[h], f"`{h}`", register, cell(e.get("female")), cell(e.get("male")), neu_cell, cell(val), needs]
        rows.append("| " + " | ".join([*cells, source_cell(src)]) + " |")
    return rows


def block_row(lang: str) -> str:
    """One row of the address block table: what letters prints, from the data."""
    t = address.shipped_forms()[lang]
    case = address.address_case(lang)
    lines = "nominative: name, office" if case == "nominative" else f"**{case}**: `forms: {{{lang}: {{{case}: ...}}}}`"
    prefix = address.address_prefix(lang)
    attention = str(t.get("attention") or address.shipped_forms()["en"]["attention"])
    src = t.get("sources", {}).get("address-block", "unverified")
    cells = [f"{name(lang)} (`{lang}`)", lines, cell(prefix), cell(attention.replace("\u00a0", " "))]
    return "| " + " | ".join([*cells, source_cell(src)]) + " |"


def block_table(langs: list[str]) -> str:
    out = ["| language | recipient lines | line before them | attention line | source |", "|---|---|---|---|---|"]
    return "\n".join(out + [block_row(lang) for lang in langs]) + "\n"


def check(doc: str, langs: list[str]) -> list[str]:
    """What the page lacks or says differently from the data, one entry per table or row."""
    wrong = [f"the table of {lang!r}" for lang in langs if language_table(lang) not in doc]
    return wrong + [f"the address block row of {lang!r}" for lang in langs if block_row(lang) not in doc]


def write(doc: str, langs: list[str]) -> str:
    """``doc`` with each language's table (its heading, a blank line, the table rows) replaced."""
    for lang in langs:
        pattern = re.compile(rf"^### [^\n]+ \(`{re.escape(lang)}`\)\n\n(?:\|[^\n]*\n)+", re.M)
        doc, found = pattern.subn(lambda _m, lang=lang: language_table(lang), doc, count=1)
        if not found:
            raise SystemExit(f"docs/forms-of-address.md has no table for {lang!r}: add its heading first")
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", action="append", help="only this language (repeatable)")
    parser.add_argument("--check", action="store_true", help="compare with docs/forms-of-address.md")
    parser.add_argument("--write", action="store_true", help="rewrite the language tables of the page")
    args = parser.parse_args(argv)
    doc = DOC.read_text(encoding="utf-8")
    langs = args.lang or languages(doc)
    unknown = sorted(set(langs) - set(address.shipped_forms()))
    if unknown:
        parser.error(f"letters ships no address rules for {', '.join(unknown)}")
    if args.check:
        wrong = check(doc, langs)
        for item in wrong:
            print(f"docs/forms-of-address.md: {item} is missing or differs from letters/data/address/", file=sys.stderr)
        return 1 if wrong else 0
    if args.write:
        DOC.write_text(write(doc, langs), encoding="utf-8")
        return 0
    print(block_table(langs))
    print("\n".join(language_table(lang) for lang in langs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
