"""letters: multilingual advocacy letters and petitions from a curated fact store.

Pipeline, one module per stage: ``load`` (files → raw data with line numbers) → ``model``
(typed, immutable records) → ``validate`` (every problem at once) → ``plan`` (letter ×
recipient × locale jobs) → ``render`` (Jinja + Babel → HTML string) → ``pdf`` / ``write``
(files and manifest). ``build`` ties the stages together; ``cli`` is the only place that
prints or exits.
"""

__version__ = "0.1.0"
