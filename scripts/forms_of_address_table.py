"""Print the per-language tables of docs/forms-of-address.md from letters/data/address/ (paste them
between "## The tables" and "## References"; tests/test_forms_of_address.py checks they agree)."""

from letters import address

H = address.HONORIFICS
data = address.forms_data()
NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "ru": "Russian",
    "uk": "Ukrainian",
    "tr": "Turkish",
    "ar": "Arabic",
    "he": "Hebrew",
    "nl": "Dutch",
    "da": "Danish",
    "sv": "Swedish",
    "fi": "Finnish",
    "et": "Estonian",
    "hu": "Hungarian",
}
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


out = []
for lang in ["en", "de", "fr", "ru", "uk", "tr", "ar", "he", "nl", "da", "sv", "fi", "et", "hu"]:
    t = data[lang]
    out.append(f"### {NAMES[lang]} (`{lang}`)\n")
    out.append("| office | honorific | female | male | neutral | closing | needs gender | source |")
    out.append("|---|---|---|---|---|---|---|---|")
    ng = address.needs_gender(lang)
    for h in H:
        e = t["salutation"].get(h, {})
        if isinstance(e, str):
            e = {"neutral": e}
        fem = e.get("female")
        male = e.get("male")
        neu = e.get("neutral")
        named = [f"{k}: {v}" for k, v in e.items() if k.startswith("named-")]
        val = t.get("valediction", {}).get(h) or t.get("valediction", {}).get("default")
        if isinstance(val, dict):
            val = val.get("neutral")
        src = t.get("sources", {}).get(h, "unverified")
        src_cell = "**unverified**" if src == "unverified" else f"[{src}](#{src})"
        neu_cell = cell(neu) + (" (with a name: " + "; ".join(cell(n) for n in named) + ")" if named else "")
        needs = "yes" if h in ng else "no"
        cells = [OFFICE[h], f"`{h}`", cell(fem), cell(male), neu_cell, cell(val), needs, src_cell]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
print("\n".join(out))
