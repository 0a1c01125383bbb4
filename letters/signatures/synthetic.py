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
    "Подписантов",
    "Образцова",
    "Прикладенко",
    "Тестович",
    "Müller-Demo",
    "Ðemo",
    "Vzorová",
    "Exampleová",
    "de la Démonstration",
    "Sample-Van-Der-Placeholder-Longname",
]
COUNTRIES = ["UA", "RU", "DE", "FR", "PL", "LT", "GE", "TR", "GB", "US", "FI", "CZ", "AM", "MD", "KZ", "IL"]
CITIES = ["", "", "Demo City", "Примерск", "Beispielstadt", "Villexemple", "Örnekköy", "Testowo"]
LEVELS = ["full", "full", "full", "initials", "counted", "recipient", ""]
CHANNELS = ["online", "online", "paper", "partner"]
HEADER = ["name", "country", "city", "date", "channel", "display", "email"]


def rows(n: int, seed: int = 1) -> Iterator[list[str]]:
    rnd = random.Random(seed)
    for i in range(n):
        name = f"{rnd.choice(GIVEN)} {rnd.choice(FAMILY)}"
        if i % 97 == 0:
            name += " " + " ".join(rnd.choice(FAMILY) for _ in range(3))  # a long name
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
