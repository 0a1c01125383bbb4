"""Synthetic, plainly fake signatures for the benchmark and the tests (no real person's data).

Names are made of words no one is called ("Demo", "Exampleton", "Тестовый") across Latin,
Cyrillic and accented scripts, some of them very long; every e-mail is at example.org.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

GIVEN = [
    "Demo",
    "Sample",
    "Example",
    "Testy",
    "Placeholder",
    "Фиктивный",
    "Тестовый",
    "Примерный",
    "Вигаданий",
    "Zoë",
    "Élodie-Démo",
    "Jürgen-Test",
    "Çağla Örnek",
    "Łucja Próbna",
    "Ånne Fiktiv",
]
FAMILY = [
    "Signer",
    "Exampleton",
    "Fakeworth",
    "Nobodyson",
    "Müller-Demo",
    "Ðemo",
    "Vzorová",
    "Exampleová",
    "de la Démonstration",
    "Sample-Van-Der-Placeholder-Longname",
]
FAMILY_CYRILLIC = ["Подписантов", "Образцова", "Прикладенко", "Тестович", "Демонстрационный-Длиннофамильный"]
COUNTRIES = ["UA", "RU", "DE", "FR", "PL", "LT", "GE", "TR", "GB", "US", "FI", "CZ", "AM", "MD", "KZ", "IL"]
CITIES = ["", "", "Demo City", "Примерск", "Beispielstadt", "Villexemple", "Örnekköy", "Testowo"]
LEVELS = ["full", "full", "full", "initials", "counted", "recipient", ""]
CHANNELS = ["online", "online", "paper", "partner"]
LATIN_SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "du", "fe", "go", "ha", "ji", "pu", "ze"]
CYRILLIC_SYLLABLES = ["ка", "ло", "ми", "не", "ру", "са", "ти", "во", "бе", "ду", "фе", "го", "ха", "жи", "пу", "зе"]
HEADER = ["name", "country", "city", "date", "channel", "display", "email"]


def tag(i: int, cyrillic: bool) -> str:
    """A made-up word unique to ``i`` ("Kalomi"), so that synthetic signers are distinct people."""
    syllables = CYRILLIC_SYLLABLES if cyrillic else LATIN_SYLLABLES
    out = ""
    while True:
        out += syllables[i % 16]
        i //= 16
        if not i:
            return out.capitalize()


def rows(n: int, seed: int = 1) -> Iterator[list[str]]:
    rnd = random.Random(seed)
    for i in range(n):
        given = rnd.choice(GIVEN)
        cyrillic = given[0] in "ФТПВ"
        family = FAMILY_CYRILLIC if cyrillic else FAMILY
        name = f"{given} {tag(i, cyrillic)}-{rnd.choice(family)}"
        if i % 97 == 0:
            name += " " + " ".join(rnd.choice(family) for _ in range(3))  # a long name
        channel = rnd.choice(CHANNELS)
        email = f"demo{i}@example.org" if channel == "online" else ""
        yield [
            name,
            rnd.choice(COUNTRIES),
            rnd.choice(CITIES),
            f"2025-{7 + i % 5:02d}-{1 + i % 28:02d}",
            channel,
            rnd.choice(LEVELS),
            email,
        ]


def write_csv(path: Path, n: int, seed: int = 1) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows(n, seed))
    return path
