"""Regenerate the toolkit catalog template ``locales/letters.pot`` from the shipped templates and
the strings ``letters`` itself translates (``N_()`` / ``pgettext`` in :mod:`letters.compose`).

Kept here (a test helper, not a CLI) until ``letters i18n extract`` does the same; the test
``tests/test_plurals.py::test_pot_is_in_sync`` fails when the POT is stale. Regenerate with::

    /tmp/venv/bin/python tests/toolkit_pot.py
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "locales" / "letters.pot"
COMMENT_TAGS = ("Translators:",)


def build_catalog() -> Catalog:
    """Every toolkit string with its context, translator comment and source location."""
    from letters import compose

    cat = Catalog(project="letters", version="0.1", copyright_holder="the letters authors",
                  msgid_bugs_address="https://github.com/letters/letters/issues", charset="utf-8",
                  fuzzy=False)
    cat.creation_date = cat.revision_date = cat.creation_date.replace(year=2025, month=7, day=1, hour=0,
                                                                      minute=0, second=0, microsecond=0)
    for tpl in sorted((ROOT / "templates").glob("*.j2")):
        with tpl.open("rb") as fh:
            for lineno, msgid, comments, context in extract(
                "jinja2.ext.babel_extract", fh, keywords=DEFAULT_KEYWORDS, comment_tags=COMMENT_TAGS,
                options={"extensions": "jinja2.ext.i18n", "trimmed": "false"}, strip_comment_tags=True,
            ):
                cat.add(msgid, locations=[(f"templates/{tpl.name}", lineno)], auto_comments=comments,
                        context=context)
    # Strings letters translates from Python: N_() marks them, the context is the table they live in.
    contexts = {m: compose.QUALIFIER_CONTEXT for m in compose.QUALIFIERS.values()}
    contexts |= {m: compose.STATUS_CONTEXT for m in compose.STATUSES.values()}
    src = ROOT / "letters" / "compose.py"
    keywords = {"N_": None, "pgettext": ((1, "c"), 2)}
    with src.open("rb") as fh:
        for lineno, msgid, comments, context in extract("python", fh, keywords=keywords, comment_tags=COMMENT_TAGS,
                                                        strip_comment_tags=True):
            if context is None:
                context = contexts.get(msgid)  # type: ignore[arg-type]
                if context is None:
                    raise ValueError(f"letters/compose.py:{lineno}: {msgid!r} is marked N_() but has no context")
            cat.add(msgid, locations=[("letters/compose.py", lineno)], auto_comments=comments, context=context)
    return cat


def render_pot() -> str:
    buf = io.BytesIO()
    write_po(buf, build_catalog(), width=100, sort_output=False, omit_header=False)
    # Babel writes a "FIRST AUTHOR" line meant for PO files; a template has no author.
    return re.sub(r"^# FIRST AUTHOR.*\n", "", buf.getvalue().decode("utf-8"), flags=re.M)


def main() -> int:
    text = render_pot()
    POT.parent.mkdir(parents=True, exist_ok=True)
    POT.write_text(text, encoding="utf-8")
    print(f"wrote {POT.relative_to(ROOT)} ({text.count('msgid ') - 1} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
